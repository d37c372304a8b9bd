package org.sv2translator.core.share;

/**
 * The shares already accepted on one extranonce1 since the last prevhash, for duplicate detection, kept as 64-bit
 * fingerprints in an open-addressed {@code long[]} table: about 16-32 bytes a share, where a set of records took
 * about 90. A farm keeps one per miner, and one per extranonce1 whose miner left during the block (the next
 * holder of those bytes inherits it: a share identical to its predecessor's would be a duplicate at the pool).
 *
 * <p>Never forgets within a block: at {@link ShareMemory#perMiner()} fingerprints, or when the translator-wide
 * {@link ShareMemory} is spent, {@link #add} answers {@link Seen#FULL} and the share must be refused.
 *
 * <p>A fingerprint match is taken as a duplicate. Two different shares of one extranonce1 collide with probability
 * about n²/2<sup>65</sup> (n shares in the set): below 10<sup>-11</sup> at the bound. Only that miner could ever
 * be wrongly told "duplicate". Not thread-safe: used on its holder's event loop; handed from one holder to the
 * next through the extranonce allocator's monitor.
 */
public final class SeenShares {
    /** What {@link #add} found. */
    enum Seen { NEW, DUPLICATE, FULL }

    private static final int MIN_CAPACITY = 16;

    private final ShareMemory memory;
    private long[] table;
    private int count;
    private long epoch = Long.MIN_VALUE;

    public SeenShares(ShareMemory memory) {
        this.memory = memory;
    }

    /** Remembers a share of prevhash generation {@code epoch}; a new epoch forgets the previous one's first. */
    Seen add(long epoch, long jobSequence, long extranonce2, int ntime, int nonce, int version) {
        if (epoch != this.epoch) {
            clear();
            this.epoch = epoch;
        }
        long f = fingerprint(jobSequence, extranonce2, ntime, nonce, version);
        if (table == null) {
            table = new long[MIN_CAPACITY];
        }
        if (contains(table, f)) {
            return Seen.DUPLICATE;
        }
        if (count >= memory.perMiner() || !memory.tryReserve()) {
            return Seen.FULL;
        }
        if ((count + 1) * 2 > table.length) {
            table = grown(table);
        }
        insert(table, f);
        count++;
        return Seen.NEW;
    }

    /** Forgets everything (a new prevhash: no old share can be resubmitted validly) and frees the table. */
    public void clear() {
        memory.release(count);
        table = null;
        count = 0;
    }

    /** How many fingerprints it may hold. */
    int boundPerMiner() {
        return memory.perMiner();
    }

    /** Fingerprints remembered. */
    public int size() {
        return count;
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
