package org.sv2translator.core.upstream;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.EventLoop;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.resolver.NoopAddressResolverGroup;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sv2translator.core.Transport;
import org.sv2translator.v1.MinerText;
import org.sv2translator.v2.message.ChannelEndpointChanged;
import org.sv2translator.v2.message.ChannelMessage;
import org.sv2translator.v2.message.CloseChannel;
import org.sv2translator.v2.message.NewExtendedMiningJob;
import org.sv2translator.v2.message.OpenExtendedMiningChannel;
import org.sv2translator.v2.message.OpenExtendedMiningChannelSuccess;
import org.sv2translator.v2.message.OpenMiningChannelError;
import org.sv2translator.v2.message.Reconnect;
import org.sv2translator.v2.message.RequestExtensions;
import org.sv2translator.v2.message.RequestExtensionsError;
import org.sv2translator.v2.message.RequestExtensionsSuccess;
import org.sv2translator.v2.message.SetExtranoncePrefix;
import org.sv2translator.v2.message.SetGroupChannel;
import org.sv2translator.v2.message.SetNewPrevHash;
import org.sv2translator.v2.message.SetTarget;
import org.sv2translator.v2.message.SetupConnection;
import org.sv2translator.v2.message.SetupConnectionError;
import org.sv2translator.v2.message.SetupConnectionSuccess;
import org.sv2translator.v2.message.SubmitSharesError;
import org.sv2translator.v2.message.SubmitSharesSuccess;
import org.sv2translator.v2.message.Sv2Message;
import org.sv2translator.v2.message.Sv2MessageCodec;
import org.sv2translator.v2.message.Tlv;
import org.sv2translator.v2.message.UpdateChannelError;
import org.sv2translator.v2.noise.CertificateVerifier;
import org.sv2translator.v2.noise.netty.NoiseEvent;
import org.sv2translator.v2.noise.netty.NoiseInitiatorHandler;
import org.sv2translator.v2.role.MiningClientDispatcher;
import org.sv2translator.v2.role.MiningClientHandler;
import org.sv2translator.v2.wire.U256;

/**
 * One Noise-encrypted SV2 connection to a pool: handshake pinning the pool's authority key, SetupConnection, the
 * optional extension negotiation (0x0002, worker tracking), then any number of extended channels multiplexed on
 * it, each an {@link UpstreamChannel}. Messages for a group channel are fanned out to its member channels.
 *
 * <p>Everything here runs on the connection's event loop; {@link #openChannel} may be called from any thread.
 * The connection tells its owner (the {@link UpstreamSupervisor}) when it is ready, when the pool asks to
 * reconnect elsewhere, and when it is gone.
 */
public final class UpstreamConnection {
    private static final Logger log = LoggerFactory.getLogger(UpstreamConnection.class);
    /** Channels on one connection: one per miner in per-miner mode, so bounded like the miner connections. */
    public static final int MAX_CHANNELS = 100_000;
    /** How long setup (handshake to SetupConnection.Success and extension answer) may take. */
    static final long SETUP_TIMEOUT_SECONDS = 15;
    static final String VENDOR = "sv2-translator";
    static final String FIRMWARE = "sv2-translator 0.1.0";

    /** What the connection tells its owner, on the connection's event loop. */
    interface Events {
        void onReady(UpstreamConnection connection);

        void onReconnectRequested(UpstreamConnection connection, PoolEndpoint target);

        /** Once, whether or not it was ever ready; every share still awaiting a verdict is counted lost. */
        void onClosed(UpstreamConnection connection, String reason);
    }

