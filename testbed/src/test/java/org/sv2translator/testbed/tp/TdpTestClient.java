package org.sv2translator.testbed.tp;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.net.InetSocketAddress;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.sv2translator.v2.message.NewTemplate;
import org.sv2translator.v2.message.RequestTransactionDataError;
import org.sv2translator.v2.message.RequestTransactionDataSuccess;
import org.sv2translator.v2.message.SetupConnectionError;
import org.sv2translator.v2.message.SetupConnectionSuccess;
import org.sv2translator.v2.message.Sv2Message;
import org.sv2translator.v2.message.Sv2MessageCodec;
import org.sv2translator.v2.message.TemplateDistributionSetNewPrevHash;
import org.sv2translator.v2.noise.AuthorityKey;
import org.sv2translator.v2.noise.CertificateVerifier;
import org.sv2translator.v2.noise.netty.NoiseInitiatorHandler;
import org.sv2translator.v2.role.TemplateDistributionClientDispatcher;
import org.sv2translator.v2.role.TemplateDistributionClientHandler;
import org.sv2translator.v2.wire.FrameHeader;
import org.sv2translator.v2.wire.Sv2FrameDecoder;

/**
 * A minimal Template Distribution client for tests (the part of a pool that talks to a Template Provider): sends
 * records, and queues what the server sends as it comes out of {@link TemplateDistributionClientDispatcher}; anything
 * the dispatcher calls {@code unexpected} is queued too, wrapped, so a test sees it and fails.
 */
final class TdpTestClient implements AutoCloseable {
    /** What {@code unexpected} got. */
    record Unexpected(Sv2Message message) {
    }

    private final EventLoopGroup group = new NioEventLoopGroup(1);
    private final BlockingQueue<Object> inbox = new LinkedBlockingQueue<>();
    private final Channel channel;

    /**
     * Connects through Noise NX pinning {@code authorityPublicKey}, or in the clear when it is null. In the clear, the
     * frame limit is the U24 maximum: RequestTransactionData.Success of thousands of transactions is larger than the
     * decoder's default.
     */
    TdpTestClient(InetSocketAddress server, String authorityPublicKey) throws Exception {
        CertificateVerifier verifier = authorityPublicKey == null ? null
                : new CertificateVerifier(AuthorityKey.decodePublicKey(authorityPublicKey));
        TemplateDistributionClientHandler handler = new TemplateDistributionClientHandler() {
            @Override
            public void unexpected(Sv2Message message) {
                inbox.add(new Unexpected(message));
            }

            @Override
            public void onSetupConnectionSuccess(SetupConnectionSuccess m) {
                inbox.add(m);
            }

            @Override
            public void onSetupConnectionError(SetupConnectionError m) {
                inbox.add(m);
            }

            @Override
            public void onNewTemplate(NewTemplate m) {
                inbox.add(m);
            }

            @Override
            public void onTemplateDistributionSetNewPrevHash(TemplateDistributionSetNewPrevHash m) {
                inbox.add(m);
            }

            @Override
            public void onRequestTransactionDataSuccess(RequestTransactionDataSuccess m) {
                inbox.add(m);
            }

            @Override
            public void onRequestTransactionDataError(RequestTransactionDataError m) {
                inbox.add(m);
            }
        };
        channel = new Bootstrap().group(group).channel(NioSocketChannel.class)
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(verifier != null ? new NoiseInitiatorHandler(verifier)
                                : new Sv2FrameDecoder(FrameHeader.MAX_MSG_LENGTH));
                        ch.pipeline().addLast(new Sv2MessageCodec(), new SimpleChannelInboundHandler<Sv2Message>() {
                            @Override
                            protected void channelRead0(ChannelHandlerContext ctx, Sv2Message msg) {
                                TemplateDistributionClientDispatcher.dispatch(msg, handler);
                            }
                        });
                    }
                }).connect(server).sync().channel();
    }

    void send(Sv2Message message) {
        channel.writeAndFlush(message).syncUninterruptibly();
    }

    /** The next message, which must be of this type; fails after 20 s. */
    <T> T next(Class<T> type) throws InterruptedException {
        Object m = inbox.poll(20, TimeUnit.SECONDS);
        if (!type.isInstance(m)) {
            throw new AssertionError("expected " + type.getSimpleName() + ", got " + m);
        }
        return type.cast(m);
    }

    /** The next message of this type, skipping others (such as template updates); fails after 20 s. */
    <T> T await(Class<T> type) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            Object m = inbox.poll(100, TimeUnit.MILLISECONDS);
            if (m instanceof Unexpected u) {
                throw new AssertionError("unexpected " + u.message());
            }
            if (type.isInstance(m)) {
                return type.cast(m);
            }
        }
        throw new AssertionError("no " + type.getSimpleName() + " within 20 s");
    }

    /** Whether the server closed the connection within 10 s. */
    boolean awaitClosed() throws InterruptedException {
        return channel.closeFuture().await(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        channel.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
