package org.sv2translator.core;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.util.concurrent.EventExecutor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sv2translator.bitcoin.Target;
import org.sv2translator.core.channel.ExtranonceAllocator;
import org.sv2translator.core.channel.ExtranonceSpaceException;
import org.sv2translator.core.job.JobBook;
import org.sv2translator.core.job.V1Job;
import org.sv2translator.core.share.Miner;
import org.sv2translator.core.share.SeenShares;
import org.sv2translator.core.share.ShareRoute;
import org.sv2translator.core.share.WorkerStats;
import org.sv2translator.core.upstream.ChannelListener;
import org.sv2translator.core.upstream.UpstreamChannel;
import org.sv2translator.core.upstream.UpstreamConnection;
import org.sv2translator.v1.MinerText;
import org.sv2translator.v1.V1Codec;
import org.sv2translator.v1.V1Notification;

/**
 * Miners mapped onto one upstream extended channel: all of them in aggregated mode, one in per-miner mode. It
 * outlives the upstream channel: when the pool is lost the miners stay here, and when a connection is set up again
 * the mapping opens a new channel on it and sends them its first job as clean_jobs.
 *
 * <p>While moving to a new connection (return to the primary), shares on the old channel's jobs still go to the
 * old channel until the new one's first job has reached the miners, so no work is lost on a planned switch.
 *
 * <p>Threading, one rule: everything that changes the mapping (opening and closing channels, jobs, layout changes,
 * the hashrate timer) runs on the upstream event loop {@code loop}, and what miner loops read is published through
 * volatile fields holding immutable values ({@link Layout}, jobs, channels). Miner loops only admit and remove
 * their own miner (a concurrent map, and the allocator's own short monitor) and read. No lock is held while a miner
 * connection is called.
 */
final class MinerChannel implements ChannelListener, ShareRoute {
    private static final Logger log = LoggerFactory.getLogger(MinerChannel.class);

    /** What a mapping needs from the translator. Called on the upstream loop. */
    interface Owner {
        int extranonce2Size();

        /**
         * The least nominal hashrate a channel reports (H/s): what one miner hashes at the initial difficulty and
         * vardiff's share rate. A pool sizes the channel's first target from nominal_hash_rate, and SRI's pool_sv2
         * 0.5.0 answers 0 with the maximum target, which every hash meets: miners capped at the channel's difficulty
         * would then send a share per hash until vardiff caught up (seen in the interop tests).
         */
        default double minimumHashrate() {
            return 0;
        }

        /** Whether miners may roll version bits at all (the operator's --no-version-rolling says no). */
        default boolean versionRolling() {
            return true;
        }

        /**
         * A job went out to this mapping's miners: {@code first} for the first job of a new channel, {@code clean}
         * with clean_jobs, {@code fanoutNanos} to queue it for every miner.
         */
        void jobSent(UpstreamChannel channel, boolean first, boolean clean, long fanoutNanos);

        /** The upstream channel is gone while its connection is up (refused or closed by the pool). */
        void onChannelLost(MinerChannel mapping, UpstreamChannel channel, String reason);
    }

    /**
     * The extranonce layout the miners are on: replaced as a whole on the upstream loop, never changed.
     *
     * @param allocator the extranonce1 space shared by the miners (aggregated mode), or null for a channel of one
     *                  miner whose extranonce1 is {@code extranonce1Size} zero bytes (per-miner mode: the pool's
     *                  extranonce_prefix already tells miners apart)
     */
    record Layout(int extranonce1Size, ExtranonceAllocator<SeenShares> allocator) {
        static Layout shared(ExtranonceAllocator<SeenShares> allocator) {
            return new Layout(allocator.extranonce1Size(), allocator);
        }

        /** @throws ExtranonceSpaceException when every extranonce1 of the shared space is held */
        ExtranonceAllocator.Lease<SeenShares> allocate() {
            return allocator == null ? new ExtranonceAllocator.Lease<>(new byte[extranonce1Size], null)
                    : allocator.allocate();
        }

