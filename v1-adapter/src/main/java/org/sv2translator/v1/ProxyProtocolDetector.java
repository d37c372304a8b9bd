package org.sv2translator.v1;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.ProtocolDetectionResult;
import io.netty.handler.codec.haproxy.HAProxyMessageDecoder;
import io.netty.handler.codec.haproxy.HAProxyProtocolVersion;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ahead of Netty's HAProxyMessageDecoder: refuses a connection whose first bytes are not a PROXY header at once.
 * The decoder alone would wait for a CRLF within 108 bytes, so a miner sending JSON straight to a port that
 * expects a load balancer would hang until the idle timeout instead of being told no.
 */
final class ProxyProtocolDetector extends ByteToMessageDecoder {
    private static final Logger LOG = LoggerFactory.getLogger(ProxyProtocolDetector.class);
    private static final LogThrottle REFUSAL_LOG = new LogThrottle(1000);

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        ProtocolDetectionResult<HAProxyProtocolVersion> result = HAProxyMessageDecoder.detectProtocol(in);
        switch (result.state()) {
            case NEEDS_MORE_DATA -> { }
            case INVALID -> {
                REFUSAL_LOG.warn(LOG, "closing V1 connection from {}: it did not start with a PROXY protocol header"
                        + " (is a miner connecting directly to a port meant for the load balancer?)",
                        ctx.channel().remoteAddress());
                in.skipBytes(in.readableBytes());
                ctx.close();
            }
            case DETECTED -> ctx.pipeline().remove(this); // the cumulated bytes go on to the decoder
        }
    }
}
