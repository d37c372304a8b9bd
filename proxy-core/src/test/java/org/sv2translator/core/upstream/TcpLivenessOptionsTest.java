package org.sv2translator.core.upstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.socket.SocketChannelConfig;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.sv2translator.testbed.pool.PoolConfig;
import org.sv2translator.testbed.pool.TestPool;
import org.sv2translator.v2.noise.AuthorityKey;

/**
 * The TCP-level check of a silent pool (issue 19): a peer that stops acknowledging (a black-holed route, a
 * powered-off host) is only noticed by the kernel. The pool socket must carry SO_KEEPALIVE with probes scaled to
 * --pool-tcp-timeout and, on epoll, TCP_USER_TIMEOUT. (Dropping ACKs needs privileges a test does not have, so
 * this checks what the kernel is told; the verdict and idle checks are tested end to end in SilentPoolTest.)
 */
class TcpLivenessOptionsTest {
    @Test
    void poolSocketsCarryKeepaliveAndTcpUserTimeoutOnEpoll() throws Exception {
        assumeTrue(Epoll.isAvailable(), "epoll transport not available here");
        EventLoopGroup group = new EpollEventLoopGroup(1);
        try (TestPool pool = new TestPool(PoolConfig.defaults(), null, 1).start(new InetSocketAddress("127.0.0.1", 0))) {
            PoolEndpoint endpoint = new PoolEndpoint(pool.localAddress(),
                    AuthorityKey.decodePublicKey(pool.authorityPublicKey()));
            UpstreamConfig config = UpstreamConfig.of(endpoint)
                    .withLiveness(new Liveness(Duration.ofSeconds(30), Duration.ofSeconds(120), Duration.ofSeconds(12)));
            CompletableFuture<UpstreamConnection> ready = new CompletableFuture<>();
            UpstreamConnection c = new UpstreamConnection(endpoint, config, new UpstreamStats(), new AtomicLong(),
                    new UpstreamConnection.Events() {
                        @Override
                        public void onReady(UpstreamConnection connection) {
                            ready.complete(connection);
                        }

                        @Override
                        public void onReconnectRequested(UpstreamConnection connection, PoolEndpoint target) {
                        }

                        @Override
                        public void onClosed(UpstreamConnection connection, String reason) {
                            ready.completeExceptionally(new IOException(reason));
                        }
                    });
            EventLoop loop = group.next();
            loop.execute(() -> c.connect(group, loop, Runnable::run));
            ready.get(10, TimeUnit.SECONDS);
            SocketChannelConfig socket = (SocketChannelConfig) c.channel().config();
            assertEquals(true, socket.getOption(ChannelOption.SO_KEEPALIVE));
            assertEquals(12_000, socket.getOption(EpollChannelOption.TCP_USER_TIMEOUT));
            assertEquals(6, socket.getOption(EpollChannelOption.TCP_KEEPIDLE), "probes after half the timeout");
            assertEquals(2, socket.getOption(EpollChannelOption.TCP_KEEPINTVL));
            assertEquals(3, socket.getOption(EpollChannelOption.TCP_KEEPCNT));
            c.close();
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }
}
