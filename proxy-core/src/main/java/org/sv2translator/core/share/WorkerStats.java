package org.sv2translator.core.share;

import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;
import org.sv2translator.v2.message.Tlv;

/**
 * One worker's share counters: what the proxy answered the miner, and what the pool later said about the shares
 * the proxy forwarded (the per-worker upstream verdicts other proxies never report). Thread-safe.
 */
public final class WorkerStats {
    private final String name;
    private final String trackingIdentity;
    final LongAdder accepted = new LongAdder();
    final LongAdder stale = new LongAdder();
    final LongAdder duplicate = new LongAdder();
    final LongAdder lowDifficulty = new LongAdder();
    final LongAdder otherRejected = new LongAdder();
    final LongAdder forwarded = new LongAdder();
    final LongAdder upstreamAccepted = new LongAdder();
    final LongAdder upstreamRejected = new LongAdder();
    final LongAdder blockCandidates = new LongAdder();
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
        return accepted.sum();
    }

    /** Shares answered with an error, any code. */
    public long rejected() {
        return stale.sum() + duplicate.sum() + lowDifficulty.sum() + otherRejected.sum();
    }

    public long stale() {
        return stale.sum();
    }

    public long duplicate() {
        return duplicate.sum();
    }

    public long lowDifficulty() {
        return lowDifficulty.sum();
    }

    /** Rejected for another reason than stale, duplicate or low difficulty (bad ntime, version bits...). */
    public long otherRejected() {
        return otherRejected.sum();
    }

    /** Shares that also met the channel target and went to the pool. */
    public long forwarded() {
        return forwarded.sum();
    }

    /** Forwarded shares the pool acknowledged. */
    public long upstreamAcceptedCount() {
        return upstreamAccepted.sum();
    }

    /** Forwarded shares the pool refused (SubmitShares.Error). */
    public long upstreamRejectedCount() {
        return upstreamRejected.sum();
    }

    /** One share of this worker went to the pool (called by the upstream connection). */
    public void forwardedOne() {
        forwarded.increment();
    }

    /** The pool acknowledged one forwarded share (called by the upstream connection). */
    public void upstreamAccepted() {
        upstreamAccepted.increment();
    }

    /** The pool refused one forwarded share. */
    public void upstreamRejected() {
        upstreamRejected.increment();
    }

    public long blockCandidates() {
        return blockCandidates.sum();
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
