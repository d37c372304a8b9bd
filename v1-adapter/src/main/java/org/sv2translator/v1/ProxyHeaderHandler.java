package org.sv2translator.v1;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.haproxy.HAProxyCommand;
import io.netty.handler.codec.haproxy.HAProxyMessage;
import io.netty.util.AttributeKey;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.util.function.BiPredicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Behind a load balancer speaking the PROXY protocol (v1 or v2, decoded by Netty's HAProxyMessageDecoder ahead of
 * this handler): holds back channelActive until the header has arrived, records the miner's address from it as
 * {@link #REAL_ADDRESS}, applies the connection limits to that address, then lets the session start. The header
 * is the connection's first bytes or the connection is closed; the idle timeout covers one that never comes.
 */
final class ProxyHeaderHandler extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(ProxyHeaderHandler.class);
    private static final LogThrottle REFUSAL_LOG = new LogThrottle(1000);
    /** The miner's address as the load balancer saw it; absent without the PROXY protocol. */
    static final AttributeKey<InetSocketAddress> REAL_ADDRESS = AttributeKey.valueOf("sv2t.v1.realAddress");

    /** Applies the limits to an address; false when the connection was refused (and is being closed). */
    private final BiPredicate<ChannelHandlerContext, InetSocketAddress> admit;

    ProxyHeaderHandler(BiPredicate<ChannelHandlerContext, InetSocketAddress> admit) {
        this.admit = admit;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        // Not yet: the session starts once we know who it is.
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof HAProxyMessage header)) {
            // Bytes behind the header of a connection the limits refused (an admitted one no longer has us).
            ReferenceCountUtil.release(msg);
            return;
        }
        InetSocketAddress real;
        try {
            // LOCAL (the balancer's own health check) and UNKNOWN carry no client address: keep the TCP peer's.
            real = header.command() == HAProxyCommand.PROXY && header.sourceAddress() != null
                    ? new InetSocketAddress(header.sourceAddress(), header.sourcePort())
                    : (InetSocketAddress) ctx.channel().remoteAddress();
        } finally {
            header.release();
        }
        ctx.channel().attr(REAL_ADDRESS).set(real);
        LOG.debug("connection from {} is the miner at {} (PROXY header)", ctx.channel().remoteAddress(), real);
        if (admit.test(ctx, real)) {
            ctx.pipeline().remove(this);
            ctx.fireChannelActive();
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        REFUSAL_LOG.warn(LOG, "closing V1 connection from {}: no valid PROXY protocol header ({})",
                ctx.channel().remoteAddress(), MinerText.forLog(cause.getMessage(), 128));
        ctx.close();
    }
}
