package org.sv2translator.core;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;


/**
 * Rejected shares, logged once a minute as one line by reason: a misconfigured miner rejects thousands of shares
 * an hour, and a line per share would bury everything else. Nothing is counted here: the minute's figures are the
 * change in the counters by outcome the share pipeline keeps anyway. Called from the translator's timer only.
 */
final class RejectSummary {
    private static final Logger log = LoggerFactory.getLogger(RejectSummary.class);
    static final long INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(1);

    private final Supplier<Map<String, Long>> totals;
    private Map<String, Long> lastTotals;
    private long lastLog = System.nanoTime();

    /** @param totals rejects so far by reason (SharePipeline.rejectedByReason) */
    RejectSummary(Supplier<Map<String, Long>> totals) {
        this.totals = totals;
        this.lastTotals = totals.get();
    }

    /** Logs the last minute's rejects once a minute has passed; silent when there were none. */
    void logIfDue(long nowNanos) {
        if (nowNanos - lastLog < INTERVAL_NANOS) {
            return;
        }
        lastLog = nowNanos;
        Map<String, Long> sinceLast = drain();
        long total = sinceLast.values().stream().mapToLong(Long::longValue).sum();
        if (total > 0) {
            log.warn("{} shares rejected in the last minute: {}", total, sinceLast);
        }
    }

    /** The rejects since the last call, by reason (only the non-zero ones). */
    Map<String, Long> drain() {
        Map<String, Long> now = totals.get();
        Map<String, Long> diff = new TreeMap<>();
        now.forEach((reason, n) -> {
            long d = n - lastTotals.getOrDefault(reason, 0L);
            if (d > 0) {
                diff.put(reason, d);
            }
        });
        lastTotals = now;
        return diff;
    }
}
