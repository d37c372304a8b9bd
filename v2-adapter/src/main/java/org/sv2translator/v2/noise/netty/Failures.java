package org.sv2translator.v2.noise.netty;

import io.netty.channel.ChannelHandlerContext;
import org.slf4j.Logger;
import org.sv2translator.v2.noise.NoiseException;

/** The one way the Noise handlers give up on a connection: log, tell the upper layers, close. */
final class Failures {
    private Failures() {
    }

    static void closeWith(ChannelHandlerContext ctx, NoiseException cause, Logger log, String phase) {
        log.warn("Noise {} with {} failed, closing: {}", phase, ctx.channel().remoteAddress(), cause.getMessage());
        ctx.fireUserEventTriggered(new NoiseEvent.Failed(cause));
        ctx.close();
    }
}