    private final PoolEndpoint pool;
    private final UpstreamConfig config;
    private final UpstreamStats stats;
    private final AtomicLong jobIds;
    private final Events events;
    private final Map<Integer, UpstreamChannel> opening = new HashMap<>(); // by request_id
    private final Map<Integer, UpstreamChannel> channels = new HashMap<>(); // by channel_id
    /** Channels closed by their owner with shares still awaiting a verdict (by channel_id via {@link #closed}). */
    private final List<UpstreamChannel> closing = new ArrayList<>();
    // Owned by the loop (the supervisor's: the upstream group has one), like everything mutable here; channel is
    // volatile because openChannel and UpstreamChannel read it from other threads.
    /** Null until the host name is looked up; then the socket, for good. */
    private volatile Channel channel;
    private EventLoop loop;
    private ScheduledFuture<?> setupTimeout;
    private ScheduledFuture<?> verdictCheck;
    private int nextRequestId = 1;
    private volatile boolean ready;
    private volatile boolean fixedVersion;
    private volatile boolean workerTracking;
    private boolean closedReported;
    private volatile boolean endedSilent;

    UpstreamConnection(PoolEndpoint pool, UpstreamConfig config, UpstreamStats stats, AtomicLong jobIds,
                       Events events) {
        this.pool = pool;
        this.config = config;
        this.stats = stats;
        this.jobIds = jobIds;
        this.events = events;
    }

