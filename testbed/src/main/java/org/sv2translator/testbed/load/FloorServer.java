package org.sv2translator.testbed.load;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.LineBasedFrameDecoder;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.sv2translator.testbed.pool.TestPool;
import org.sv2translator.v1.V1Codec;
import org.sv2translator.v1.V1Notification;

/**
 * The transport floor: the least a line server on the translator's transport can do. Netty (epoll where it loads,
 * as the translator), one line decoder, every line answered with one fixed {@value #ANSWER_BYTES}-byte line
 * (written on read, flushed once per read batch, as the translator does), and on {@link #trigger()} one
 * {@value #NOTIFY_BYTES}-byte line written to every connection. The answer is a V1 {@code true} and the broadcast
 * a clean-jobs {@code mining.notify} carrying the trigger's wall-clock time where the testbed pool puts its
 * publication time ({@link TestPool#PUBLISHED_AT_MARKER}), so the load generator measures both through the same
 * code as it measures a translator. Whatever a translator costs beyond this is its own.
 */
public final class FloorServer implements AutoCloseable {
    public static final int ANSWER_BYTES = 40;
    public static final int NOTIFY_BYTES = 700;
    private static final int MAX_LINE = 64 * 1024;

    private final EventLoopGroup acceptGroup;
    private final EventLoopGroup group;
    private final ChannelGroup channels = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    private final ByteBuf answer = Unpooled.unreleasableBuffer(Unpooled.directBuffer(ANSWER_BYTES)
            .writeBytes(answerLine()));
    private Channel server;
    private long triggers;

    /** @param threads event loop threads for the connections; 0: Netty's default (two per core) */
    public FloorServer(int threads) {
        boolean epoll = Epoll.isAvailable();
        acceptGroup = epoll ? new EpollEventLoopGroup(1) : new NioEventLoopGroup(1);
        group = epoll ? new EpollEventLoopGroup(threads) : new NioEventLoopGroup(threads);
    }

    public InetSocketAddress start(InetSocketAddress bind) {
        ChannelHandler handler = new Answerer();
        server = new ServerBootstrap().group(acceptGroup, group)
                .channel(group instanceof EpollEventLoopGroup ? EpollServerSocketChannel.class : NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 8192)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        channels.add(ch);
                        ch.pipeline().addLast(new LineBasedFrameDecoder(MAX_LINE), handler);
                    }
                })
                .bind(bind).syncUninterruptibly().channel();
        return (InetSocketAddress) server.localAddress();
    }

    public int connections() {
        return channels.size();
    }

    /** Writes the {@value #NOTIFY_BYTES}-byte notify, stamped with the current time, to every connection. */
    public synchronized void trigger() {
        byte[] line = notifyLine(System.currentTimeMillis(), ++triggers);
        // One buffer for all: the group writes a duplicate to each connection and releases the original.
        channels.writeAndFlush(Unpooled.directBuffer(line.length).writeBytes(line), ch -> true, true);
    }

    @Override
    public void close() {
        if (server != null) {
            server.close().syncUninterruptibly();
        }
        channels.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        acceptGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @ChannelHandler.Sharable
    private final class Answerer extends SimpleChannelInboundHandler<ByteBuf> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, ByteBuf line) {
            ctx.write(answer.duplicate(), ctx.voidPromise());
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            ctx.flush();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }

    /** {@code {"id":1,"result":true,"error":null}}, padded with JSON white space to {@value #ANSWER_BYTES} bytes. */
    static byte[] answerLine() {
        String json = "{\"id\":1,\"result\":true,\"error\":null}";
        return (json.substring(0, json.length() - 1) + " ".repeat(ANSWER_BYTES - 1 - json.length()) + "}\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * A clean-jobs mining.notify of exactly {@value #NOTIFY_BYTES} bytes with the newline: coinb1 holds the pool's
     * publication marker and {@code millis}, the previous-block hash changes with {@code sequence}.
     */
    static byte[] notifyLine(long millis, long sequence) {
        byte[] marker = TestPool.PUBLISHED_AT_MARKER;
        byte[] coinb1 = new byte[42 + marker.length + 8];
        coinb1[0] = 1; // a version-1 transaction's first byte; the rest is zeros, then the marker
        System.arraycopy(marker, 0, coinb1, 42, marker.length);
        for (int i = 0; i < 8; i++) {
            coinb1[42 + marker.length + i] = (byte) (millis >>> (56 - 8 * i));
        }
        byte[] prevHash = new byte[32];
        for (int i = 0; i < 8; i++) {
            prevHash[i] = (byte) (sequence >>> (8 * i));
        }
        List<byte[]> branches = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            byte[] b = new byte[32];
            b[0] = (byte) (i + 1);
            branches.add(b);
        }
        String jobId = Long.toHexString(sequence);
        String base = V1Codec.encodeToString(new V1Notification.Notify(jobId, prevHash, coinb1, new byte[0], branches,
                0x20000000, 0x1d00ffff, (int) (millis / 1000), true));
        String line = base.endsWith("\n") ? base.substring(0, base.length() - 1) : base;
        int missing = NOTIFY_BYTES - 1 - line.length();
        if (missing < 0) {
            throw new IllegalStateException("the floor's notify is already " + line.length() + " bytes");
        }
        // coinb2 grows by whole bytes (two hex digits); an odd byte left over is a space before the closing brace
        byte[] coinb2 = new byte[missing / 2];
        coinb2[0] = (byte) 0xff;
        String padded = V1Codec.encodeToString(new V1Notification.Notify(jobId, prevHash, coinb1, coinb2, branches,
                0x20000000, 0x1d00ffff, (int) (millis / 1000), true));
        padded = padded.endsWith("\n") ? padded.substring(0, padded.length() - 1) : padded;
        padded = padded.substring(0, padded.length() - 1) + " ".repeat(NOTIFY_BYTES - 1 - padded.length()) + "}";
        return (padded + "\n").getBytes(StandardCharsets.US_ASCII);
    }
}
