package org.sv2translator.core;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sv2translator.bitcoin.Target;
import org.sv2translator.core.channel.ExtranonceAllocator;
import org.sv2translator.core.channel.ExtranonceSpaceException;
import org.sv2translator.core.job.V1Job;
import org.sv2translator.core.share.Miner;
import org.sv2translator.core.share.ShareRoute;
import org.sv2translator.core.share.WorkerStats;
import org.sv2translator.core.upstream.ChannelListener;
import org.sv2translator.core.upstream.UpstreamChannel;
import org.sv2translator.core.upstream.UpstreamConnection;
import org.sv2translator.v1.V1Codec;
import org.sv2translator.v1.V1Notification;

/**
 * Miners mapped onto one upstream extended channel: all of them in aggregated mode, one in per-miner mode. It
 * outlives the upstream channel: when the pool is lost the miners stay here, and when a connection is set up again
 * the mapping opens a new channel on it and sends them its first job as clean_jobs.
 *
 * <p>While moving to a new connection (return to the primary), shares on the old channel's jobs still go to the
 * old channel until the new one's first job has reached the miners, so no work is lost on a planned switch.
 */
final class MinerChannel implements ChannelListener, ShareRoute {
    private static final Logger log = LoggerFactory.getLogger(MinerChannel.class);

    /** What a mapping needs from the translator. */
    interface Owner {
        int extranonce2Size();

        /**
         * A job went out to this mapping's miners: {@code first} for the first job of a new channel, {@code clean}
         * with clean_jobs, {@code fanoutNanos} to queue it for every miner.
         */
        void jobSent(UpstreamChannel channel, boolean first, boolean clean, long fanoutNanos);

        /** The upstream channel is gone while its connection is up (refused or closed by the pool). */
        void onChannelLost(MinerChannel mapping, UpstreamChannel channel, String reason);
    }

    private final Owner owner;
    private final String userIdentity;
    private final Set<Miner> miners = ConcurrentHashMap.newKeySet();
    private final AtomicLong membershipChanges = new AtomicLong();
    private final Object layoutLock = new Object();
    private ExtranonceAllocator allocator; // aggregated mode; guarded by layoutLock
    private int extranonce1Size; // guarded by layoutLock
    private volatile UpstreamChannel current;
    private volatile UpstreamChannel previous;
    private volatile V1Job lastJob;
    private volatile V1Notification.Notify lastNotify;
    private boolean awaitingFirstJob; // upstream loop
    private double lastReportedHashrate = -1; // timer
    private long lastReportedChange = -1;

    /**
     * @param allocator the extranonce1 space shared by the miners (aggregated mode), or null for a channel of one
     *                  miner whose extranonce1 is {@code extranonce1Size} zero bytes (per-miner mode: the pool's
     *                  extranonce_prefix already tells miners apart)
     */
    MinerChannel(Owner owner, String userIdentity, ExtranonceAllocator allocator, int extranonce1Size) {
        this.owner = owner;
        this.userIdentity = userIdentity;
        this.allocator = allocator;
        this.extranonce1Size = allocator == null ? extranonce1Size : allocator.extranonce1Size();
    }

    String userIdentity() {
        return userIdentity;
    }

    Set<Miner> miners() {
        return miners;
    }

    /** The channel in use (possibly not open yet, or lost), or null before the first connection. */
    UpstreamChannel upstream() {
        return current;
    }

    /** Opens a channel for these miners on {@code connection}; the current one, if open, serves until it has jobs. */
    synchronized void open(UpstreamConnection connection) {
        UpstreamChannel now = current;
        if (now != null && now.connection() == connection) {
            return; // already there (per-miner: authorized while the connection came up)
        }
        previous = now != null && now.isOpen() ? now : null;
        int downstream;
        synchronized (layoutLock) {
            downstream = extranonce1Size + owner.extranonce2Size();
        }
        current = connection.openChannel(userIdentity, (float) hashrate(), downstream, this);
    }

    /** Closes the upstream channel (the miner of a per-miner channel left). */
    synchronized void close(String reason) {
        UpstreamChannel c = current;
        current = null;
        previous = null;
        if (c != null) {
            c.close(reason);
        }
    }

    // ---- miners (their event loops) ----

    /** A new miner: its extranonce1 from the shared space (aggregated) or the fixed one (per-miner). */
    byte[] admit() {
        synchronized (layoutLock) {
            return allocator == null ? new byte[extranonce1Size] : allocator.allocate();
        }
    }

    void add(Miner miner) {
        miners.add(miner);
        miner.setRoute(this);
        membershipChanges.incrementAndGet();
    }