        /** @param seen the leaving miner's duplicate set: its shares of this block, for the bytes' next holder */
        void release(byte[] extranonce1, SeenShares seen) {
            if (allocator != null) {
                allocator.release(extranonce1, seen != null && seen.size() > 0 ? seen : null);
            }
        }
    }

    /**
     * A miner's extranonce1 and the layout it came from (where it is released to).
     *
     * @param seen the shares accepted on this extranonce1 earlier in the block (its previous holder's), or null
     */
    record Admission(byte[] extranonce1, Layout layout, SeenShares seen) {
    }

    private final Owner owner;
    private final EventExecutor loop;
    private final String userIdentity;
    /** Each miner with its admission; written on the miners' loops (join, leave) and the upstream loop (relayout). */
    private final Map<Miner, Admission> miners = new ConcurrentHashMap<>();
    private final AtomicLong membershipChanges = new AtomicLong();
    // Written on the upstream loop only; volatile for the miner loops' reads.
    private volatile Layout layout;
    private volatile UpstreamChannel current;
    private volatile UpstreamChannel previous;
    private volatile V1Job lastJob;
    private volatile V1Notification.Notify lastNotify;
    /**
     * The channel target each job of the current prevhash was issued under: for an active job (sent with min_ntime)
     * when it arrived, for the future job a SetNewPrevHash activated when that happened. Spec 5.3.21: a SetTarget
     * applies to jobs received later and to future jobs, not to active jobs already received, whose target "remains
     * stable". At most {@link JobBook#MAX_JOBS}, like the jobs; replaced whole.
     */
    private volatile Map<String, Target> activeJobTargets = Map.of();
    // Upstream loop only.
    private boolean awaitingFirstJob;
    /** The version-rolling mask of the last job fanned out (0 or BIP320's), -1 before the first. */
    private int lastRollingMask = -1;
    private double lastReportedHashrate = -1;
    private long lastReportedChange = -1;

    /** @param loop the upstream event loop, which owns this mapping's changes */
    MinerChannel(Owner owner, EventExecutor loop, String userIdentity, Layout layout) {
        this.owner = owner;
        this.loop = loop;
        this.userIdentity = userIdentity;
        this.layout = layout;
    }

    String userIdentity() {
        return userIdentity;
    }

    Set<Miner> miners() {
        return miners.keySet();
    }

    Layout layout() {
        return layout;
    }

    /** The channel in use (possibly not open yet, or lost), or null before the first connection. */
    UpstreamChannel upstream() {
        return current;
    }

    /** Opens a channel for these miners on {@code connection}; the current one, if open, serves until it has jobs. */
    void open(UpstreamConnection connection) {
        if (!loop.inEventLoop()) {
            loop.execute(() -> open(connection));
            return;
        }
        UpstreamChannel now = current;
        if (now != null && now.connection() == connection) {
            return; // already there (per-miner: authorized while the connection came up)
        }
        previous = now != null && now.isOpen() ? now : null;
        current = connection.openChannel(userIdentity, (float) nominalHashrate(),
                layout.extranonce1Size() + owner.extranonce2Size(), this);
    }

    /** Closes the upstream channel (the miner of a per-miner channel left, or the proxy shuts down). */
    void close(String reason) {
        if (!loop.inEventLoop()) {
            loop.execute(() -> close(reason));
            return;
        }
        UpstreamChannel c = current;
        current = null;
        previous = null;
        if (c != null) {
            c.close(reason);
        }
    }

    // ---- miners (their event loops) ----

    /**
     * A new miner's extranonce1: from the shared space (aggregated) or the fixed zeros (per-miner).
     *
     * @throws ExtranonceSpaceException when the shared space is full
     */
    Admission admit() {
        Layout l = layout;
        ExtranonceAllocator.Lease<SeenShares> lease = l.allocate();
        return new Admission(lease.extranonce1(), l, lease.memory());
    }

