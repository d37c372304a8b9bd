package org.sv2translator.testbed.load;

import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * What {@link OpenLoopLoad} measured in its window. Shares belong to the window by their scheduled send time;
 * latencies count from that time, so a share the generator sent late, or the server answered late, shows late.
 *
 * @param scheduled       shares whose send time fell in the window
 * @param sent            of them, sent (by the end of the grace period)
 * @param shortfall       {@code scheduled - sent}: what the generator (or a lost connection) failed to send
 * @param answered        answers to the window's shares
 * @param unanswered      the window's sent shares without an answer by the end of the grace period
 * @param submitMs        scheduled send time to answer
 * @param sendLagMs       scheduled send time to the write: the generator's own delay, part of {@code submitMs}
 * @param fanoutMs        trigger (the pool's publication, the floor's trigger) to each connection's clean notify,
 *                        from a wall-clock stamp in milliseconds (so up to 1 ms high)
 * @param fanoutSpreadMs  per trigger in the window: first to last connection receiving it (one clock, exact)
 * @param targetCpuSeconds the measured process's CPU time in the window (NaN without one)
 * @param targetRssBytes  its resident memory at the window's end
 * @param generatorCpuSeconds this generator's own CPU time in the window (is it the bottleneck?)
 */
public record LoadReport(int miners, long connected, long working, long disconnects, long connectFailures,
                         double askedRate, double windowSeconds, long scheduled, long sent, long shortfall,
                         long answered, long accepted, Map<Integer, Long> rejectedByCode, long unanswered,
                         Latency submitMs, Latency sendLagMs, Latency fanoutMs, long fanoutTriggers,
                         Latency fanoutSpreadMs, double targetCpuSeconds, double targetRssBytes,
                         double generatorCpuSeconds) {

    public double sentPerSecond() {
        return sent / windowSeconds;
    }

    public double answeredPerSecond() {
        return answered / windowSeconds;
    }

    public long rejected() {
        return rejectedByCode.values().stream().mapToLong(Long::longValue).sum();
    }

    /** The measured process's CPU seconds per 10,000 answered lines. */
    public double cpuSecondsPer10k() {
        return targetCpuSeconds / Math.max(1, answered) * 10_000;
    }

    /** Percentiles in milliseconds of a histogram recorded in microseconds. */
    public record Latency(double p50, double p99, double p999, double max, long count) {
        static Latency of(Histogram microseconds) {
            if (microseconds.getTotalCount() == 0) {
                return new Latency(Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0);
            }
            return new Latency(microseconds.getValueAtPercentile(50) / 1000.0,
                    microseconds.getValueAtPercentile(99) / 1000.0, microseconds.getValueAtPercentile(99.9) / 1000.0,
                    microseconds.getMaxValue() / 1000.0, microseconds.getTotalCount());
        }
    }
}