    void remove(Miner miner) {
        if (miners.remove(miner)) {
            membershipChanges.incrementAndGet();
            synchronized (layoutLock) {
                if (allocator != null && miner.extranonce1().length == allocator.extranonce1Size()) {
                    allocator.release(miner.extranonce1());
                }
            }
        }
    }

    /** A miner ready for work: its difficulty, then the current job. */
    void sendCurrentWork(Miner miner) {
        V1Job job = lastJob;
        V1Notification.Notify notify = lastNotify;
        if (job != null) {
            miner.beforeJob(job, channelDifficulty());
        }
        miner.session().send(new V1Notification.SetDifficulty(miner.difficulty()));
        if (notify != null) {
            miner.session().send(notify);
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
            c.submit(job, extranonce1, extranonce2, nonce, ntime, version, worker);
        }
    }

    /** The difficulty no miner may exceed: the channel's, or none while there is no open channel. */
    double channelDifficulty() {
        UpstreamChannel c = current;
        return c != null && c.isOpen() ? c.target().difficulty() : Double.MAX_VALUE;
    }

    // ---- ChannelListener (upstream loop) ----

    @Override
    public void onOpened(UpstreamChannel channel) {
        if (channel == current) {
            awaitingFirstJob = true;
        }
    }

    @Override
    public void onJob(UpstreamChannel channel, V1Job job) {
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
        if (job.cleanJobs()) {
            synchronized (layoutLock) {
                if (allocator != null) {
                    allocator.advanceEpoch();
                }
            }
        }
        V1Notification.Notify notify = new V1Notification.Notify(job.v1JobId(), job.prevHash(), job.coinbase1(),
                job.coinbase2(), job.merklePath().toList(), job.version(), job.nbits(), job.ntime(), job.cleanJobs());
        lastJob = job;
        lastNotify = notify;
        double max = channel.target().difficulty();
        // Serialized once for the whole channel; each miner gets a retained duplicate (DESIGN.md, hot-path rules).
        ByteBuf line = V1Codec.encode(ByteBufAllocator.DEFAULT, notify);
        try {
            for (Miner m : miners) {
                double difficulty = m.beforeJob(job, max);
                if (difficulty > 0) {
                    m.session().send(new V1Notification.SetDifficulty(difficulty));
                }
                m.session().write(line.retainedDuplicate());
            }
        } finally {
            line.release();
        }
        owner.jobSent(channel, first, job.cleanJobs(), System.nanoTime() - start);
    }

    @Override
    public int onExtranonceShrunk(UpstreamChannel channel, int newExtranonceSize) {
        int e2 = owner.extranonce2Size();
        int e1 = newExtranonceSize - e2;
        if (e1 < (allocator == null ? 0 : 1)) {
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
        synchronized (layoutLock) {
            extranonce1Size = size;
            if (allocator != null) {
                allocator = new ExtranonceAllocator(size + e2, e2);
            }
            log.warn("'{}': extranonce layout changes to extranonce1 {} bytes for {} miners", userIdentity, size,
                    miners.size());
            for (Miner m : miners) {
                byte[] e1;
                try {
                    e1 = allocator == null ? new byte[size] : allocator.allocate();
                } catch (ExtranonceSpaceException e) {
                    m.session().send(V1Notification.Reconnect.SAME_SERVER);
                    m.session().close("extranonce space shrank: " + e.getMessage());
                    continue;
                }
                m.setExtranonce1(e1);
                if (!m.session().isExtranonceSubscribed()
                        || !m.session().send(new V1Notification.SetExtranonce(e1, e2))) {
                    m.session().send(V1Notification.Reconnect.SAME_SERVER);
                    m.session().close("extranonce layout changed and the miner does not take mining.set_extranonce");
                }
            }
        }
    }

    @Override
    public void onClosed(UpstreamChannel channel, String reason) {
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
        UpstreamChannel c = current;
        if (c == null || !c.isOpen()) {
            return; // no work flows: vardiff would read the silence as a slow miner
        }
        double max = c.target().difficulty();
        double sum = 0;
        for (Miner m : miners) {
            m.retarget(nowNanos, max);
            sum += m.hashrate();
        }
        long changes = membershipChanges.get();
        if (lastReportedHashrate < 0 || changes != lastReportedChange
                || Math.abs(sum - lastReportedHashrate) > hashrateChange * Math.max(lastReportedHashrate, 1)) {
            c.updateHashrate(sum);
            lastReportedHashrate = sum;
            lastReportedChange = changes;
        }
    }

    double hashrate() {
        double sum = 0;
        for (Miner m : miners) {
            sum += m.hashrate();
        }
        return sum;
    }
}
