package org.sv2translator.core.share;

import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.AtomicLongArray;
import org.sv2translator.v2.message.Tlv;

/**
 * One worker's share counters: what the proxy answered the miner, and what the pool later said about the shares
 * the proxy forwarded (the per-worker upstream verdicts other proxies never report). Thread-safe.
 */
public final class WorkerStats {
    private final String name;
    private final String trackingIdentity;
    // One array rather than a LongAdder per counter: a farm keeps one of these per worker, and nine adders take
    // about 300 bytes together (far more once contended), the array under 100. A worker's shares come through one or
    // two event loops, so the atomic increments seldom contend.
    static final int ACCEPTED = 0;
    static final int STALE = 1;
    static final int DUPLICATE = 2;
    static final int LOW_DIFFICULTY = 3;
    static final int OTHER_REJECTED = 4;
    static final int FORWARDED = 5;
    static final int UPSTREAM_ACCEPTED = 6;
    static final int UPSTREAM_REJECTED = 7;
    static final int BLOCK_CANDIDATES = 8;
    private final AtomicLongArray counts = new AtomicLongArray(9);
    final DoubleAdder acceptedDifficulty = new DoubleAdder();
    /** When the last share was accepted (epoch millis, 0: never) and at what difficulty; for the status page. */
    volatile long lastShareMillis;
    volatile double lastDifficulty;

    WorkerStats(String name) {
        this.name = name;
        this.trackingIdentity = Tlv.fitUserIdentity(name);
    }

    /** The name as sent in the worker-tracking TLV (extension 0x0002): at most 32 bytes, see Tlv.fitUserIdentity. */
    public String trackingIdentity() {
        return trackingIdentity;
    }

    public String name() {
        return name;
    }

    /** Shares answered true. */
    public long accepted() {
        return counts.get(ACCEPTED);
    }

    /** Shares answered with an error, any code. */
    public long rejected() {
        return counts.get(STALE) + counts.get(DUPLICATE) + counts.get(LOW_DIFFICULTY) + counts.get(OTHER_REJECTED);
    }

    public long stale() {
        return counts.get(STALE);
    }

    public long duplicate() {
        return counts.get(DUPLICATE);
    }

    public long lowDifficulty() {
        return counts.get(LOW_DIFFICULTY);
    }

    /** Rejected for another reason than stale, duplicate or low difficulty (bad ntime, version bits...). */
    public long otherRejected() {
        return counts.get(OTHER_REJECTED);
    }

    /** Shares that also met the channel target and went to the pool. */
    public long forwarded() {
        return counts.get(FORWARDED);
    }

    /** Forwarded shares the pool acknowledged. */
    public long upstreamAcceptedCount() {
        return counts.get(UPSTREAM_ACCEPTED);
    }

    /** Forwarded shares the pool refused (SubmitShares.Error). */
    public long upstreamRejectedCount() {
        return counts.get(UPSTREAM_REJECTED);
    }

    /** One share of this worker went to the pool (called by the upstream connection). */
    public void forwardedOne() {
        counts.incrementAndGet(FORWARDED);
    }

    /** The pool acknowledged one forwarded share (called by the upstream connection). */
    public void upstreamAccepted() {
        counts.incrementAndGet(UPSTREAM_ACCEPTED);
    }

    /** The pool refused one forwarded share. */
    public void upstreamRejected() {
        counts.incrementAndGet(UPSTREAM_REJECTED);
    }

    public long blockCandidates() {
        return counts.get(BLOCK_CANDIDATES);
    }

    /** Adds one to a counter ({@link #ACCEPTED}, {@link #STALE}...). */
    void count(int counter) {
        counts.incrementAndGet(counter);
    }

    /** When this worker's last share was accepted, epoch milliseconds; 0 before its first. */
    public long lastShareMillis() {
        return lastShareMillis;
    }

    /** The difficulty of this worker's last accepted share. */
    public double lastDifficulty() {
        return lastDifficulty;
    }

    /** Sum of the miner difficulty of accepted shares (the work the worker proved). */
    public double acceptedDifficulty() {
        return acceptedDifficulty.sum();
    }
}