    /** Adds a miner admitted with {@code admission} (its extranonce1 is already the miner's). */
    void add(Miner miner, Admission admission) {
        miners.put(miner, admission);
        miner.setRoute(this);
        if (admission.layout() != layout) {
            // The layout changed between admit and now: the relayout may not have seen this miner.
            loop.execute(() -> moveToLayout(List.of(miner)));
        }
    }

    void remove(Miner miner) {
        Admission a = miners.remove(miner);
        if (a != null) {
            if (miner.isReady()) {
                membershipChanges.incrementAndGet();
            }
            a.layout().release(a.extranonce1(), miner.seen());
        }
    }

    /** A miner ready for work (subscribed and authorized): from now on it gets jobs and counts in the hashrate. */
    void ready(Miner miner) {
        miner.markReady();
        membershipChanges.incrementAndGet();
        sendCurrentWork(miner);
    }

    /** Its difficulty and version mask, then the current job. */
    private void sendCurrentWork(Miner miner) {
        V1Job job = lastJob;
        V1Notification.Notify notify = lastNotify;
        if (job != null) {
            miner.beforeJob(job, channelDifficulty());
        }
        miner.connection().send(new V1Notification.SetDifficulty(miner.difficulty()));
        if (notify != null) {
            // A miner that negotiated rolling before any job (the usual order) learns here if this one forbids it.
            miner.connection().limitVersionMask(versionRollingMask(job));
            miner.connection().send(notify);
        }
    }

    V1Job lastJob() {
        return lastJob;
    }

    // ---- ShareRoute (V1 loops) ----

    @Override
    public V1Job job(String v1JobId) {
        UpstreamChannel c = current;
        V1Job job = c == null ? null : c.jobs().get(v1JobId);
        if (job == null) {
            UpstreamChannel p = previous;
            job = p == null ? null : p.jobs().get(v1JobId);
        }
        return job;
    }

    /**
     * BIP320's bits when the job allows rolling, the pool did not say REQUIRES_FIXED_VERSION (spec 5.3.1: its jobs
     * MUST NOT allow rolling; checked too, so a pool breaking that rule cannot make us accept what it refuses) and
     * the operator allows it; else 0.
     */
    @Override
    public int versionRollingMask(V1Job job) {
        if (!job.versionRollingAllowed() || !owner.versionRolling()) {
            return 0;
        }
        UpstreamChannel c = current;
        if (c == null || c.jobs().get(job.v1JobId()) != job) {
            UpstreamChannel p = previous;
            c = p != null && p.jobs().get(job.v1JobId()) == job ? p : c;
        }
        return c == null || c.connection().versionRollingAllowed() ? V1Job.BIP320_MASK : 0;
    }

    private int versionRollingMask(UpstreamChannel channel, V1Job job) {
        return job.versionRollingAllowed() && owner.versionRolling() && channel.connection().versionRollingAllowed()
                ? V1Job.BIP320_MASK : 0;
    }

    @Override
    public Target channelTarget() {
        UpstreamChannel c = current;
        return c == null ? Target.MAX : c.target();
    }

    @Override
    public void submit(V1Job job, byte[] extranonce1, byte[] extranonce2, int nonce, int ntime, int version,
                       WorkerStats worker) {
        UpstreamChannel c = current;
        if (c == null || c.jobs().get(job.v1JobId()) != job) {
            UpstreamChannel p = previous;
            c = p != null && p.jobs().get(job.v1JobId()) == job ? p : c;
        }
        if (c != null) {
            Target issued = activeJobTargets.get(job.v1JobId());
            c.submit(job, extranonce1, extranonce2, nonce, ntime, version, worker,
                    (issued != null ? issued : channelTarget()).difficulty());
        }
    }

    /**
     * The pool's target for shares on {@code job}. An active job keeps the one it was issued under (spec 5.3.21).
     * A future job activated by SetNewPrevHash is read two ways: the spec's words ("already received with an empty
     * min_ntime") let a later SetTarget apply to it, while SRI's pool (channels_sv2 7.0.0) fixes its target when it
     * activates it. A share is forwarded only if it meets both, so that neither kind of pool refuses it.
     */
    @Override
    public Target channelTarget(V1Job job) {
        Target issued = activeJobTargets.get(job.v1JobId());
        Target now = channelTarget();
        if (issued == null) {
            return now;
        }
        return job.cleanJobs() && now.compareTo(issued) < 0 ? now : issued;
    }

