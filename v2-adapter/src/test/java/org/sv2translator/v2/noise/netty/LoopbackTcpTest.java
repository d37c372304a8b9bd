package org.sv2translator.v2.noise.netty;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.sv2translator.v2.noise.Bip340;
import org.sv2translator.v2.noise.CertificateVerifier;
import org.sv2translator.v2.noise.NoiseException;
import org.sv2translator.v2.noise.Secp256k1Keys;

/** Initiator and responder over real loopback TCP: a server that echoes every frame, thousands of frames. */
class LoopbackTcpTest {
    private static EventLoopGroup group;
    private static Channel server;

    /** Echoes each decrypted frame back, encrypted again by the transport codec. */
    private static final class Echo extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ctx.write(msg);
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            ctx.flush();
        }
    }

    /** Client-side sink: records frames and the Noise outcome. */
    private static final class Client extends ChannelInboundHandlerAdapter {
        final CompletableFuture<NoiseEvent> outcome = new CompletableFuture<>();
        final List<byte[]> frames = new CopyOnWriteArrayList<>();
        final CountDownLatch received;

        Client(int expected) {
            received = new CountDownLatch(expected);
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof NoiseEvent e) {
                outcome.complete(e);
            }
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            frames.add(Fixtures.bytes((ByteBuf) msg));
            received.countDown();
        }
    }

    @BeforeAll
    static void startServer() throws InterruptedException {
        group = new NioEventLoopGroup(2);
        server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast("noise", Fixtures.responder()).addLast("echo", new Echo());
                    }
                })
                .bind("127.0.0.1", 0).sync().channel();
    }

    @AfterAll
    static void stop() {
        server.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private Channel connect(CertificateVerifier verifier, Client sink) throws InterruptedException {
        return new Bootstrap().group(group).channel(NioSocketChannel.class)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast("noise", Fixtures.initiator(verifier)).addLast("sink", sink);
                    }
                })
                .connect((InetSocketAddress) server.localAddress()).sync().channel();
    }

    @Test
    void thousandsOfFramesEchoedOverTcp() throws Exception {
        List<byte[]> frames = Fixtures.randomFrames(3, 3000);
        Client sink = new Client(frames.size());
        Channel channel = connect(Fixtures.verifierAt(Fixtures.AUTHORITY_PUBLIC, Fixtures.NOW), sink);
        // Written at once, before the handshake can have completed: queued and flushed after it.
        for (byte[] frame : frames) {
            channel.write(Fixtures.wrap(frame));
        }
        channel.flush();
        assertTrue(sink.outcome.get(10, TimeUnit.SECONDS) instanceof NoiseEvent.HandshakeCompleted);
        assertTrue(sink.received.await(30, TimeUnit.SECONDS), "echoes missing: " + sink.received.getCount());
        for (int i = 0; i < frames.size(); i++) {
            assertArrayEquals(frames.get(i), sink.frames.get(i), "frame " + i);
        }
        channel.close().sync();
    }

    @Test
    void wrongAuthorityOverTcpClosesWithoutDelivering() throws Exception {
        Client sink = new Client(1);
        byte[] other = Bip340.publicKey(Secp256k1Keys.newSecretKey());
        Channel channel = connect(Fixtures.verifierAt(other, Fixtures.NOW), sink);
        channel.writeAndFlush(Fixtures.wrap(Fixtures.frame(0, new byte[3])));
        NoiseEvent outcome = sink.outcome.get(10, TimeUnit.SECONDS);
        assertNotNull(outcome);
        assertEquals(NoiseException.Reason.CERTIFICATE_BAD_SIGNATURE, ((NoiseEvent.Failed) outcome).cause().reason());
        channel.closeFuture().await(5, TimeUnit.SECONDS);
        assertTrue(!channel.isOpen());
        assertTrue(sink.frames.isEmpty());
        assertNull(channel.pipeline().get(NoiseTransportCodec.class));
    }
}