    /**
     * Looks the pool's host name up on {@code lookups} (never on the loop: a hung lookup must not stall the pool in
     * use), then connects and sets up on {@code loop}; {@code Events} hear of readiness or failure. The setup
     * timeout covers the lookup too. Called on {@code loop}.
     */
    void connect(EventLoopGroup group, EventLoop loop, Executor lookups) {
        this.loop = loop;
        setupTimeout = loop.schedule(() -> {
            if (!ready) {
                silent("setup timeout", "no setup within " + SETUP_TIMEOUT_SECONDS + " s");
            }
        }, SETUP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        InetSocketAddress address = pool.address();
        if (!address.isUnresolved()) {
            connectTo(group, address);
            return;
        }
        CompletableFuture.supplyAsync(() -> {
            try {
                return new InetSocketAddress(config.resolver().resolve(address.getHostString()), address.getPort());
            } catch (UnknownHostException e) {
                throw new CompletionException(e);
            }
        }, lookups).whenComplete((resolved, failure) -> loop.execute(() -> {
            if (closedReported) {
                return; // given up on (closed, or the setup timeout) while the lookup ran
            }
            if (failure != null) {
                Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                        ? failure.getCause() : failure;
                reportClosed("cannot resolve " + address.getHostString() + ": " + cause);
            } else {
                connectTo(group, resolved);
            }
        }));
    }

    private void connectTo(EventLoopGroup group, InetSocketAddress address) {
        CertificateVerifier verifier = new CertificateVerifier(pool.authorityKey());
        Liveness liveness = config.liveness();
        Bootstrap b = new Bootstrap().group(loop).channel(Transport.socketChannelFor(group))
                // Resolved already, off the loop: make sure Netty never looks anything up here.
                .resolver(NoopAddressResolverGroup.INSTANCE)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 10_000);
        int tcpSeconds = (int) liveness.tcpUserTimeout().toSeconds();
        if (tcpSeconds > 0) {
            // Keepalive probes after half the timeout, then three more, one a sixth of it apart: a peer that stops
            // acknowledging is dropped after about the timeout even with nothing to send.
            int idle = Math.max(1, tcpSeconds / 2);
            int interval = Math.max(1, tcpSeconds / 6);
            b.option(ChannelOption.SO_KEEPALIVE, true);
            if (group instanceof EpollEventLoopGroup) {
                b.option(EpollChannelOption.TCP_KEEPIDLE, idle).option(EpollChannelOption.TCP_KEEPINTVL, interval)
                        .option(EpollChannelOption.TCP_KEEPCNT, 3)
                        // Data we sent unacknowledged this long (a share, an UpdateChannel): the kernel ends it.
                        .option(EpollChannelOption.TCP_USER_TIMEOUT, tcpSeconds * 1000);
            }
        }
        ChannelFuture f = b.handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(stats.traffic(group));
                        long idleMillis = liveness.idleTimeout().toMillis();
                        if (idleMillis > 0) {
                            ch.pipeline().addLast(new IdleStateHandler(idleMillis, 0, 0, TimeUnit.MILLISECONDS));
                        }
                        ch.pipeline().addLast(new NoiseInitiatorHandler(verifier), new Sv2MessageCodec(),
                                new Handler());
                    }
                }).connect(address);
        channel = f.channel();
        f.addListener(done -> {
            if (!done.isSuccess()) {
                reportClosed("cannot connect: " + done.cause().getMessage());
            }
        });
        long verdictMillis = liveness.verdictTimeout().toMillis();
        if (verdictMillis > 0) {
            long every = Math.min(1000, Math.max(10, verdictMillis / 4));
            verdictCheck = loop.scheduleAtFixedRate(() -> checkVerdicts(verdictMillis), every, every,
                    TimeUnit.MILLISECONDS);
        }
    }

    /** A share sent longer ago than the verdict timeout and still unanswered: the pool is not judging shares. */
    private void checkVerdicts(long timeoutMillis) {
        long now = System.nanoTime();
        List<UpstreamChannel> all = new ArrayList<>(channels.values());
        all.addAll(closing); // closed by us, verdicts still due: a pool that stops answering them is silent too
        for (UpstreamChannel c : all) {
            long oldest = c.oldestPendingNanos();
            if (oldest != Long.MIN_VALUE && now - oldest > TimeUnit.MILLISECONDS.toNanos(timeoutMillis)) {
                silent("verdict timeout", "no verdict on a share for " + TimeUnit.NANOSECONDS.toMillis(now - oldest) + " ms (verdict"
                        + " timeout " + timeoutMillis + " ms)");
                return;
            }
        }
    }

    /** Leaves a pool that stopped talking; the supervisor moves on as after any loss. */
    private void silent(String check, String detail) {
        if (closedReported) {
            return;
        }
        endedSilent = true;
        stats.countError("Silent pool", check);
        log.error("pool {} is silent ({}): {}; leaving it", pool, check, detail);
        reportClosed("silent (" + check + "): " + detail);
        close();
    }

    public PoolEndpoint pool() {
        return pool;
    }

    /** It ended because the pool stopped answering (a liveness check or the setup timeout), not by a close. */
    boolean endedSilent() {
        return endedSilent;
    }

    /** Set up and able to open channels. */
    public boolean isReady() {
        Channel ch = channel;
        return ready && ch != null && ch.isActive();
    }

    /** False when the pool said REQUIRES_FIXED_VERSION: no job may be version-rolled. */
    public boolean versionRollingAllowed() {
        return !fixedVersion;
    }

    /** Whether the pool accepted extension 0x0002: shares carry their worker's user_identity. */
    public boolean workerTracking() {
        return workerTracking;
    }

    /**
     * Opens an extended channel (from any thread). {@code downstreamBytes} is what the miners fill of its
     * extranonce (extranonce1 + extranonce2), asked as min_extranonce_size. The listener hears of the outcome.
     */
    public UpstreamChannel openChannel(String userIdentity, float nominalHashrate, int downstreamBytes,
                                       ChannelListener listener) {
        UpstreamChannel c = new UpstreamChannel(this, userIdentity, downstreamBytes, listener);
        channel.eventLoop().execute(() -> {
            if (!isReady()) {
                c.lost("pool connection to " + pool + " is not ready");
            } else if (opening.size() + channels.size() >= MAX_CHANNELS) {
                c.lost("too many channels on one connection (" + MAX_CHANNELS + ")");
            } else {
                int requestId = nextRequestId++;
                opening.put(requestId, c);
                channel.writeAndFlush(new OpenExtendedMiningChannel(requestId, userIdentity, nominalHashrate,
                        U256.MAX, downstreamBytes), channel.voidPromise());
            }
        });
        return c;
    }

    /** Closes the connection; channels are told they are lost (unless closed by their owner). */
    public void close() {
        if (channel != null) {
            channel.close();
        } else if (loop != null) {
            // Still looking the host up (or not started): nothing to close but the attempt itself.
            loop.execute(() -> {
                if (channel == null) {
                    reportClosed("closed before connecting");
                } else {
                    channel.close();
                }
            });
        }
    }

    Channel channel() {
        return channel;
    }

    boolean isActive() {
        return channel != null && channel.isActive();
    }

    UpstreamStats stats() {
        return stats;
    }

    AtomicLong jobIds() {
        return jobIds;
    }

    /**
     * A channel its owner closed. While shares sent on it await their verdict it stays reachable for them (a
     * pool answers shares sent before CloseChannel); what is still unanswered when the connection ends is lost.
     */
    void forget(UpstreamChannel c) {
        // One still waiting for the pool's answer stays in `opening`: when its Success comes the channel is closed
        // at once, so a miner that left early leaves no channel open at the pool (sv2-apps#620).
        if (channels.remove(c.channelId(), c) && c.hasPending()) {
            closing.add(c);
        }
    }

    /** A closed channel's last verdict came. */
    void settled(UpstreamChannel c) {
        closing.remove(c);
    }

    /** Open channels on this connection (upstream loop, or approximate elsewhere). */
    public int channelCount() {
        return channels.size();
    }

    private void reportClosed(String reason) {
        if (closedReported) {
            return;
        }
        closedReported = true;
        ready = false;
        if (setupTimeout != null) {
            setupTimeout.cancel(false);
        }
        if (verdictCheck != null) {
            verdictCheck.cancel(false);
        }
        List<UpstreamChannel> all = new ArrayList<>(channels.values());
        all.addAll(opening.values());
        channels.clear();
        opening.clear();
        for (UpstreamChannel c : all) {
            c.lost(reason);
        }
        for (UpstreamChannel c : closing) {
            c.drainLost();
        }
        closing.clear();
        events.onClosed(this, reason);
    }

    private void onReady() {
        ready = true;
        setupTimeout.cancel(false);
        stats.connections.increment();
        events.onReady(this);
    }

    /**
     * Lives in the pipeline; everything here runs on the connection's event loop. Each message the pool sends
     * reaches its method through {@link MiningClientDispatcher}.
     */
    private final class Handler extends SimpleChannelInboundHandler<Sv2Message> implements MiningClientHandler {
        private ChannelHandlerContext ctx;

        @Override
        public void handlerAdded(ChannelHandlerContext ctx) {
            this.ctx = ctx;
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof NoiseEvent.HandshakeCompleted) {
                var remote = pool.address();
                ctx.writeAndFlush(new SetupConnection(SetupConnection.PROTOCOL_MINING, 2, 2,
                        config.requireVersionRolling() ? SetupConnection.REQUIRES_VERSION_ROLLING : 0,
                        remote.getHostString(), remote.getPort(), VENDOR, "", FIRMWARE, ""));
            } else if (evt instanceof IdleStateEvent) {
                silent("idle timeout", "no message for " + config.liveness().idleTimeout().toMillis() + " ms (idle timeout)");
            } else if (evt instanceof NoiseEvent.Failed failed) {
                stats.countError("Noise handshake", failed.cause().reason().name());
                log.error("pool {}: Noise handshake failed ({}): {}", pool, failed.cause().reason(),
                        failed.cause().getMessage());
                reportClosed("Noise handshake failed: " + failed.cause().getMessage());
            }
            ctx.fireUserEventTriggered(evt);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            reportClosed("connection closed");
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            String message = String.valueOf(cause.getMessage());
            if (message.contains("timed out")) {
                // ETIMEDOUT on an open connection: TCP_USER_TIMEOUT or the keepalive probes went unanswered.
                silent("tcp timeout", "the pool stopped acknowledging (keepalive / TCP_USER_TIMEOUT " + config.liveness()
                        .tcpUserTimeout().toSeconds() + " s): " + message);
                return;
            }
            log.warn("pool {}: {}; closing", pool, cause.toString());
            reportClosed("error: " + cause.getMessage());
            ctx.close();
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, Sv2Message msg) {
            MiningClientDispatcher.dispatch(msg, this);
        }

        @Override
        public void onSetupConnectionSuccess(SetupConnectionSuccess ok) {
            fixedVersion = ok.requiresFixedVersion();
            if (config.workerTracking()) {
                requestExtensions();
            } else {
                onReady();
            }
        }

        @Override
        public void onSetupConnectionError(SetupConnectionError e) {
            stats.countError("SetupConnection.Error", e.errorCode());
            log.error("pool {} refused SetupConnection: {} (flags {})", pool, e.errorCode(), e.flags());
            reportClosed("SetupConnection refused: " + e.errorCode());
            ctx.close();
        }

        @Override
        public void onRequestExtensionsSuccess(RequestExtensionsSuccess s) {
            workerTracking = s.supportedExtensions().contains(Tlv.WORKER_HASHRATE_TRACKING);
            log.info("pool {} {} worker tracking (extension 0x0002)", pool,
                    workerTracking ? "accepted" : "did not accept");
            if (!ready) {
                onReady();
            }
        }

        @Override
        public void onRequestExtensionsError(RequestExtensionsError e) {
            workerTracking = false;
            stats.countError("RequestExtensions.Error", "unsupported " + e.unsupportedExtensions());
            log.warn("pool {} refused extensions {} (requires {}); going on without worker tracking", pool,
                    e.unsupportedExtensions(), e.requiredExtensions());
            if (!ready) {
                onReady();
            }
        }

        @Override
        public void onOpenExtendedMiningChannelSuccess(OpenExtendedMiningChannelSuccess s) {
            UpstreamChannel c = opening.remove(s.requestId());
            if (c != null && c.isClosed()) {
                ctx.writeAndFlush(new CloseChannel(s.channelId(), "the miner left before the channel opened"),
                        ctx.voidPromise());
            } else if (c != null) {
                for (UpstreamChannel old : new ArrayList<>(closing)) {
                    if (old.channelId() == s.channelId()) {
                        old.drainLost(); // the pool reuses the id: what it did not answer, it never will
                    }
                }
                channels.put(s.channelId(), c);
                c.onOpened(s);
            }
        }

        @Override
        public void onOpenMiningChannelError(OpenMiningChannelError e) {
            stats.countError("OpenMiningChannel.Error", e.errorCode());
            UpstreamChannel c = opening.remove(e.requestId());
            if (c != null) {
                log.error("pool {} refused the channel for {}: {}", pool, MinerText.forLog(c.userIdentity()),
                        e.errorCode());
                c.lost("channel refused: " + e.errorCode());
            }
        }

        @Override
        public void onSubmitSharesSuccess(SubmitSharesSuccess s) {
            UpstreamChannel c = judged(s.channelId());
            if (c != null) {
                c.onSuccess(s);
            }
        }

        @Override
        public void onSubmitSharesError(SubmitSharesError e) {
            UpstreamChannel c = judged(e.channelId());
            if (c != null) {
                c.onError(e);
            } else {
                // A share already counted lost (its channel's id reused, or evicted unanswered): the error is
                // worth counting, the share not again.
                stats.countError("SubmitShares.Error", e.errorCode());
            }
        }

        @Override
        public void onUpdateChannelError(UpdateChannelError e) {
            stats.countError("UpdateChannel.Error", e.errorCode());
            log.warn("pool {} refused UpdateChannel on channel {}: {}", pool, e.channelId(), e.errorCode());
        }

        @Override
        public void onSetGroupChannel(SetGroupChannel g) {
            for (int id : g.channelIds()) {
                UpstreamChannel c = channels.get(id);
                if (c != null) {
                    c.setGroupChannelId(g.groupChannelId());
                }
            }
        }

        @Override
        public void onCloseChannel(CloseChannel c) {
            stats.countError("CloseChannel", c.reasonCode());
            for (UpstreamChannel member : addressed(c.channelId())) {
                log.error("pool {} closed {}: {}", pool, member, c.reasonCode());
                channels.remove(member.channelId());
                member.lost("closed by the pool: " + c.reasonCode());
            }
        }

        @Override
        public void onReconnect(Reconnect r) {
            PoolEndpoint target = pool.redirectedTo(r.newHost(), r.newPort());
            log.warn("pool {} asks us to reconnect to {}", pool, target);
            events.onReconnectRequested(UpstreamConnection.this, target);
        }

        @Override
        public void onChannelEndpointChanged(ChannelEndpointChanged c) {
            // Spec 3.6.4: extension state must be negotiated again. Worker tracking is off until the pool
            // answers the new RequestExtensions; the channel itself goes on.
            log.info("pool {}: endpoint of channel {} changed; negotiating extensions again", pool, c.channelId());
            if (config.workerTracking()) {
                workerTracking = false;
                requestExtensions();
            }
        }

        // Jobs, prevhashes, targets and prefixes, for one channel or every member of a group.

        @Override
        public void onNewExtendedMiningJob(NewExtendedMiningJob job) {
            for (UpstreamChannel c : routed(job)) {
                c.onJob(job);
            }
        }

        @Override
        public void onSetNewPrevHash(SetNewPrevHash p) {
            for (UpstreamChannel c : routed(p)) {
                c.onPrevHash(p);
            }
        }

        @Override
        public void onSetTarget(SetTarget t) {
            for (UpstreamChannel c : routed(t)) {
                c.onTarget(t.maximumTarget());
            }
        }

        @Override
        public void onSetExtranoncePrefix(SetExtranoncePrefix p) {
            for (UpstreamChannel c : routed(p)) {
                c.onExtranoncePrefix(p.extranoncePrefix().toByteArray());
            }
        }

        @Override
        public void unexpected(Sv2Message msg) {
            if (msg instanceof ChannelMessage m) {
                // Channel messages we do not handle (standard jobs, custom job answers, client messages) keep the
                // logs they had when they were routed like jobs: quiet for an unknown channel, else one per member.
                for (int i = routed(m).size(); i > 0; i--) {
                    log.warn("pool {}: unexpected {}", pool, m);
                }
            } else {
                log.warn("pool {}: unexpected message {}", pool, msg);
            }
        }

        private void requestExtensions() {
            ctx.writeAndFlush(new RequestExtensions(nextRequestId++ & 0xFFFF,
                    List.of(Tlv.WORKER_HASHRATE_TRACKING)));
        }

        /** The channels {@code m} is for; none (with a debug line) for a channel we do not know. */
        private List<UpstreamChannel> routed(ChannelMessage m) {
            List<UpstreamChannel> to = addressed(m.channelId());
            if (to.isEmpty()) {
                log.debug("pool {}: {} for unknown channel {}", pool, m.getClass().getSimpleName(), m.channelId());
            }
            return to;
        }
    }

    /** The open channel with this id, else a closed one still awaiting verdicts, else null. */
    private UpstreamChannel judged(int channelId) {
        UpstreamChannel c = channels.get(channelId);
        if (c != null) {
            return c;
        }
        for (UpstreamChannel old : closing) {
            if (old.channelId() == channelId) {
                return old;
            }
        }
        return null;
    }

    /** The channel with this id, or every channel whose group it is (spec 5.3.16, 5.3.22). */
    private List<UpstreamChannel> addressed(int channelId) {
        UpstreamChannel c = channels.get(channelId);
        if (c != null) {
            return List.of(c);
        }
        List<UpstreamChannel> members = new ArrayList<>();
        for (UpstreamChannel m : channels.values()) {
            if (m.groupChannelId() == channelId) {
                members.add(m);
            }
        }
        return members;
    }

    @Override
    public String toString() {
        return "connection to " + pool;
    }
}