    /** The difficulty no miner may exceed: the channel's, or none while there is no open channel. */
    double channelDifficulty() {
        UpstreamChannel c = current;
        return c != null && c.isOpen() ? c.target().difficulty() : Double.MAX_VALUE;
    }

    // ---- ChannelListener (upstream loop) ----

    @Override
    public void onOpened(UpstreamChannel channel) {
        assert loop.inEventLoop();
        if (channel == current) {
            awaitingFirstJob = true;
        }
    }

    @Override
    public void onJob(UpstreamChannel channel, V1Job job) {
        assert loop.inEventLoop();
        long start = System.nanoTime();
        if (channel != current) {
            return; // the channel being replaced: its miners get the new channel's work
        }
        boolean first = awaitingFirstJob;
        if (first) {
            // The miners' jobs are of a lost or replaced channel: this one replaces them all.
            awaitingFirstJob = false;
            job = job.asClean();
            previous = null;
        }
        rememberTarget(channel, job);
        ExtranonceAllocator<SeenShares> allocator = layout.allocator();
        if (job.cleanJobs() && allocator != null) {
            allocator.advanceEpoch().forEach(SeenShares::clear);
        }
        V1Notification.Notify notify = new V1Notification.Notify(job.v1JobId(), job.prevHash(), job.coinbase1(),
                job.coinbase2(), job.merklePath().toList(), job.version(), job.nbits(), job.ntime(), job.cleanJobs());
        lastJob = job;
        lastNotify = notify;
        double max = channel.target().difficulty();
        // What the pool allows may change from job to job (version_rolling_allowed) or with the pool (failover to
        // one requiring a fixed version): miners that negotiated rolling get the mask before the job it applies to.
        int rolling = versionRollingMask(channel, job);
        // Only when it changes: asking every miner's loop on every job would double the fan-out's tasks, and a miner
        // that becomes ready in between is brought in step by ready() from the job it gets there.
        boolean rollingChanged = rolling != lastRollingMask;
        lastRollingMask = rolling;
        // Serialized once for the whole channel; each miner gets a retained duplicate (DESIGN.md, hot-path rules).
        ByteBuf line = V1Codec.encode(ByteBufAllocator.DEFAULT, notify);
        try {
            for (Miner m : miners.keySet()) {
                if (!m.isReady()) {
                    continue; // not authorized yet: its first job comes with ready()
                }
                double difficulty = m.beforeJob(job, max);
                if (difficulty > 0) {
                    m.connection().send(new V1Notification.SetDifficulty(difficulty));
                }
                if (rollingChanged) {
                    m.connection().limitVersionMask(rolling);
                }
                m.connection().write(line.retainedDuplicate());
            }
        } finally {
            line.release();
        }
        owner.jobSent(channel, first, job.cleanJobs(), System.nanoTime() - start);
    }

    private void rememberTarget(UpstreamChannel channel, V1Job job) {
        if (job.cleanJobs()) {
            // A new prevhash: the earlier jobs are stale; this one is the future job it activated.
            activeJobTargets = Map.of(job.v1JobId(), channel.target());
            return;
        }
        LinkedHashMap<String, Target> next = new LinkedHashMap<>(activeJobTargets);
        next.put(job.v1JobId(), channel.target());
        while (next.size() > JobBook.MAX_JOBS) {
            next.remove(next.keySet().iterator().next());
        }
        activeJobTargets = Collections.unmodifiableMap(next);
    }

    @Override
    public int onExtranonceShrunk(UpstreamChannel channel, int newExtranonceSize) {
        assert loop.inEventLoop();
        int e2 = owner.extranonce2Size();
        int e1 = newExtranonceSize - e2;
        if (e1 < (layout.allocator() == null ? 0 : 1)) {
            log.error("{}: the pool left {} extranonce bytes, fewer than the miners' extranonce2 of {}", channel,
                    newExtranonceSize, e2);
            return -1;
        }
        relayout(e1);
        return e1 + e2;
    }

