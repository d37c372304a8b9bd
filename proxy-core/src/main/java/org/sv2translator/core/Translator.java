package org.sv2translator.core;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sv2translator.bitcoin.ShareRate;
import org.sv2translator.bitcoin.Target;
import org.sv2translator.core.channel.ExtranonceAllocator;
import org.sv2translator.core.share.Miner;
import org.sv2translator.core.share.SharePipeline;
import org.sv2translator.core.share.WorkerStats;
import org.sv2translator.core.upstream.UpstreamChannel;
import org.sv2translator.core.upstream.UpstreamConnection;
import org.sv2translator.core.upstream.UpstreamStats;
import org.sv2translator.core.upstream.UpstreamSupervisor;
import org.sv2translator.v1.V1Notification;
import org.sv2translator.v1.V1Server;

/**
 * The translator: V1 miners in front, SV2 pools behind (DESIGN.md). Miners are mapped onto upstream extended
 * channels by {@link MinerChannel}s: one for all of them (aggregated mode) or one per miner (per-miner mode). The
 * {@link UpstreamSupervisor} keeps a pool connection up; when it changes, every mapping opens its channel on the
 * new connection and the miners, still connected, get its first job as clean_jobs.
 *
 * <p>{@link #start()} listens for miners at once and connects upstream; miners may subscribe before the pool is
 * there and get work when it is. {@link #status()} tells what it is doing; {@link #shutdown} and {@link #close()}
 * stop it.
 *
 * <p>Threading: the miners' events arrive on their connections' event loops ({@link MinerSessions}); pool events,
 * the mappings' changes and the timer run on the one upstream loop ({@link PoolEvents}, {@link MappingEvents}).
 * The shared collections here are concurrent, the counters adders.
 */
