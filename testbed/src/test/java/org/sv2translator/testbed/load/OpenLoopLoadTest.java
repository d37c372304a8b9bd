package org.sv2translator.testbed.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.LineBasedFrameDecoder;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Counts and lower bounds only: no timed assertion that a loaded machine could break. */
class OpenLoopLoadTest {
    private static LoadConfig config(InetSocketAddress target, int miners, double rate) {
        return LoadConfig.defaults(target).withFloor(true).withMiners(miners).withRate(rate)
                .withTiming(Duration.ofMillis(500), Duration.ofSeconds(2), Duration.ofSeconds(1));
    }

    @Test
    void againstTheFloorEveryScheduledShareIsSentAndAnswered() throws Exception {
        try (FloorServer floor = new FloorServer(1)) {
            InetSocketAddress at = floor.start(new InetSocketAddress("127.0.0.1", 0));
            try (OpenLoopLoad load = new OpenLoopLoad(config(at, 20, 400).withMeasuredPid(ProcessHandle.current().pid()))
                    .start()) {
                assertEquals(20, load.awaitWorking(10, TimeUnit.SECONDS));
                Thread trigger = new Thread(() -> {
                    try {
                        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                        while (!load.inWindow() && System.nanoTime() < deadline) {
                            Thread.sleep(5); // polling for the window to open, then one trigger inside it
                        }
                        floor.trigger();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
                trigger.start();
                LoadReport r = load.measure();
                trigger.join();
                // 400/s for 2 s, evenly: 800 slots, give or take the window's edges
                assertTrue(Math.abs(r.scheduled() - 800) <= 21, "scheduled " + r.scheduled());
                assertEquals(r.scheduled(), r.sent() + r.shortfall());
                assertEquals(r.sent(), r.answered(), "every share sent is answered by the floor");
                assertEquals(r.answered(), r.accepted());
                assertEquals(0, r.unanswered());
                assertEquals(r.answered(), r.submitMs().count());
                assertEquals(20, r.fanoutMs().count(), "one notify per connection");
                assertEquals(1, r.fanoutTriggers());
                assertTrue(r.targetCpuSeconds() >= 0);
            }
        }
    }

    @Test
    void handBuiltSubmitLinesAreWhatTheCodecWrites() {
        byte[] e2 = {0, 1, (byte) 0xab, (byte) 0xff};
        for (boolean rolled : new boolean[] {false, true}) {
            String expected = org.sv2translator.v1.V1Codec.encodeToString(new org.sv2translator.v1.V1Request.Submit(
                    org.sv2translator.v1.RequestId.of(0), "bench.7", "1a2b", e2, 0x5f00ff01, 0x0000abcd, rolled, 0x1fffe000));
            String head = OpenLoopLoad.submitHead("bench.7", "1a2b", e2, 0x5f00ff01);
            String rest = new String(OpenLoopLoad.submitRest(head, 0x0000abcd, rolled, 0x1fffe000),
                    java.nio.charset.StandardCharsets.US_ASCII);
            assertEquals(expected + "\n", OpenLoopLoad.ID_ZERO + rest);
        }
        // a name the hand-built path would have to escape goes through the codec
        String head = OpenLoopLoad.submitHead("we\"ird", "j", e2, 1);
        assertTrue(head.contains("we\\\"ird"), head);
    }

    @Test
    void latencyCountsFromTheScheduledTime() throws Exception {
        EventLoopGroup group = new NioEventLoopGroup(1);
        try {
            byte[] answer = FloorServer.answerLine();
            Channel server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                    .childHandler(new ChannelInitializer<Channel>() {
                        @Override
                        protected void initChannel(Channel ch) {
                            ch.pipeline().addLast(new LineBasedFrameDecoder(65536), new SimpleChannelInboundHandler<ByteBuf>() {
                                @Override
                                protected void channelRead0(ChannelHandlerContext ctx, ByteBuf msg) {
                                    // every answer 50 ms late
                                    ctx.executor().schedule(() -> ctx.writeAndFlush(Unpooled.wrappedBuffer(answer)),
                                            50, TimeUnit.MILLISECONDS);
                                }
                            });
                        }
                    }).bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
            try (OpenLoopLoad load = new OpenLoopLoad(config((InetSocketAddress) server.localAddress(), 5, 100)).start()) {
                assertEquals(5, load.awaitWorking(10, TimeUnit.SECONDS));
                LoadReport r = load.measure();
                assertTrue(r.answered() > 100, "answered " + r.answered());
                assertTrue(r.submitMs().p50() >= 50, "p50 " + r.submitMs().p50());
                assertTrue(r.submitMs().p50() >= r.sendLagMs().p50());
            }
            server.close().sync();
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
    }

    @Test
    void sharesNeverPreparedAreAShortfall() throws Exception {
        try (FloorServer floor = new FloorServer(1)) {
            InetSocketAddress at = floor.start(new InetSocketAddress("127.0.0.1", 0));
            // no thread prepares shares: every slot stays owed
            try (OpenLoopLoad load = new OpenLoopLoad(config(at, 10, 200).withThreads(1, 0)).start()) {
                assertEquals(10, load.awaitWorking(10, TimeUnit.SECONDS));
                LoadReport r = load.measure();
                assertTrue(r.scheduled() > 300, "scheduled " + r.scheduled());
                assertEquals(0, r.sent());
                assertEquals(r.scheduled(), r.shortfall());
                assertEquals(0, r.answered());
            }
        }
    }
}
