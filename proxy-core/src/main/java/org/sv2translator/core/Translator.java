package org.sv2translator.core;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetSocketAddress;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sv2translator.bitcoin.Target;
import org.sv2translator.core.channel.ExtranonceAllocator;
import org.sv2translator.core.channel.ExtranonceSpaceException;
import org.sv2translator.core.difficulty.Vardiff;
import org.sv2translator.core.job.V1Job;
import org.sv2translator.core.share.Miner;
import org.sv2translator.core.share.SharePipeline;
import org.sv2translator.core.share.WorkerRegistry;
import org.sv2translator.core.upstream.UpstreamConnection;
import org.sv2translator.core.upstream.UpstreamListener;
import org.sv2translator.v1.ShareVerdict;
import org.sv2translator.v1.SubscribeDecision;
import org.sv2translator.v1.V1Backend;
import org.sv2translator.v1.V1Codec;
import org.sv2translator.v1.V1Notification;
import org.sv2translator.v1.V1Request;
import org.sv2translator.v1.V1Server;
import org.sv2translator.v1.V1Session;

/**
 * The translator in aggregated mode (DESIGN.md): one upstream extended channel for all miners. Miners are
 * accepted once the channel is open; each gets unique extranonce1 bytes, its own vardiff, and every job of the
 * channel as one shared serialized mining.notify. Shares are answered at once on the miner's event loop and
 * forwarded when they also meet the channel target.
 *
 * <p>{@link #start()} connects and, once the channel is open, listens for miners. {@link #close()} stops both.
 */
