package org.sv2translator.core.difficulty;

import org.sv2translator.bitcoin.ShareRate;

/**
 * One miner's variable difficulty: steers its share rate toward a configured shares-per-minute, and estimates
 * its hashrate from the work it proved. Times are caller-supplied nanoseconds (e.g. {@code System.nanoTime()}),
 * so the controller is deterministic under test.
 *
 * <p>A retarget happens once per {@link Config#retargetInterval()} seconds, or sooner when shares arrive at more
 * than four times the wanted rate (a fresh miner starting far too easy). The new difficulty is the one at which the
 * hashrate measured from the work proved (sum of the shares' difficulties) gives the wanted rate. Each step is capped at a factor of
 * {@link #MAX_STEP} either way so one lucky or unlucky window cannot throw the difficulty off, and changes under
 * 20% are ignored so miners are not sent a new difficulty for noise.
 *
 * <p>Not thread-safe: its owner serializes every call (the translator's {@code Miner} holds it under the miner's
 * monitor, since shares arrive on the miner's event loop and retargets come from the upstream loop's timer).
 */
public final class Vardiff {
    static final double MAX_STEP = 4.0;
    private static final double DEADBAND = 0.2;
    private static final double NANOS_PER_SECOND = 1e9;
    /** Weight of the newest window in the hashrate average. */
    private static final double HASHRATE_SMOOTHING = 0.5;

    /**
     * @param sharesPerMinute  wanted share rate per miner
     * @param minDifficulty    floor for any miner
     * @param retargetInterval seconds between regular retargets
     * @param steps            which difficulties it may set (every difficulty it returns is one)
     */
    public record Config(double sharesPerMinute, double minDifficulty, double retargetInterval,
                         DifficultySteps steps) {
        public Config {
            if (!(sharesPerMinute > 0) || !(minDifficulty > 0) || !(retargetInterval > 0)) {
                throw new IllegalArgumentException("vardiff settings must be positive: " + sharesPerMinute + ", "
                        + minDifficulty + ", " + retargetInterval);
            }
            java.util.Objects.requireNonNull(steps, "steps");
        }

        /** Any difficulty (no steps). */
        public Config(double sharesPerMinute, double minDifficulty, double retargetInterval) {
            this(sharesPerMinute, minDifficulty, retargetInterval, DifficultySteps.ANY);
        }
    }

    private final Config config;
    private double difficulty;
    private long windowStart;
    private int windowShares;
    private double windowWork;
    private double hashrate;

    /** Starts at {@code initialDifficulty} (e.g. the miner's suggest_difficulty), raised to the floor. */
    public Vardiff(Config config, double initialDifficulty, long nowNanos) {
        this.config = config;
        this.difficulty = step(Math.max(config.minDifficulty(), initialDifficulty), Double.MAX_VALUE);
        this.windowStart = nowNanos;
    }

    public double difficulty() {
        return difficulty;
    }

    /** Estimated hashes per second, 0 until the first window closes. */
    public double hashrate() {
        return hashrate;
    }

    /**
     * Restarts the controller at {@code newDifficulty} (e.g. a miner's suggestion; with steps, the nearest step),
     * discarding the open window.
     */
    public void reset(double newDifficulty, long nowNanos) {
        resetBelow(newDifficulty, Double.MAX_VALUE, nowNanos);
    }

    /** {@link #reset} to a difficulty that must also stay at or below {@code maxDifficulty} once on a step. */
    public void resetBelow(double newDifficulty, double maxDifficulty, long nowNanos) {
        difficulty = step(Math.max(config.minDifficulty(), newDifficulty), maxDifficulty);
        windowStart = nowNanos;
        windowShares = 0;
        windowWork = 0;
    }

    /**
     * A share was accepted at {@code shareDifficulty}: the difficulty it was checked against, which lags
     * {@link #difficulty()} until the miner has applied a change (it does so with its next job).
     */
    public void onShare(long nowNanos, double shareDifficulty) {
        windowShares++;
        windowWork += shareDifficulty;
    }

    /** Starts a new measuring window, e.g. when the miner starts working at a new difficulty. */
    public void restartWindow(long nowNanos) {
        windowStart = nowNanos;
        windowShares = 0;
        windowWork = 0;
    }

    /**
     * Closes the window when due and returns the new difficulty if it changed by enough to tell the miner, or
     * {@code 0} when nothing changes. {@code maxDifficulty} is the ceiling (the channel target's difficulty: a
     * miner set harder than the channel would withhold shares the pool wants).
     */
    public double retarget(long nowNanos, double maxDifficulty) {
        // With power-of-two steps every change is at least a factor of 2, past the dead band: the step nearest the
        // ideal difficulty only moves when the ideal is off by more than a factor of sqrt(2), itself a dead band.
        double elapsed = (nowNanos - windowStart) / NANOS_PER_SECOND;
        double expected = config.sharesPerMinute() * elapsed / 60.0;
        boolean due = elapsed >= config.retargetInterval();
        boolean flooding = windowShares >= 8 && windowShares > 4 * expected;
        if (!due && !flooding || elapsed <= 0) {
            return 0;
        }
        double measured = ShareRate.hashrateOf(windowWork, elapsed);
        hashrate = hashrate == 0 ? measured : HASHRATE_SMOOTHING * measured + (1 - HASHRATE_SMOOTHING) * hashrate;

        // Steer by the work proved, not the share count: shares found at an older, easier difficulty must not
        // read as a faster miner.
        double factor = windowShares == 0 ? 1 / MAX_STEP
                : ShareRate.difficultyFor(measured, config.sharesPerMinute()) / difficulty;
        factor = Math.max(1 / MAX_STEP, Math.min(MAX_STEP, factor));
        double wanted = step(Math.max(config.minDifficulty(), Math.min(maxDifficulty, difficulty * factor)),
                maxDifficulty);
        windowStart = nowNanos;
        windowShares = 0;
        windowWork = 0;
        if (wanted == difficulty || Math.abs(wanted - difficulty) <= DEADBAND * difficulty) {
            return 0;
        }
        difficulty = wanted;
        return wanted;
    }

    private double step(double d, double maxDifficulty) {
        return config.steps().round(d, config.minDifficulty(), maxDifficulty);
    }
}