    /**
     * Gives every miner an extranonce1 of {@code size} bytes: by mining.set_extranonce where the miner subscribed
     * to it, else by client.reconnect (it comes back and subscribes afresh).
     */
    private void relayout(int size) {
        int e2 = owner.extranonce2Size();
        Layout old = layout;
        layout = old.allocator() == null ? new Layout(size, null)
                : Layout.shared(new ExtranonceAllocator<>(size + e2, e2, old.allocator().capacity()));
        log.warn("{}: extranonce layout changes to extranonce1 {} bytes for {} miners", MinerText.forLog(userIdentity),
                size,
                miners.size());
        moveToLayout(new ArrayList<>(miners.keySet()));
    }

    /** Moves each of {@code which} that is not on the current layout onto it, then tells it. Upstream loop. */
    private void moveToLayout(List<Miner> which) {
        assert loop.inEventLoop();
        Layout now = layout;
        int e2 = owner.extranonce2Size();
        for (Miner m : which) {
            Admission held = miners.get(m);
            if (held == null || held.layout() == now) {
                continue; // gone, or already moved
            }
            byte[] e1;
            try {
                e1 = now.allocate().extranonce1();
            } catch (ExtranonceSpaceException e) {
                m.connection().send(V1Notification.Reconnect.SAME_SERVER);
                m.connection().close("extranonce space shrank: " + e.getMessage());
                continue;
            }
            // The miner keeps its own duplicate set: its new bytes are fresh, so it only errs on the safe side.
            if (!miners.replace(m, held, new Admission(e1, now, null))) {
                now.release(e1, null); // it left meanwhile and released its old bytes
                continue;
            }
            m.setExtranonce1(e1);
            if (!m.connection().isExtranonceSubscribed()
                    || !m.connection().send(new V1Notification.SetExtranonce(e1, e2))) {
                m.connection().send(V1Notification.Reconnect.SAME_SERVER);
                m.connection().close("extranonce layout changed and the miner does not take mining.set_extranonce");
            }
        }
    }

    @Override
    public void onClosed(UpstreamChannel channel, String reason) {
        assert loop.inEventLoop();
        if (channel == previous) {
            previous = null;
        }
        if (channel != current) {
            return;
        }
        if (channel.connection().isReady()) {
            owner.onChannelLost(this, channel, reason);
        }
        // else the connection is gone: the supervisor finds another and this mapping is opened there.
    }

    // ---- timer (upstream loop) ----

    /** Retargets the miners and tells the pool the channel's hashrate when it moved enough. */
    void tick(long nowNanos, double hashrateChange) {
        assert loop.inEventLoop();
        UpstreamChannel c = current;
        if (c == null || !c.isOpen()) {
            return; // no work flows: vardiff would read the silence as a slow miner
        }
        double max = c.target().difficulty();
        double sum = 0;
        for (Miner m : miners.keySet()) {
            if (m.isReady()) {
                m.retarget(nowNanos, max);
                sum += m.hashrate();
            }
        }
        sum = Math.max(sum, owner.minimumHashrate());
        long changes = membershipChanges.get();
        if (lastReportedHashrate < 0 || changes != lastReportedChange
                || Math.abs(sum - lastReportedHashrate) > hashrateChange * Math.max(lastReportedHashrate, 1)) {
            c.updateHashrate(sum);
            lastReportedHashrate = sum;
            lastReportedChange = changes;
        }
    }

    /** What the channel tells the pool it hashes: the miners' summed estimate, at least {@link Owner#minimumHashrate}. */
    double nominalHashrate() {
        return Math.max(hashrate(), owner.minimumHashrate());
    }

    /** The summed estimate of the ready miners, H/s. */
    double hashrate() {
        double sum = 0;
        for (Miner m : miners.keySet()) {
            if (m.isReady()) {
                sum += m.hashrate();
            }
        }
        return sum;
    }
}
