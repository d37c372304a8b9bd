package org.sv2translator.core.http;

import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleSupplier;

/** The total hashrate sampled at a fixed interval, the last hour of it kept for the status page's chart. */
final class HashrateHistory {
    static final int SAMPLE_SECONDS = 10;
    static final int SAMPLES = 3600 / SAMPLE_SECONDS;

    private final DoubleSupplier hashrate;
    private final long[] times = new long[SAMPLES];
    private final double[] values = new double[SAMPLES];
    private int next;
    private int count;

    HashrateHistory(DoubleSupplier hashrate) {
        this.hashrate = hashrate;
    }

    synchronized void sample(long nowMillis) {
        times[next] = nowMillis;
        values[next] = hashrate.getAsDouble();
        next = (next + 1) % SAMPLES;
        count = Math.min(count + 1, SAMPLES);
    }

    /** Oldest first, as [epoch millis, H/s] pairs. */
    synchronized List<double[]> points() {
        List<double[]> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int at = (next - count + i + SAMPLES) % SAMPLES;
            out.add(new double[] {times[at], values[at]});
        }
        return out;
    }
}
