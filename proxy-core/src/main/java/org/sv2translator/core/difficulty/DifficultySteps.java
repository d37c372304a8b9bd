package org.sv2translator.core.difficulty;

/**
 * Which difficulties miners are sent ({@code --difficulty-steps}).
 *
 * <p>Why powers of two by default: an adopter of the Stratum Reference Implementation's translator reported
 * firmware misbehaving on the fractional, non-power-of-two values of its {@code mining.set_difficulty}, and the
 * major pools were found to send only integer powers of two; the translator moved to them
 * (https://github.com/stratum-mining/sv2-apps/issues/561, https://github.com/stratum-mining/sv2-apps/pull/569,
 * https://github.com/stratum-mining/stratum/pull/2210). Bitaxe's AxeOS, for one, truncated difficulties to integers
 * (https://github.com/bitaxeorg/ESP-Miner/issues/1592). There the pool's difficulty itself was rounded, and rounding
 * it up cost hashrate (https://github.com/stratum-mining/stratum/pull/2227). Here a miner's difficulty is vardiff's
 * choice and its shares are checked against exactly the difficulty it was sent, so rounding loses no share; the
 * channel's difficulty stays a ceiling (a miner harder than the pool would withhold shares the pool wants).
 */
public enum DifficultySteps {
    /** Whatever vardiff computes (fractional values included). */
    ANY {
        @Override
        public double round(double difficulty, double min, double max) {
            return difficulty;
        }
    },
    /**
     * Powers of two: integers from 1 up, as pools send; below 1 (CPU and test miners only) the binary fractions
     * 1/2, 1/4... The nearest one in ratio (so a miner whose ideal difficulty sits near a step does not flap between
     * steps a factor of two apart), then no higher than the largest power of two at or below {@code max}, and no lower
     * than the smallest at or above {@code min} unless that would pass {@code max}.
     */
    POW2 {
        @Override
        public double round(double difficulty, double min, double max) {
            if (!(difficulty > 0) || Double.isInfinite(difficulty)) {
                return difficulty;
            }
            double below = floorPowerOfTwo(difficulty);
            double d = difficulty / below >= Math.sqrt(2) ? below * 2 : below;
            if (d < min) {
                double floor = floorPowerOfTwo(min);
                d = floor < min ? floor * 2 : floor;
            }
            if (d > max) {
                d = floorPowerOfTwo(max);
            }
            return d;
        }
    };

    /**
     * {@code difficulty} as a step of this kind, for a miner whose difficulty must stay within {@code min} and
     * {@code max} (the vardiff floor, the channel's difficulty); the caller has already clamped it there.
     */
    public abstract double round(double difficulty, double min, double max);

    /** The largest power of two at or below {@code x} (positive, finite or not). */
    static double floorPowerOfTwo(double x) {
        return Math.scalb(1.0, Math.min(Math.getExponent(x), Double.MAX_EXPONENT));
    }
}
