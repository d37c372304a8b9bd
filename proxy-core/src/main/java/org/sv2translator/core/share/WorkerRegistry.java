package org.sv2translator.core.share;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
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

    /** Shares rejected so far by all workers, by {@link ShareOutcome.Category#label()}: stale, duplicate... */
    public Map<String, Long> rejectedByReason() {
        Map<String, Long> byReason = new LinkedHashMap<>();
        for (ShareOutcome.Category c : ShareOutcome.Category.values()) {
            if (c != ShareOutcome.Category.ACCEPTED) {
                long n = 0;
                for (WorkerStats w : workers.values()) {
                    n += w.count(c);
                }
                byReason.put(c.label(), n);
            }
        }
        return byReason;
    }

    public Collection<WorkerStats> all() {
        return Collections.unmodifiableCollection(workers.values());
    }
}
