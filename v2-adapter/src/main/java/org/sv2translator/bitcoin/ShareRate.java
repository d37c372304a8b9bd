package org.sv2translator.bitcoin;

/**
 * The pool convention linking hashrate, difficulty and share rate: a share of difficulty 1 takes 2^32 hashes on
 * average (diff1's target is about 2^224, and 65535/65536 is ignored, as every pool ignores it). Used to set a
 * channel's or a miner's difficulty from a hashrate and to estimate a hashrate from accepted work.
 */
public final class ShareRate {
    /** Expected hashes per share of difficulty 1. */
    public static final double HASHES_PER_DIFFICULTY_1 = 4294967296.0;

    private ShareRate() {
    }

    /** The difficulty at which {@code hashesPerSecond} finds {@code sharesPerMinute} shares. */
    public static double difficultyFor(double hashesPerSecond, double sharesPerMinute) {
        return hashesPerSecond * 60 / (sharesPerMinute * HASHES_PER_DIFFICULTY_1);
    }

    /** The hashrate that finds {@code sharesPerMinute} shares at {@code difficulty}. */
    public static double hashrateFor(double difficulty, double sharesPerMinute) {
        return difficulty * HASHES_PER_DIFFICULTY_1 * sharesPerMinute / 60;
    }

    /** Hashes per second proved by accepted work: the sum of the shares' difficulties over {@code seconds}. */
    public static double hashrateOf(double difficultySum, double seconds) {
        return difficultySum * HASHES_PER_DIFFICULTY_1 / seconds;
    }
}
