package org.sv2translator.core.share;

import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Per-worker counters keyed by the worker name miners send. Names are miner input, so the registry is bounded: it
 * keeps the workers authorized on a live connection, at most {@code maxLive} of them, and the {@code maxRecent}
 * whose last connection left most recently (so a miner that reconnects keeps its figures, and the operator sees a
 * worker that just dropped). Past those, the least recently seen worker is forgotten with its series; a live
 * worker beyond {@code maxLive} is counted in the shared {@link #OVERFLOW} entry, so totals stay right whatever
 * names miners invent.
 *
 * <p>Thread-safe: connects and disconnects (on the miners' loops) take this registry's monitor; the share path
 * reads the concurrent map without it.
 */
public final class WorkerRegistry {
    private static final Logger log = LoggerFactory.getLogger(WorkerRegistry.class);
    public static final int DEFAULT_MAX_LIVE = 10_000;
    public static final int DEFAULT_MAX_RECENT = 1_000;
    public static final String OVERFLOW = "(other workers)";
    private static final long OVERFLOW_LOG_NANOS = 60_000_000_000L;

    private final int maxLive;
    private final int maxRecent;
    private final ConcurrentHashMap<String, WorkerStats> workers = new ConcurrentHashMap<>();
    private final WorkerStats overflow = new WorkerStats(OVERFLOW);
    // Guarded by this.
    private final Map<String, Integer> connections = new HashMap<>();
    private final LinkedHashMap<String, WorkerStats> recent = new LinkedHashMap<>(); // oldest departure first
    private long lastOverflowLog = System.nanoTime() - OVERFLOW_LOG_NANOS;

    public WorkerRegistry() {
        this(DEFAULT_MAX_LIVE, DEFAULT_MAX_RECENT);
    }

    public WorkerRegistry(int maxLive, int maxRecent) {
        if (maxLive < 1 || maxRecent < 0) {
            throw new IllegalArgumentException("worker bounds: live >= 1, recent >= 0");
        }
        this.maxLive = maxLive;
        this.maxRecent = maxRecent;
    }

    /** A connection authorized {@code name}: its stats, kept while any connection has it authorized. */
    public synchronized WorkerStats connect(String name) {
        Integer n = connections.get(name);
        if (n == null && connections.size() >= maxLive) {
            long now = System.nanoTime();
            if (now - lastOverflowLog >= OVERFLOW_LOG_NANOS) {
                lastOverflowLog = now;
                log.warn("more than {} workers connected: shares of further workers are counted as '{}'", maxLive,
                        OVERFLOW);
            }
            workers.putIfAbsent(OVERFLOW, overflow);
            return overflow;
        }
        connections.put(name, n == null ? 1 : n + 1);
        WorkerStats s = recent.remove(name);
        if (s == null) {
            s = workers.computeIfAbsent(name, WorkerStats::new);
        }
        return s;
    }

    /** A connection that had {@code name} authorized left. */
    public synchronized void disconnect(String name) {
        Integer n = connections.get(name);
        if (n == null) {
            return; // counted in the overflow entry, or never connected
        }
        if (n > 1) {
            connections.put(name, n - 1);
            return;
        }
        connections.remove(name);
        recent.put(name, workers.get(name));
        Iterator<String> oldest = recent.keySet().iterator();
        while (recent.size() > maxRecent) {
            workers.remove(oldest.next());
            oldest.remove();
        }
    }

    /**
     * The stats a share of {@code name} is counted in: the worker's, or the overflow entry for a name beyond the
     * bound (or one whose connection is already gone).
     */
    public WorkerStats of(String name) {
        WorkerStats s = workers.get(name);
        return s != null ? s : overflow;
    }

    /** Workers with a connection now. */
    public synchronized int liveCount() {
        return connections.size();
    }

    /** Every worker kept: live, recently gone, and the overflow entry once used. */
    public Collection<WorkerStats> all() {
        return Collections.unmodifiableCollection(workers.values());
    }
}
