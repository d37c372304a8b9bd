package org.sv2translator.testbed.peer;

import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * How translator_sv2 0.2.5 turns {@code min_individual_miner_hashrate} (H) and {@code shares_per_minute} (S) into
 * the difficulty of its first {@code mining.set_difficulty} to every miner, and the inverse the peer configures it
 * with. Written from reading its source, not copied:
 *
 * <ul>
 *   <li>the SV1 server computes its first target once, {@code hash_rate_to_target(H, S)} (channels_sv2), and sends
 *       it to each miner when the miner's upstream channel opens, vardiff on or off; the target the pool answers
 *       with only decides which shares it forwards;</li>
 *   <li>{@code hash_rate_to_target}: {@code hs = floor(H * (60 / S))} as an integer (H and S are f32 in the config,
 *       widened to f64), then {@code target = floor((2^256 - 1 - hs) / (hs + 1))};</li>
 *   <li>the difficulty sent is rust-bitcoin's {@code Target::difficulty_float}: {@code 0xFFFF * 2^208 / target} in
 *       f64.</li>
 * </ul>
 *
 * <p>So the miner difficulty is {@code d = (hs + 1) * 0xFFFF / 2^48} to double precision, about
 * {@code (hs + 1) / 2^32}: it moves in steps of {@code 0xFFFF / 2^48} (2.33e-10). Below a few 1e-9 the step shows:
 * 1e-9 is 4.29 steps, so translator_sv2 can only give 9.31e-10 (hs = 3) or 1.16e-9 (hs = 4); the easiest it can
 * give at all is 2.33e-10 (hs = 0, target 2^256 - 1). Above that, f32's 24-bit mantissa for H bounds the error
 * (relative 6e-8). {@link #hashrateFor} picks the nearest step and an H in the middle of it, so float rounding
 * cannot tip {@code floor} into the next one.
 */
public final class SriDifficulty {
    /** rust-bitcoin's TARGET_MAX_F64, the difficulty-1 target 0xFFFF * 2^208 as a double. */
    private static final double DIFF1 = 0xFFFF * 0x1p208;
    private static final BigInteger TWO_POW_256_MINUS_1 = BigInteger.ONE.shiftLeft(256).subtract(BigInteger.ONE);
    /** Difficulty per unit of hs: 0xFFFF / 2^48. */
    public static final double STEP = 0xFFFF / 0x1p48;

    /** The difficulty translator_sv2 0.2.5 gives a new miner for these two config values. */
    public static double minerDifficulty(double minIndividualMinerHashrate, double sharesPerMinute) {
        double h = (float) minIndividualMinerHashrate;
        double secondsPerShare = 60.0 / (float) sharesPerMinute;
        // Rust's `f64 as u128` truncates towards zero (and saturates, which no sane hashrate reaches).
        BigInteger hs = new BigDecimal(h * secondsPerShare).toBigInteger();
        BigInteger target = TWO_POW_256_MINUS_1.subtract(hs).divide(hs.add(BigInteger.ONE));
        return DIFF1 / target.doubleValue();
    }

    /**
     * The {@code min_individual_miner_hashrate} that makes translator_sv2 give its miners {@code difficulty} (as
     * nearly as its steps allow, see the class comment) with {@code shares_per_minute} = {@code sharesPerMinute}.
     */
    public static double hashrateFor(double difficulty, double sharesPerMinute) {
        if (!(difficulty > 0) || !(sharesPerMinute > 0) || Double.isInfinite(difficulty)) {
            throw new IllegalArgumentException("difficulty and shares per minute must be positive");
        }
        double hs = Math.max(0, Math.rint(difficulty / STEP) - 1);
        // The middle of the step: floor((hs + 0.5) * 60 / S * S / 60) is hs despite the f32 and f64 roundings.
        return (hs + 0.5) * (float) sharesPerMinute / 60.0;
    }

    private SriDifficulty() {
    }
}
