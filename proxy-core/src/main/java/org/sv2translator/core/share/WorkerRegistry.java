package org.sv2translator.core.share;

import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per-worker counters keyed by the worker name miners send. Names are miner input, so the registry holds at most
 * {@link #MAX_WORKERS}; later names share the {@link #OVERFLOW} entry (and the operator gets the total right even
 * when a miner invents a name per share). Thread-safe.
 */
public final class WorkerRegistry {
    public static final int MAX_WORKERS = 100_000;
    public static final String OVERFLOW = "(other workers)";

    private final ConcurrentHashMap<String, WorkerStats> workers = new ConcurrentHashMap<>();
    private final int max;

    public WorkerRegistry() {
        this(MAX_WORKERS);
    }

    WorkerRegistry(int max) {
        this.max = max;
    }

    /** The stats of this worker, created on first use (or the overflow entry when full). */
    public WorkerStats of(String name) {
        WorkerStats s = workers.get(name);
        if (s != null) {
            return s;
        }
        String key = workers.size() < max ? name : OVERFLOW;
        return workers.computeIfAbsent(key, WorkerStats::new);
    }

    /** Shares rejected so far by all workers, by reason: stale, duplicate, low-difficulty, other. */
    public Map<String, Long> rejectedByReason() {
        long stale = 0;
        long duplicate = 0;
        long low = 0;
        long other = 0;
        for (WorkerStats w : workers.values()) {
            stale += w.stale();
            duplicate += w.duplicate();
            low += w.lowDifficulty();
            other += w.otherRejected();
        }
        return Map.of("stale", stale, "duplicate", duplicate, "low-difficulty", low, "other", other);
    }

    public Collection<WorkerStats> all() {
        return Collections.unmodifiableCollection(workers.values());
    }
}