public final class Translator implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Translator.class);
    /** How often the channel hashrate is reconsidered; UpdateChannel goes out only on a meaningful change. */
    static final long HASHRATE_UPDATE_MILLIS = 1000;
    static final double HASHRATE_CHANGE = 0.1;

    private final TranslatorConfig config;
    private final EventLoopGroup upstreamGroup;
    /** The upstream group's one loop: pool connections, the supervisor, the mappings and the timer all run on it. */
    private final EventLoop upstreamLoop;
    private final EventLoopGroup minerGroup;
    private final UpstreamStats upstreamStats = new UpstreamStats();
    private final UpstreamSupervisor supervisor;
    private final V1Server server;
    private final MinerSessions sessions;
    /** The aggregated channel, or null in per-miner mode. */
    private final MinerChannel farm;
    /** Every mapping: the farm, or one per authorized miner (bounded by the V1 connection limit). */
    private final Set<MinerChannel> mappings = ConcurrentHashMap.newKeySet();
    private final CompletableFuture<InetSocketAddress> listening = new CompletableFuture<>();
    private final LongAdder refusedWorkers = new LongAdder();
    private final LongAdder jobs = new LongAdder();
    private final LongAdder prevhashChanges = new LongAdder();
    private final Timer fanoutTimer;
    private final RejectSummary rejects;
    private final MappingEvents mappingEvents = new MappingEvents();
    private ScheduledFuture<?> timer;
    private volatile boolean closing;
    private final AtomicBoolean closed = new AtomicBoolean();

    /** A translator whose latency timers go to a registry nobody reads (tests, the demo's own figures). */
    public Translator(TranslatorConfig config) {
        this(config, new SimpleMeterRegistry());
    }

    /**
     * @param registry where the submit and notify fan-out latencies are recorded, as histograms; the counters and
     *                 gauges are read from its {@link #status()} snapshots by {@code TranslatorMetrics}
     */
    public Translator(TranslatorConfig config, MeterRegistry registry) {
        this.config = config;
        this.fanoutTimer = Timer.builder("sv2t.notify.fanout")
                .description("A job from the pool to mining.notify queued for every miner of the channel")
                .publishPercentileHistogram().register(registry);
        Transport transport = config.transport().resolve();
        this.upstreamGroup = transport.newGroup(1);
        this.upstreamLoop = upstreamGroup.next();
        this.minerGroup = transport.newGroup(config.v1Threads());
        this.supervisor = new UpstreamSupervisor(config.upstream(), upstreamGroup, upstreamStats, new PoolEvents());
        if (config.mode() == ChannelMode.AGGREGATED) {
            farm = new MinerChannel(mappingEvents, upstreamLoop, config.userIdentity(),
                    MinerChannel.Layout.shared(new ExtranonceAllocator<>(config.downstreamExtranonceBytes(),
                            config.extranonce2Size(), config.v1().maxConnections())));
            mappings.add(farm);
        } else {
            farm = null;
        }
        this.sessions = new MinerSessions(config, farm, mappings, supervisor::active,
                identity -> new MinerChannel(mappingEvents, upstreamLoop, identity,
                        new MinerChannel.Layout(TranslatorConfig.EXTRANONCE1_SIZE, null)), registry);
        this.rejects = new RejectSummary(sessions.shares()::rejectedByReason);
        this.server = new V1Server(config.v1(), sessions);
    }

    /** The transport the sockets use (resolved: never AUTO). */
    public Transport transport() {
        return Transport.of(minerGroup);
    }

    /** Listens for miners and connects upstream. */
    public Translator start() {
        try {
            InetSocketAddress bound = server.start(config.listen(), minerGroup);
            log.info("listening for Stratum V1 miners on {} ({} mode, extranonce1 {} bytes, extranonce2 {} bytes, {} transport)",
                    bound, config.mode().name().toLowerCase(), TranslatorConfig.EXTRANONCE1_SIZE,
                    config.extranonce2Size(), transport().name().toLowerCase());
            listening.complete(bound);
        } catch (Exception e) { // Netty rethrows the bind's IOException unchecked
            // The caller reports it (it knows which option named the address): the future carries the reason.
            listening.completeExceptionally(e);
            return this;
        }
        supervisor.start();
        timer = upstreamLoop.scheduleAtFixedRate(this::tick, HASHRATE_UPDATE_MILLIS, HASHRATE_UPDATE_MILLIS,
                TimeUnit.MILLISECONDS);
        return this;
    }

    /** Completes with the V1 listen address, or exceptionally if it cannot be bound. */
    public CompletableFuture<InetSocketAddress> listening() {
        return listening;
    }

    /** What the translator is doing now: one consistent read of its counters, miners and workers. */
    public TranslatorStatus status() {
        Map<String, Double> rates = hashrateByWorker();
        List<TranslatorStatus.Worker> ws = new ArrayList<>();
        for (WorkerStats w : sessions.workers().all()) {
            ws.add(new TranslatorStatus.Worker(w.name(), rates.getOrDefault(w.name(), 0.0), w.accepted(), w.stale(),
                    w.duplicate(), w.lowDifficulty(), w.otherRejected(), w.forwarded(), w.upstreamAcceptedCount(),
                    w.upstreamRejectedCount(), w.blockCandidates(), w.acceptedDifficulty(), w.lastShareMillis(),
                    w.lastDifficulty()));
        }
        UpstreamStats up = upstreamStats;
        var upstream = new TranslatorStatus.Upstream(supervisor.pools(), supervisor.activePoolIndex(),
                up.connections(), up.failovers(), up.sharesSent(), up.sentDifficulty(), up.sharesAccepted(), up.sharesRejected(),
                up.sharesLost(), up.staleInFlight(), up.staleNotForwarded(), up.bytesRead(), up.bytesWritten(), up.errors());
        Map<String, Long> disconnects = new HashMap<>();
        server.disconnects().all().forEach((reason, n) -> disconnects.put(reason.label(), n));
        var downstream = new TranslatorStatus.Downstream(server.bytesRead(), server.bytesWritten(),
                server.acceptedConnections(), server.acceptPauses(), disconnects);
        SharePipeline shares = sessions.shares();
        var shareCounts = new TranslatorStatus.Shares(shares.accepted(), shares.rejected(), shares.forwarded(),
                shares.blockCandidates());
        return new TranslatorStatus(serving(), transport(), sessions.miners().size(), hashrate(), channelTarget().difficulty(),
                openChannelCount(), mappings.size(), refusedWorkers.sum(), jobs.sum(), prevhashChanges.sum(),
                shareCounts, upstream, downstream, ws);
    }

    private int openChannelCount() {
        int n = 0;
        for (MinerChannel m : mappings) {
            UpstreamChannel c = m.upstream();
            if (c != null && c.isOpen()) {
                n++;
            }
        }
        return n;
    }

    /** The aggregated channel's target (per-miner mode: the easiest of the miners' channels). */
    private Target channelTarget() {
        Target easiest = null;
        for (MinerChannel m : mappings) {
            Target t = m.channelTarget();
            easiest = easiest == null || t.compareTo(easiest) > 0 ? t : easiest;
        }
        return easiest == null ? Target.MAX : easiest;
    }

    /** The summed estimate of the miners that authorized (an idle socket is no hashrate). */
    private double hashrate() {
        double sum = 0;
        for (Miner m : sessions.miners()) {
            if (m.isReady()) {
                sum += m.hashrate();
            }
        }
        return sum;
    }

    /**
     * Estimated hashrate per worker name, H/s: each connection's vardiff estimate, split evenly between the
     * workers authorized on it (firmware almost always uses one).
     */
    private Map<String, Double> hashrateByWorker() {
        Map<String, Double> byWorker = new HashMap<>();
        for (Miner m : sessions.miners()) {
            Set<String> names = m.connection().authorizedWorkers();
            if (!names.isEmpty()) {
                double share = m.hashrate() / names.size();
                for (String name : names) {
                    byWorker.merge(name, share, Double::sum);
                }
            }
        }
        return byWorker;
    }

    private boolean serving() {
        if (farm != null) {
            UpstreamChannel c = farm.upstream();
            return c != null && c.isOpen() && c.jobs().size() > 0;
        }
        UpstreamConnection connection = supervisor.active();
        return connection != null && connection.isReady();
    }

    /** The supervisor's events, on the upstream loop. */
    private final class PoolEvents implements UpstreamSupervisor.Listener {
        @Override
        public void onConnected(UpstreamConnection connection, UpstreamConnection replaced) {
            log.info("pool {} ready: opening {} channel(s)", connection.pool(), mappings.size());
            if (mappings.isEmpty()) {
                supervisor.confirm(connection); // per-miner mode with no miner yet: set up is all it can prove
            }
            for (MinerChannel m : mappings) {
                m.open(connection);
            }
        }

        @Override
        public void onDisconnected(UpstreamConnection connection, String reason) {
            if (!closing) {
                log.warn("{} miners keep their connections and last job until a pool is back (shares on the lost"
                        + " channel's jobs are answered stale)", sessions.miners().size());
            }
        }
    }

    /** What the mappings tell the translator, on the upstream loop. */
    private final class MappingEvents implements MinerChannel.Owner {
        @Override
        public int extranonce2Size() {
            return config.extranonce2Size();
        }

        @Override
        public boolean versionRolling() {
            return config.versionRolling();
        }

        @Override
        public double minimumHashrate() {
            return ShareRate.hashrateFor(config.initialDifficulty(), config.sharesPerMinute());
        }

        @Override
        public void jobSent(UpstreamChannel channel, boolean first, boolean clean, long fanoutNanos) {
            jobs.increment();
            if (clean) {
                prevhashChanges.increment();
            }
            fanoutTimer.record(fanoutNanos, TimeUnit.NANOSECONDS);
            if (first) {
                supervisor.confirm(channel.connection());
            }
        }

        @Override
        public void onChannelLost(MinerChannel mapping, UpstreamChannel channel, String reason) {
            if (mapping == farm) {
                // Without its one channel the connection serves nobody: let the supervisor find a pool that works.
                log.error("the aggregated channel is gone ({}); dropping {} to fail over", reason,
                        channel.connection().pool());
                channel.connection().close();
                return;
            }
            refusedWorkers.increment();
            for (Miner m : mapping.miners()) {
                m.connection().close("pool " + channel.connection().pool() + " has no channel for '"
                        + mapping.userIdentity() + "': " + reason);
            }
        }
    }

    // ---- timers (upstream event loop) ----

    private void tick() {
        long now = System.nanoTime();
        for (MinerChannel m : mappings) {
            m.tick(now, HASHRATE_CHANGE);
        }
        rejects.logIfDue(now);
    }

    /**
     * Graceful shutdown: stop accepting miners; when {@code reconnect} is given, send it to every miner (they move
     * to the other instance of a rolling upgrade); close every upstream channel with CloseChannel; then
     * {@link #close()}. Miners without a reconnect see their connection closed and retry by themselves.
     */
    public void shutdown(V1Notification.Reconnect reconnect) {
        closing = true;
        log.info("shutting down: no new miners; {} connected{}", sessions.miners().size(),
                reconnect == null ? "" : ", told to reconnect to " + reconnect.host() + ":" + reconnect.port());
        server.stopAccepting();
        if (reconnect != null) {
            for (Miner m : sessions.miners()) {
                m.connection().send(reconnect);
            }
        }
        for (MinerChannel m : mappings) {
            m.close("proxy shutting down");
        }
        close();
    }

    /** Stops everything; a second call (say, after {@link #shutdown}) does nothing. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        closing = true;
        if (timer != null) {
            timer.cancel(false);
        }
        server.close();
        supervisor.close();
        // The supervisor's close runs on the upstream loop, after the CloseChannels queued there by shutdown().
        minerGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        upstreamGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
