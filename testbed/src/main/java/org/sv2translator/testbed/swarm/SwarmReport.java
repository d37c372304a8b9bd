package org.sv2translator.testbed.swarm;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * What a swarm measured: connections, shares by verdict, submit round-trip latency, notify delivery latency and
 * hashes done. Written by the swarm's threads, read at any time ({@link #liveLine()}, {@link #toTable()},
 * {@link #toJson()}). Latency percentiles come from Micrometer's histogram (HdrHistogram underneath).
 */
public final class SwarmReport {
    private static final double[] PERCENTILES = {0.5, 0.99, 0.999};

    final LongAdder connected = new LongAdder();
    final LongAdder connectFailures = new LongAdder();
    final LongAdder disconnects = new LongAdder();
    final LongAdder submitted = new LongAdder();
    final LongAdder accepted = new LongAdder();
    final LongAdder hashes = new LongAdder();
    final LongAdder notifies = new LongAdder();
    final LongAdder subscribed = new LongAdder();
    final LongAdder working = new LongAdder();
    private final java.util.concurrent.atomic.AtomicLong lastFirstJobNanos = new java.util.concurrent.atomic.AtomicLong();
    private final Map<Integer, LongAdder> rejectedByCode = new ConcurrentHashMap<>();
    // Replaced, not cleared, by startLatencyWindow (a Micrometer timer cannot be reset): a fresh registry each time.
    private volatile Timer submitLatency;
    private volatile Timer notifyLatency;
    private final long startNanos = System.nanoTime();

    SwarmReport() {
        startLatencyWindow();
    }

    /**
     * Forgets the latencies recorded so far: the percentiles then describe only what follows (a load run's
     * measured window, without its ramp and warm-up). The counters are left alone.
     */
    public void startLatencyWindow() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        submitLatency = timer(registry, "submit");
        notifyLatency = timer(registry, "notify");
    }

    private static Timer timer(SimpleMeterRegistry registry, String name) {
        return Timer.builder(name).publishPercentiles(PERCENTILES).percentilePrecision(2)
                .distributionStatisticExpiry(Duration.ofDays(1)).distributionStatisticBufferLength(1)
                .register(registry);
    }

    void rejected(int code) {
        // Codes come from the server: anything outside the conventional range is folded into one bucket.
        int key = code >= 20 && code <= 25 ? code : 0;
        rejectedByCode.computeIfAbsent(key, k -> new LongAdder()).increment();
    }

    /** A connection got its first job since it connected. */
    void firstJob() {
        working.increment();
        lastFirstJobNanos.accumulateAndGet(System.nanoTime(), Math::max);
    }

    /** Subscribes answered with an extranonce1 (a reconnecting miner counts again). */
    public long subscribed() {
        return subscribed.sum();
    }

    /** Connections that received at least one job (a reconnecting miner counts again). */
    public long working() {
        return working.sum();
    }

    /** From the swarm's start to the latest first job of a connection, ms: how long until every miner worked. */
    public long allWorkingAfterMillis() {
        long last = lastFirstJobNanos.get();
        return last == 0 ? -1 : TimeUnit.NANOSECONDS.toMillis(last - startNanos);
    }

    void submitLatency(long nanos) {
        submitLatency.record(nanos, TimeUnit.NANOSECONDS);
    }

    void notifyLatency(long nanos) {
        notifyLatency.record(Math.max(0, nanos), TimeUnit.NANOSECONDS);
    }

    /** mining.notify messages received, all miners together. */
    public long notifies() {
        return notifies.sum();
    }

    /** Connections open now. */
    public long connected() {
        return connected.sum();
    }

    /** Connections the other side closed or lost, since the start. */
    public long disconnects() {
        return disconnects.sum();
    }

    public long submitted() {
        return submitted.sum();
    }

    public long accepted() {
        return accepted.sum();
    }

    public long rejected() {
        return rejectedByCode.values().stream().mapToLong(LongAdder::sum).sum();
    }

    /** Rejections by JSON-RPC error code (0 = a code outside 20..25). */
    public Map<Integer, Long> rejectedByCode() {
        Map<Integer, Long> m = new TreeMap<>();
        rejectedByCode.forEach((k, v) -> m.put(k, v.sum()));
        return m;
    }

    /** Clean-jobs notifies whose delivery latency could be measured. */
    public long notifyLatencySamples() {
        return notifyLatency.count();
    }

    /** Hashes per second over the whole run (HASHING mode). */
    public double hashrate() {
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        return seconds > 0 ? hashes.sum() / seconds : 0;
    }

    /** One status line for a console. */
    public String liveLine() {
        String line = String.format("miners %d (%d with a job) | shares %d submitted, %d accepted, %d rejected",
                connected.sum(), working.sum(), submitted.sum(), accepted.sum(), rejected());
        // RATE mode does not hash for real: no hashrate to show.
        return hashes.sum() > 0 ? line + " | " + formatHashrate(hashrate()) : line;
    }

    public String toTable() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("%-28s %s%n", "connections", connected.sum() + " established, " + connectFailures.sum()
                + " failed, " + disconnects.sum() + " dropped"));
        sb.append(String.format("%-28s %d subscribed, %d got a job, the last %d ms after the start%n", "miners",
                subscribed.sum(), working.sum(), allWorkingAfterMillis()));
        sb.append(String.format("%-28s %d submitted, %d accepted, %d rejected %s%n", "shares", submitted.sum(),
                accepted.sum(), rejected(), rejectedByCode()));
        sb.append(latencyRow("submit latency (ms)", submitLatency.takeSnapshot()));
        sb.append(latencyRow("notify latency (ms)", notifyLatency.takeSnapshot()));
        if (hashes.sum() > 0) {
            sb.append(String.format("%-28s %s%n", "hashrate", formatHashrate(hashrate())));
        }
        return sb.toString();
    }

    /** Submit round trips since the start or {@link #startLatencyWindow()}, in ms: p50, p99, p99.9, max, count. */
    public Map<String, Double> submitLatencyMs() {
        return latencyMs(submitLatency.takeSnapshot());
    }

    /** Block publication at the pool to each miner's clean-jobs notify (same window), in ms: p50, p99, p99.9, max, count. */
    public Map<String, Double> notifyLatencyMs() {
        return latencyMs(notifyLatency.takeSnapshot());
    }

    private static Map<String, Double> latencyMs(HistogramSnapshot s) {
        Map<String, Double> m = new LinkedHashMap<>();
        for (ValueAtPercentile p : s.percentileValues()) {
            m.put("p" + trim(p.percentile() * 100), p.value(TimeUnit.MILLISECONDS));
        }
        m.put("max", s.max(TimeUnit.MILLISECONDS));
        m.put("count", (double) s.count());
        return m;
    }

    public String toJson() {
        ObjectMapper json = new ObjectMapper();
        ObjectNode root = json.createObjectNode();
        root.put("connections", connected.sum()).put("connectFailures", connectFailures.sum())
                .put("subscribed", subscribed.sum()).put("working", working.sum())
                .put("allWorkingAfterMs", allWorkingAfterMillis())
                .put("disconnects", disconnects.sum()).put("submitted", submitted.sum())
                .put("accepted", accepted.sum()).put("rejected", rejected()).put("hashrate", hashrate());
        ObjectNode codes = root.putObject("rejectedByCode");
        rejectedByCode().forEach((k, v) -> codes.put(String.valueOf(k), v));
        latencyJson(root.putObject("submitLatencyMs"), submitLatency.takeSnapshot());
        latencyJson(root.putObject("notifyLatencyMs"), notifyLatency.takeSnapshot());
        return root.toPrettyString();
    }

    private static String latencyRow(String label, HistogramSnapshot s) {
        if (s.count() == 0) {
            return String.format("%-28s no samples%n", label);
        }
        StringBuilder sb = new StringBuilder(String.format("%-28s n=%d", label, s.count()));
        for (ValueAtPercentile p : s.percentileValues()) {
            sb.append(String.format(" p%s=%.3f", trim(p.percentile() * 100), p.value(TimeUnit.MILLISECONDS)));
        }
        return sb.append(String.format(" max=%.3f%n", s.max(TimeUnit.MILLISECONDS))).toString();
    }

    private static void latencyJson(ObjectNode node, HistogramSnapshot s) {
        node.put("count", s.count());
        for (ValueAtPercentile p : s.percentileValues()) {
            node.put("p" + trim(p.percentile() * 100), p.value(TimeUnit.MILLISECONDS));
        }
        node.put("max", s.max(TimeUnit.MILLISECONDS));
    }

    private static String trim(double percent) {
        return percent == Math.rint(percent) ? String.valueOf((long) percent) : String.valueOf(percent);
    }

    /** {@code 3.24 MH/s} and so on. */
    public static String formatHashrate(double h) {
        String[] units = {"H/s", "kH/s", "MH/s", "GH/s", "TH/s", "PH/s"};
        int i = 0;
        while (h >= 1000 && i < units.length - 1) {
            h /= 1000;
            i++;
        }
        return String.format("%.2f %s", h, units[i]);
    }
}
