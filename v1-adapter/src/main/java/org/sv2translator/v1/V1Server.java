package org.sv2translator.v1;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.LineBasedFrameDecoder;
import io.netty.handler.codec.haproxy.HAProxyMessageDecoder;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.handler.traffic.GlobalTrafficShapingHandler;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Stratum V1 pool endpoint for miners. Each connection gets a {@link V1Session}; the {@link V1Backend} makes
 * every decision. Per connection the pipeline is: idle timeout, line framing ({@code \n} or {@code \r\n}, at most
 * {@link V1ServerConfig#maxLineLength()} bytes, failing fast without buffering a longer line), then the session
 * handler. Abuse (long lines, too many bad requests or invalid shares, slow readers, no handshake in time, too many
 * connections or new connections from one address) closes that connection only, with a WARN naming the remote address
 * and the reason (each kind throttled to about one line a second, so a flood cannot flood the log). Miner-supplied
 * text in logs goes through {@link MinerText#forLog}.
 *
 * <pre>{@code
 * V1Server server = new V1Server(V1ServerConfig.defaults(), backend);
 * InetSocketAddress bound = server.start(new InetSocketAddress(3333), eventLoopGroup);
 * ...
 * server.close();
 * }</pre>
 */
public final class V1Server implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(V1Server.class);
    private static final LogThrottle REFUSAL_LOG = new LogThrottle(1000);
    private static final AtomicLong SESSION_IDS = new AtomicLong();
    private static final LogThrottle ACCEPT_LIMIT_LOG = new LogThrottle(5000);
    private static final LogThrottle RATE_REFUSAL_LOG = new LogThrottle(1000);
    private static final LogThrottle RATE_TABLE_FULL_LOG = new LogThrottle(5000);
    /** Connections the kernel may queue while accepting is paused (Linux caps it at net.core.somaxconn). */
    static final int ACCEPT_BACKLOG = 8192;

    private final V1ServerConfig config;
    private final V1Backend backend;
    private final ConnectionLimiter limiter;
    /** Null when {@link V1ServerConfig#maxConnectionRatePerIp()} is 0. */
    private final ConnectionRateLimiter rateLimiter;
    /** Nanosecond clock for the rate limits (per-address and invalid shares); fixed by tests. */
    private final LongSupplier clock;
    private final AtomicLong rateRefusals = new AtomicLong();
    private final Disconnects disconnects = new Disconnects();
    private final Gate gate = new Gate();
    private final AtomicLong acceptPauses = new AtomicLong();
    private final AtomicLong acceptedTotal = new AtomicLong();
    private EventLoopGroup ownGroup;
    /** Accepting has a thread of its own so that a storm of new connections is drained from the kernel's queue
     * even while the session loops are busy with the miners already in (a full queue drops SYNs: 1 s+ delays). */
    private EventLoopGroup acceptGroup;
    private Channel serverChannel;
    /** Counts bytes of every session (Netty's counter: no shaping, limits 0). */
    private GlobalTrafficShapingHandler traffic;

    public V1Server(V1ServerConfig config, V1Backend backend) {
        this(config, backend, System::nanoTime);
    }

    /** With a clock of the test's choosing for the rate limits (the event loops' timers keep real time). */
    V1Server(V1ServerConfig config, V1Backend backend, LongSupplier nanoClock) {
        this.config = Objects.requireNonNull(config, "config");
        this.backend = Objects.requireNonNull(backend, "backend");
        this.clock = Objects.requireNonNull(nanoClock, "nanoClock");
        this.limiter = new ConnectionLimiter(config.maxConnections(), config.maxConnectionsPerIp());
        // As many addresses as connections: see V1ServerConfig#maxConnectionRatePerIp for why that bound is enough.
        this.rateLimiter = config.maxConnectionRatePerIp() == 0 ? null : new ConnectionRateLimiter(
                config.maxConnectionRatePerIp(), config.effectiveConnectionBurstPerIp(), config.maxConnections());
    }

    /**
     * Binds with an event loop group of its own (Netty's native epoll where it loads, else NIO), shut down by
     * {@link #close()}. Blocks until bound.
     */
    public synchronized InetSocketAddress start(InetSocketAddress bindAddress) {
        ownGroup = Epoll.isAvailable() ? new EpollEventLoopGroup() : new NioEventLoopGroup();
        return start(bindAddress, ownGroup);
    }

    /**
     * Binds on a caller's group (e.g. shared with the upstream connections); {@link #close()} leaves it running.
     * The group's kind decides the transport: an {@link EpollEventLoopGroup} gets epoll sockets, any other NIO ones.
     * Blocks until bound: do not call from an event loop.
     *
     * @return the bound address (useful with port 0)
     */
    public synchronized InetSocketAddress start(InetSocketAddress bindAddress, EventLoopGroup group) {
        if (serverChannel != null) {
            throw new IllegalStateException("already started");
        }
        // Netty binds a channel class to its loop kind: the accept loop and server socket follow the session loops.
        boolean epoll = group instanceof EpollEventLoopGroup;
        acceptGroup = epoll ? new EpollEventLoopGroup(1) : new NioEventLoopGroup(1);
        traffic = new GlobalTrafficShapingHandler(group, 0);
        ServerBootstrap b = new ServerBootstrap()
                .group(acceptGroup, group)
                .channel(epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, ACCEPT_BACKLOG)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.SO_KEEPALIVE, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK,
                        new WriteBufferWaterMark(config.writeBufferLowWaterMark(), config.writeBufferHighWaterMark()))
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        admit(ch);
                    }
                });
        if (config.acceptRate() > 0) {
            b.handler(new AcceptPacer(new TokenBucket(config.acceptRate(), config.acceptBurst())));
        } else {
            b.handler(new AcceptCounter());
        }
        serverChannel = b.bind(bindAddress).syncUninterruptibly().channel();
        InetSocketAddress bound = (InetSocketAddress) serverChannel.localAddress();
        LOG.info("Stratum V1 server listening on {}", bound);
        return bound;
    }

    private void admit(SocketChannel ch) {
        ch.pipeline().addLast("traffic", traffic);
        if (config.proxyProtocol()) {
            // The limits wait for the header: they apply to the miner's address, not the load balancer's.
            ch.pipeline().addLast("proxy-detector", new ProxyProtocolDetector())
                    .addLast("proxy-decoder", new HAProxyMessageDecoder())
                    .addLast("proxy-header", new ProxyHeaderHandler(this::admitFrom));
        } else {
            ch.pipeline().addLast("limits", gate);
        }
        V1Session session = installSession(ch, config, backend, clock, disconnects);
        // Behind a load balancer the TCP peer is the balancer; the miner's address comes with the PROXY header.
        LOG.debug("V1 session {} connected from {}{}", session.id(), ch.remoteAddress(),
                config.proxyProtocol() ? " (the load balancer; the miner's address follows in its PROXY header)" : "");
    }

    /**
     * Applies the connection limits to a miner at {@code remote} (the TCP peer, or the PROXY header's address):
     * open connections in total and per address, then new connections per second from that address. False (and the
     * connection closed) when over one. The address is released again when the connection closes.
     */
    private boolean admitFrom(ChannelHandlerContext ctx, InetSocketAddress remote) {
        InetAddress address = remote.getAddress();
        ConnectionLimiter.Verdict verdict = limiter.tryAcquire(address);
        if (verdict != ConnectionLimiter.Verdict.OK) {
            disconnects.increment(verdict == ConnectionLimiter.Verdict.TOO_MANY_TOTAL
                    ? Disconnects.Reason.CONNECTION_LIMIT : Disconnects.Reason.ADDRESS_LIMIT);
            REFUSAL_LOG.warn(LOG, "refusing V1 connection from {}: {}", remote,
                    verdict == ConnectionLimiter.Verdict.TOO_MANY_TOTAL
                            ? "connection limit of " + config.maxConnections() + " reached"
                            : "limit of " + config.maxConnectionsPerIp() + " connections per address reached");
            refuse(ctx);
            return false;
        }
        if (rateLimiter != null) {
            // Counted first, rate second: only admitted connections spend a token, so a refused retry costs nothing.
            switch (rateLimiter.tryAcquire(address, clock.getAsLong())) {
                case TOO_FAST -> {
                    limiter.release(address);
                    rateRefusals.incrementAndGet();
                    disconnects.increment(Disconnects.Reason.ADDRESS_RATE);
                    RATE_REFUSAL_LOG.warn(LOG, "refusing V1 connection from {}: more than {} new connections per"
                            + " second from this address (burst {})", remote, config.maxConnectionRatePerIp(),
                            config.effectiveConnectionBurstPerIp());
                    refuse(ctx);
                    return false;
                }
                case UNTRACKED -> RATE_TABLE_FULL_LOG.warn(LOG, "admitting V1 connection from {} without a"
                        + " per-address rate check: {} addresses are being tracked already", remote,
                        rateLimiter.maxAddresses());
                case OK -> { }
            }
        }
        // Released once the session handler has told the backend the miner left, not on the close future (which
        // completes before that): an application keying state by connection (the translator's extranonce1 values,
        // one per allowed connection) then never sees more live sessions than the limit allows.
        ctx.pipeline().addLast("release-limits", new ChannelInboundHandlerAdapter() {
            @Override
            public void channelInactive(ChannelHandlerContext c) {
                limiter.release(address);
                c.fireChannelInactive();
            }
        });
        return true;
    }

    private static void refuse(ChannelHandlerContext ctx) {
        ctx.channel().config().setAutoRead(false);
        ctx.close();
    }

    /**
     * Counts connections when they become active and refuses those over a limit before any byte is read. (Closing
     * from {@code initChannel} instead can leave the socket open until the next event on its loop.)
     */
    @ChannelHandler.Sharable
    private final class Gate extends ChannelInboundHandlerAdapter {
        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            if (admitFrom(ctx, (InetSocketAddress) ctx.channel().remoteAddress())) {
                ctx.pipeline().remove(this);
                ctx.fireChannelActive();
            }
        }
    }

    /** Counts accepted connections (no rate limit configured). */
    private final class AcceptCounter extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object child) {
            acceptedTotal.incrementAndGet();
            ctx.fireChannelRead(child);
        }
    }

    /**
     * Sits on the listening channel, before Netty's acceptor: each accepted connection takes a token; when the
     * bucket is empty, accepting pauses (auto-read off) until the next token, and the kernel's backlog holds the
     * miners still knocking. None is refused: a paced farm start-up loses nobody. The bucket and
     * {@code pausedSince} are owned by the listening channel's event loop.
     */
    private final class AcceptPacer extends ChannelInboundHandlerAdapter {
        private final TokenBucket bucket;
        private long pausedSince = -1;

        AcceptPacer(TokenBucket bucket) {
            this.bucket = bucket;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object child) {
            acceptedTotal.incrementAndGet();
            long now = System.nanoTime();
            // This connection is already accepted by the kernel: it goes through. The bucket decides the next ones.
            bucket.tryAcquire(now);
            long wait = bucket.nanosUntilToken(now);
            if (wait > 0 && pausedSince < 0) {
                pausedSince = now;
                acceptPauses.incrementAndGet();
                ctx.channel().config().setAutoRead(false);
                ACCEPT_LIMIT_LOG.warn(LOG, "accept rate limit of {}/s reached after {} connections: miners wait in"
                        + " the backlog and are let in at that pace (raise it with the accept-rate setting)",
                        config.acceptRate(), acceptedTotal.get());
                ctx.executor().schedule(() -> resume(ctx), Math.max(wait, 1_000_000), TimeUnit.NANOSECONDS);
            }
            ctx.fireChannelRead(child);
        }

        private void resume(ChannelHandlerContext ctx) {
            pausedSince = -1;
            if (ctx.channel().isOpen()) {
                ctx.channel().config().setAutoRead(true);
                ctx.channel().read();
            }
        }
    }

    /** Connections refused because their address opened new ones faster than the per-address rate. */
    /** Connections refused or closed because of a limit, by reason. */
    public Disconnects disconnects() {
        return disconnects;
    }

    public long connectionRateRefusals() {
        return rateRefusals.get();
    }

    /** Times accepting was paused by the accept-rate limit. */
    public long acceptPauses() {
        return acceptPauses.get();
    }

    /** Bytes received from miners since start. */
    public long bytesRead() {
        GlobalTrafficShapingHandler t = traffic;
        return t == null ? 0 : t.trafficCounter().cumulativeReadBytes();
    }

    /** Bytes written to miners since start. */
    public long bytesWritten() {
        GlobalTrafficShapingHandler t = traffic;
        return t == null ? 0 : t.trafficCounter().cumulativeWrittenBytes();
    }

    /** Stops accepting new connections (the first step of a graceful shutdown); sessions already open go on. */
    public synchronized void stopAccepting() {
        if (serverChannel != null) {
            serverChannel.close().syncUninterruptibly();
            serverChannel = null;
        }
    }

    /** Connections accepted since start (before the connection limits are applied). */
    public long acceptedConnections() {
        return acceptedTotal.get();
    }

    /**
     * Adds the per-connection handlers to {@code ch}; package-private so tests can drive an EmbeddedChannel.
     * {@code nanoClock} times the invalid-share bucket.
     */
    static V1Session installSession(Channel ch, V1ServerConfig config, V1Backend backend, LongSupplier nanoClock) {
        return installSession(ch, config, backend, nanoClock, new Disconnects());
    }

    static V1Session installSession(Channel ch, V1ServerConfig config, V1Backend backend, LongSupplier nanoClock,
                                    Disconnects disconnects) {
        V1Session session = new V1Session(SESSION_IDS.incrementAndGet(), ch, config);
        session.countDisconnectsIn(disconnects);
        ch.pipeline().addLast("idle", new IdleStateHandler(config.idleTimeout().toNanos(), 0, 0, TimeUnit.NANOSECONDS))
                .addLast("framer", new LineBasedFrameDecoder(config.maxLineLength(), true, true))
                .addLast("session", new V1SessionHandler(session, backend, config, nanoClock));
        return session;
    }

    /** Connections open now. */
    public int connectionCount() {
        return limiter.total();
    }

    public V1ServerConfig config() {
        return config;
    }

    /** Stops listening and closes the event loop group if this server created it. Open sessions of a shared group stay. */
    @Override
    public synchronized void close() {
        stopAccepting();
        if (traffic != null) {
            traffic.release();
            traffic = null;
        }
        if (acceptGroup != null) {
            acceptGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
            acceptGroup = null;
        }
        if (ownGroup != null) {
            ownGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
            ownGroup = null;
        }
    }
}
