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
    // The first counters are the outcome categories, by ordinal; the rest follow them.
    private static final int ACCEPTED = ShareOutcome.Category.ACCEPTED.ordinal();
    private static final int STALE = ShareOutcome.Category.STALE.ordinal();
    private static final int DUPLICATE = ShareOutcome.Category.DUPLICATE.ordinal();
    private static final int LOW_DIFFICULTY = ShareOutcome.Category.LOW_DIFFICULTY.ordinal();
    private static final int OTHER_REJECTED = ShareOutcome.Category.INVALID.ordinal();
    private static final int FORWARDED = ShareOutcome.Category.values().length;
    private static final int UPSTREAM_ACCEPTED = FORWARDED + 1;
    private static final int UPSTREAM_REJECTED = FORWARDED + 2;
    private static final int BLOCK_CANDIDATES = FORWARDED + 3;
    private final AtomicLongArray counts = new AtomicLongArray(BLOCK_CANDIDATES + 1);
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

    /** Shares answered with an outcome of this category. */
    public long count(ShareOutcome.Category category) {
        return counts.get(category.ordinal());
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

    /** Counts one share answered with {@code outcome}. */
    void count(ShareOutcome outcome) {
        counts.incrementAndGet(outcome.category().ordinal());
    }

    void countBlockCandidate() {
        counts.incrementAndGet(BLOCK_CANDIDATES);
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
