package org.sv2translator.testbed.pool;

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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.sv2translator.v2.message.Sv2Message;
import org.sv2translator.v2.message.Sv2MessageCodec;
import org.sv2translator.v2.noise.AuthorityKey;
import org.sv2translator.v2.noise.CertificateVerifier;
import org.sv2translator.v2.noise.NoiseException;
import org.sv2translator.v2.noise.netty.NoiseEvent;
import org.sv2translator.v2.noise.netty.NoiseInitiatorHandler;

/** A bare SV2 client for tests: sends records, queues what arrives. */
final class Sv2TestClient implements AutoCloseable {
    private final EventLoopGroup group = new NioEventLoopGroup(1);
    private final BlockingQueue<Sv2Message> inbox = new LinkedBlockingQueue<>();
    private final Channel channel;
    private final CompletableFuture<NoiseException> handshakeFailure = new CompletableFuture<>();

    /** Connects through Noise NX, pinning the pool's authority key. */
    Sv2TestClient(InetSocketAddress pool, String authorityPublicKey) throws Exception {
        CertificateVerifier verifier = new CertificateVerifier(AuthorityKey.decodePublicKey(authorityPublicKey));
        channel = new Bootstrap().group(group).channel(NioSocketChannel.class)
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(new NoiseInitiatorHandler(verifier));
                        ch.pipeline().addLast(new Sv2MessageCodec(), new SimpleChannelInboundHandler<Sv2Message>() {
                            @Override
                            protected void channelRead0(ChannelHandlerContext ctx, Sv2Message msg) {
                                inbox.add(msg);
                            }

                            @Override
                            public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
                                if (evt instanceof NoiseEvent.Failed failed) {
                                    handshakeFailure.complete(failed.cause());
                                }
                                ctx.fireUserEventTriggered(evt);
                            }
                        });
                    }
                }).connect(pool).sync().channel();
    }

    void send(Sv2Message message) {
        channel.writeAndFlush(message).syncUninterruptibly();
    }

    /** The next message of this type, skipping others (such as job updates); fails after 10 s. */
    <T extends Sv2Message> T await(Class<T> type) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            Sv2Message m = inbox.poll(100, TimeUnit.MILLISECONDS);
            if (type.isInstance(m)) {
                return type.cast(m);
            }
        }
        throw new AssertionError("no " + type.getSimpleName() + " within 10 s");
    }

    /** Why the Noise handshake failed; fails the test if it has not failed within 10 s. */
    NoiseException awaitHandshakeFailure() throws Exception {
        return handshakeFailure.get(10, TimeUnit.SECONDS);
    }

    boolean isOpen() {
        return channel.isActive();
    }

    @Override
    public void close() {
        channel.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
