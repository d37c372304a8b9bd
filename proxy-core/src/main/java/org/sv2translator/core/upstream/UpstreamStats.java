package org.sv2translator.core.upstream;

import io.netty.handler.traffic.GlobalTrafficShapingHandler;
import java.util.concurrent.ScheduledExecutorService;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the pools did with our shares and what they complained about, summed over every connection and channel
 * (they come and go with failover; the counters stay). Thread-safe.
 */
public final class UpstreamStats {
    /** Pool error codes are free text: past this many kinds, further ones are counted together. */
    static final int MAX_ERROR_KINDS = 64;

    final LongAdder sharesAccepted = new LongAdder();
    final LongAdder sharesRejected = new LongAdder();
    final LongAdder sharesSent = new LongAdder();
    final LongAdder sharesLost = new LongAdder();
    final DoubleAdder sentDifficulty = new DoubleAdder();
    final LongAdder staleNotForwarded = new LongAdder();
    final LongAdder staleInFlight = new LongAdder();
    final LongAdder connections = new LongAdder();
    final LongAdder failovers = new LongAdder();
    private final Map<String, LongAdder> errors = new ConcurrentHashMap<>();
    /** Counts the bytes of every pool connection, encrypted as on the wire (Netty's counter: no shaping). */
    private GlobalTrafficShapingHandler traffic;

    synchronized GlobalTrafficShapingHandler traffic(ScheduledExecutorService executor) {
        if (traffic == null) {
            traffic = new GlobalTrafficShapingHandler(executor, 0);
        }
        return traffic;
    }

    /** Bytes received from pools. */
    public synchronized long bytesRead() {
        return traffic == null ? 0 : traffic.trafficCounter().cumulativeReadBytes();
    }

    /** Bytes sent to pools. */
    public synchronized long bytesWritten() {
        return traffic == null ? 0 : traffic.trafficCounter().cumulativeWrittenBytes();
    }

    public long sharesAccepted() {
        return sharesAccepted.sum();
    }

    public long sharesRejected() {
        return sharesRejected.sum();
    }

    /**
     * Shares sent that will never get a verdict: in flight when their connection or channel was lost, or still
     * unanswered when a closed channel's connection ended. sent = accepted + rejected + lost + (awaiting a verdict).
     */
    public long sharesLost() {
        return sharesLost.sum();
    }

    /** Shares sent to a pool (SubmitSharesExtended written). */
    public long sharesSent() {
        return sharesSent.sum();
    }

    /** Sum of the difficulty of the shares sent, each at its job's target: the work the pools should credit. */
    public double sentDifficulty() {
        return sentDifficulty.sum();
    }

    /** Shares held back because their job went stale (new prevhash, lost channel) on their way to the pool. */
    public long staleNotForwarded() {
        return staleNotForwarded.sum();
    }

    /**
     * Shares the pool refused as stale that were sent on the previous prevhash while its SetNewPrevHash was on the
     * wire to us: a subset of {@link #sharesRejected()}. The miner had been told "accepted" (its answer cannot wait
     * for the pool), so these are the refusals a new block makes unavoidable; any other refusal means a share rule
     * of ours differs from the pool's.
     */
    public long staleInFlight() {
        return staleInFlight.sum();
    }

    /** Connections that completed setup. */
    public long connections() {
        return connections.sum();
    }

    /** Times the translator moved to another pool (a backup, or back to the primary). */
    public long failovers() {
        return failovers.sum();
    }

    /** How many times the pools sent each error ("SubmitShares.Error: stale-share" and so on). */
    public Map<String, Long> errors() {
        Map<String, Long> copy = new TreeMap<>();
        errors.forEach((k, v) -> copy.put(k, v.sum()));
        return copy;
    }

    void countError(String message, String code) {
        String key = message + ": " + code;
        if (!errors.containsKey(key) && errors.size() >= MAX_ERROR_KINDS) {
            key = message + ": (other codes)";
        }
        errors.computeIfAbsent(key, k -> new LongAdder()).increment();
    }
}
