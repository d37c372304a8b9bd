package org.sv2translator.core.share;

/**
 * The shares one miner already submitted since the last prevhash, for duplicate detection, kept as 64-bit
 * fingerprints in open-addressed {@code long[]} tables: about 16-32 bytes a share, where a set of records took
 * about 90. It matters because a farm keeps one per miner and a miner submits for the whole life of a block
 * (12 shares a minute for 10 minutes is 120 shares per miner).
 *
 * <p>Bounded: two generations of at most {@code generationSize} fingerprints each. When the newer is full it
 * becomes the older and the older is dropped, so the oldest shares are forgotten first, in halves.
 *
 * <p>A fingerprint match is taken as a duplicate. Two different shares of one miner collide with probability
 * about n²/2<sup>65</sup> (n shares in the set): below 10<sup>-11</sup> at the bound. Only that miner could ever
 * be wrongly told "duplicate". Not thread-safe: used on the miner's event loop.
 */
final class SeenShares {
    private static final int MIN_CAPACITY = 16;

    private final int generationSize;
    private long[] current;
    private int currentCount;
    private long[] previous;

    SeenShares(int generationSize) {
        if (generationSize < 1) {
            throw new IllegalArgumentException("generationSize must be positive");
        }
        this.generationSize = generationSize;
    }

    /** @return true if this share was not seen before (and now is), false for a duplicate */
    boolean add(long jobSequence, long extranonce2, int ntime, int nonce, int version) {
        long f = fingerprint(jobSequence, extranonce2, ntime, nonce, version);
        if (previous != null && contains(previous, f)) {
            return false;
        }
        if (current == null) {
            current = new long[MIN_CAPACITY];
        }
        if (contains(current, f)) {
            return false;
        }
        if (currentCount == generationSize) {
            previous = current;
            current = new long[MIN_CAPACITY];
            currentCount = 0;
        } else if ((currentCount + 1) * 2 > current.length) {
            current = grown(current);
        }
        insert(current, f);
        currentCount++;
        return true;
    }

    /** Forgets everything (a new prevhash: no old share can be resubmitted validly) and frees the tables. */
    void clear() {
        current = null;
        previous = null;
        currentCount = 0;
    }

    /** Fingerprints remembered (both generations). */
    int size() {
        int older = 0;
        if (previous != null) {
            for (long f : previous) {
                if (f != 0) {
                    older++;
                }
            }
        }
        return older + currentCount;
    }

    static long fingerprint(long jobSequence, long extranonce2, int ntime, int nonce, int version) {
        long h = mix(jobSequence);
        h = mix(h ^ extranonce2);
        h = mix(h ^ (((long) ntime << 32) | (nonce & 0xffffffffL)));
        h = mix(h ^ version);
        return h == 0 ? 1 : h; // 0 marks an empty slot
    }

    /** MurmurHash3's 64-bit finalizer: every input bit reaches every output bit. */
    private static long mix(long k) {
        k ^= k >>> 33;
        k *= 0xff51afd7ed558ccdL;
        k ^= k >>> 33;
        k *= 0xc4ceb9fe1a85ec53L;
        k ^= k >>> 33;
        return k;
    }

    private static boolean contains(long[] table, long f) {
        int mask = table.length - 1;
        for (int i = (int) f & mask; ; i = (i + 1) & mask) {
            long slot = table[i];
            if (slot == f) {
                return true;
            }
            if (slot == 0) {
                return false; // tables are at most half full: an empty slot always ends the probe
            }
        }
    }

    private static void insert(long[] table, long f) {
        int mask = table.length - 1;
        int i = (int) f & mask;
        while (table[i] != 0) {
            i = (i + 1) & mask;
        }
        table[i] = f;
    }

    private static long[] grown(long[] table) {
        long[] bigger = new long[table.length * 2];
        for (long f : table) {
            if (f != 0) {
                insert(bigger, f);
            }
        }
        return bigger;
    }
}
