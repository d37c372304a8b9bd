package org.sv2translator.core;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sv2translator.v1.V1Error;

/**
 * Rejected shares, logged once a minute as one line by reason: a misconfigured miner rejects thousands of shares
 * an hour, and a line per share would bury everything else. Counting is lock-free (miner loops); the minute's
 * line is written by the translator's timer.
 */
final class RejectSummary {
    private static final Logger log = LoggerFactory.getLogger(RejectSummary.class);
    static final long INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(1);

    private final LongAdder stale = new LongAdder();
    private final LongAdder duplicate = new LongAdder();
    private final LongAdder lowDifficulty = new LongAdder();
    private final LongAdder other = new LongAdder();
    private long lastLog = System.nanoTime();

    void count(V1Error error) {
        switch (error.code()) {
            case V1Error.CODE_JOB_NOT_FOUND -> stale.increment();
            case V1Error.CODE_DUPLICATE -> duplicate.increment();
            case V1Error.CODE_LOW_DIFFICULTY -> lowDifficulty.increment();
            default -> other.increment();
        }
    }

    /** Logs and resets the counts once a minute has passed since the last line; silent when nothing was rejected. */
    void logIfDue(long nowNanos) {
        if (nowNanos - lastLog < INTERVAL_NANOS) {
            return;
        }
        lastLog = nowNanos;
        Map<String, Long> byReason = drain();
        long total = byReason.values().stream().mapToLong(Long::longValue).sum();
        if (total > 0) {
            log.warn("{} shares rejected in the last minute: {}", total, byReason);
        }
    }

    /** The counts since the last call, by reason (only the non-zero ones), and resets them. */
    Map<String, Long> drain() {
        Map<String, Long> m = new TreeMap<>();
        put(m, "stale", stale.sumThenReset());
        put(m, "duplicate", duplicate.sumThenReset());
        put(m, "low-difficulty", lowDifficulty.sumThenReset());
        put(m, "other", other.sumThenReset());
        return m;
    }

    private static void put(Map<String, Long> m, String reason, long n) {
        if (n > 0) {
            m.put(reason, n);
        }
    }
}