public final class Translator implements V1Backend, UpstreamListener, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Translator.class);
    /** BIP320: the version bits miners may roll. */
    static final int VERSION_ROLLING_MASK = 0x1fffe000;
    /** How often the channel hashrate is reconsidered; UpdateChannel goes out only on a meaningful change. */
    static final long HASHRATE_UPDATE_MILLIS = 1000;
    static final double HASHRATE_CHANGE = 0.1;

    private final TranslatorConfig config;
    private final Vardiff.Config vardiff;
    private final EventLoopGroup upstreamGroup = new NioEventLoopGroup(1);
    private final EventLoopGroup minerGroup;
    private final UpstreamConnection upstream;
    private final V1Server server;
    private final SharePipeline shares;
    private final WorkerRegistry workers = new WorkerRegistry();
    private final Set<Miner> miners = ConcurrentHashMap.newKeySet();
    private final CompletableFuture<InetSocketAddress> listening = new CompletableFuture<>();
    private final CompletableFuture<String> upstreamLost = new CompletableFuture<>();
    private final LongAdder jobs = new LongAdder();
    private final AtomicLong minersChanged = new AtomicLong();
    private ExtranonceAllocator extranonces; // guarded by itself once set
    private volatile V1Job lastJob;
    private volatile V1Notification.Notify lastNotify;
    private ScheduledFuture<?> timer;
    private volatile boolean closing;
    private double lastReportedHashrate = -1;
    private long lastReportedMinersChange = -1;

    public Translator(TranslatorConfig config) {
        this.config = config;
        this.vardiff = new Vardiff.Config(config.sharesPerMinute(), config.minDifficulty(),
                TranslatorConfig.RETARGET_INTERVAL.toSeconds());
        this.minerGroup = new NioEventLoopGroup(config.v1Threads());
        this.upstream = new UpstreamConnection(config.upstream(), this);
        this.server = new V1Server(config.v1(), this);
        this.shares = new SharePipeline(upstream, workers);
    }

    /** Connects upstream; miners are accepted once the channel is open (see {@link #listening()}). */
    public Translator start() {
        upstream.connect(upstreamGroup);
        timer = upstreamGroup.next().scheduleAtFixedRate(this::tick, HASHRATE_UPDATE_MILLIS, HASHRATE_UPDATE_MILLIS,
                TimeUnit.MILLISECONDS);
        return this;
    }

    /** Completes with the V1 listen address once miners can connect, or exceptionally if the pool was unreachable. */
    public CompletableFuture<InetSocketAddress> listening() {
        return listening;
    }

    /** Completes with the reason when the pool connection is lost (not on {@link #close()}). */
    public CompletableFuture<String> upstreamLost() {
        return upstreamLost;
    }

    public int minerCount() {
        return miners.size();
    }

    public WorkerRegistry workers() {
        return workers;
    }

    public UpstreamConnection upstream() {
        return upstream;
    }

    public SharePipeline shares() {
        return shares;
    }

    public long jobsSent() {
        return jobs.sum();
    }

    /** The summed hashrate estimate of all miners, H/s. */
    public double hashrate() {
        double sum = 0;
        for (Miner m : miners) {
            sum += m.hashrate();
        }
        return sum;
    }

    // ---- upstream events (upstream event loop) ----

    @Override
    public void onChannelOpened(int extranonceSize, byte[] extranoncePrefix, Target target) {
        try {
            extranonces = new ExtranonceAllocator(extranonceSize, config.extranonce2Size());
        } catch (ExtranonceSpaceException e) {
            log.error("cannot serve miners on this channel: {}", e.getMessage());
            upstream.close();
            return;
        }
        if (!listening.isDone()) {
            try {
                InetSocketAddress bound = server.start(config.listen(), minerGroup);
                log.info("listening for Stratum V1 miners on {} (extranonce1 {} bytes, extranonce2 {} bytes)", bound,
                        extranonces.extranonce1Size(), config.extranonce2Size());
                listening.complete(bound);
            } catch (RuntimeException e) {
                log.error("cannot listen on {}: {}", config.listen(), e.getMessage());
                listening.completeExceptionally(e);
                upstream.close();
            }
        }
    }

    @Override
    public void onJob(V1Job job) {
        if (extranonces == null) {
            return; // the channel could not be used (see onChannelOpened); it is being closed
        }
        jobs.increment();
        V1Notification.Notify notify = new V1Notification.Notify(job.v1JobId(), job.prevHash(), job.coinbase1(),
                job.coinbase2(), job.merklePath().toList(), job.version(), job.nbits(), job.ntime(), job.cleanJobs());
        if (job.cleanJobs()) {
            synchronized (extranonces) {
                extranonces.advanceEpoch();
            }
        }
        lastJob = job;
        lastNotify = notify;
        // Serialized once for the whole channel; each miner gets a retained duplicate (DESIGN.md, hot-path rules).
        ByteBuf line = V1Codec.encode(ByteBufAllocator.DEFAULT, notify);
        try {
            for (Miner m : miners) {
                double difficulty = m.beforeJob(job);
                if (difficulty > 0) {
                    m.session().send(new V1Notification.SetDifficulty(difficulty));
                }
                m.session().write(line.retainedDuplicate());
            }
        } finally {
            line.release();
        }
    }

    @Override
    public void onClosed(String reason) {
        if (closing) {
            log.info("pool connection closed: shutting down");
            return;
        }
        log.error("pool connection lost: {}", reason);
        upstreamLost.complete(reason);
        if (!listening.isDone()) {
            listening.completeExceptionally(new IllegalStateException(reason));
        }
    }

    // ---- miner events (each miner's event loop) ----

    @Override
    public SubscribeDecision onSubscribe(V1Session session, String userAgent, String sessionId) {
        ExtranonceAllocator allocator = extranonces;
        if (allocator == null || !upstream.isOpen()) {
            return SubscribeDecision.refuse("pool connection not ready, retry shortly");
        }
        byte[] extranonce1;
        try {
            synchronized (allocator) {
                extranonce1 = allocator.allocate();
            }
        } catch (ExtranonceSpaceException e) {
            log.warn("refusing miner {}: {}", session.remoteAddress(), e.getMessage());
            return SubscribeDecision.refuse("proxy full: " + e.getMessage());
        }
        Miner miner = new Miner(session, extranonce1, vardiff,
                Math.min(config.initialDifficulty(), channelDifficulty()), System.nanoTime());
        session.attach(miner);
        miners.add(miner);
        minersChanged.incrementAndGet();
        return SubscribeDecision.accept(extranonce1, config.extranonce2Size());
    }

    @Override
    public boolean authorize(V1Session session, String workerName, String password) {
        // The pool credits the channel's user_identity; worker names are kept for per-worker accounting.
        workers.of(workerName);
        return true;
    }

    @Override
    public int allowedVersionMask(V1Session session) {
        // The intersection with the miner's mask is the session's job; here: what the pool allows right now.
        V1Job job = lastJob;
        boolean poolAllows = upstream.versionRollingAllowed() && (job == null || job.versionRollingAllowed());
        return config.versionRolling() && poolAllows ? VERSION_ROLLING_MASK : 0;
    }

    @Override
    public ShareVerdict onSubmit(V1Session session, V1Request.Submit submit) {
        return shares.onSubmit((Miner) session.attachment(), submit);
    }

    @Override
    public void onSuggestDifficulty(V1Session session, double difficulty) {
        Miner m = (Miner) session.attachment();
        if (m != null) {
            m.suggestDifficulty(difficulty, channelDifficulty());
        }
    }

    @Override
    public void onSuggestTarget(V1Session session, byte[] target) {
        byte[] le = new byte[32];
        for (int i = 0; i < 32; i++) {
            le[i] = target[31 - i];
        }
        onSuggestDifficulty(session, Target.fromLittleEndian(le).difficulty());
    }

    @Override
    public void onReady(V1Session session) {
        Miner m = (Miner) session.attachment();
        V1Job job = lastJob;
        V1Notification.Notify notify = lastNotify;
        if (m == null) {
            return;
        }
        if (job != null) {
            m.beforeJob(job);
        }
        session.send(new V1Notification.SetDifficulty(m.difficulty()));
        if (notify != null) {
            session.send(notify);
        }
    }

    @Override
    public void onDisconnect(V1Session session) {
        Miner m = (Miner) session.attachment();
        if (m != null && miners.remove(m)) {
            minersChanged.incrementAndGet();
            synchronized (extranonces) {
                extranonces.release(m.extranonce1());
            }
        }
    }

    // ---- timers (upstream event loop) ----

    private void tick() {
        double max = channelDifficulty();
        long now = System.nanoTime();
        double sum = 0;
        for (Miner m : miners) {
            m.retarget(now, max);
            sum += m.hashrate();
        }
        long changes = minersChanged.get();
        boolean changed = lastReportedHashrate < 0 || changes != lastReportedMinersChange
                || Math.abs(sum - lastReportedHashrate) > HASHRATE_CHANGE * Math.max(lastReportedHashrate, 1);
        if (changed && upstream.isOpen()) {
            upstream.updateHashrate(sum);
            lastReportedHashrate = sum;
            lastReportedMinersChange = changes;
        }
    }

    private double channelDifficulty() {
        return upstream.channelTarget().difficulty();
    }

    @Override
    public void close() {
        closing = true;
        if (timer != null) {
            timer.cancel(false);
        }
        server.close();
        upstream.close();
        minerGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        upstreamGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
