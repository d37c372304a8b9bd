package org.sv2translator.core.share;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The bound on the shares remembered for duplicate detection, for the whole translator and per extranonce1. A
 * share is remembered until the prevhash changes; a replay of one the pool already credited must never be accepted,
 * so when either bound is reached further shares are refused (never forgotten ones accepted), and the miner's
 * difficulty is raised well before its own bound so an honest miner never gets there (12 shares a minute is 120 in
 * a ten-minute block; the per-miner bound is {@link #DEFAULT_PER_MINER}).
 *
 * <p>Memory: about 16 to 32 bytes per remembered share (see {@link SeenShares}), so the default total bound of
 * {@link #DEFAULT_TOTAL} shares is 64 to 128 MiB at worst. Thread-safe.
 */
public final class ShareMemory {
    public static final int DEFAULT_PER_MINER = 8192;
    public static final long DEFAULT_TOTAL = 4L << 20;

    private final int perMiner;
    private final long total;
    private final AtomicLong used = new AtomicLong();

    public ShareMemory(int perMiner, long total) {
        if (perMiner < 1 || total < perMiner) {
            throw new IllegalArgumentException("share memory bounds must be positive, total >= per miner: "
                    + perMiner + ", " + total);
        }
        this.perMiner = perMiner;
        this.total = total;
    }

    public static ShareMemory defaults() {
        return new ShareMemory(DEFAULT_PER_MINER, DEFAULT_TOTAL);
    }

    /** Shares one extranonce1 may have remembered in one block. */
    public int perMiner() {
        return perMiner;
    }

    /** Shares remembered by the whole translator now. */
    public long used() {
        return used.get();
    }

    public long total() {
        return total;
    }

    boolean tryReserve() {
        long now;
        do {
            now = used.get();
            if (now >= total) {
                return false;
            }
        } while (!used.compareAndSet(now, now + 1));
        return true;
    }

    void release(int shares) {
        used.addAndGet(-shares);
    }
}
