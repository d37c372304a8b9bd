package org.sv2translator.core.channel;

import java.util.ArrayDeque;
import java.util.BitSet;

/**
 * Hands out the locally-reserved extranonce bytes of one aggregated extended channel (DESIGN.md, "Extranonce
 * layout"). The channel's extranonce space of {@code extranonceSize} bytes (after the pool's extranonce_prefix) is
 * split into a miner's extranonce1, {@code extranonceSize - extranonce2Size} bytes holding a unique index
 * big-endian in its first bytes and zero padding after it, and the miner's own extranonce2.
 *
 * <p>A released index is quarantined until the job epoch has moved on (see {@link #advanceEpoch()}): a share a
 * departed miner computed on a still-valid job must never collide with one from the miner who gets its bytes
 * next. Memory is bounded by the index space, which is itself capped at {@link #MAX_MINERS}.
 *
 * <p>Thread-safe: miners are admitted and leave on their own event loops while the epoch advances on the upstream
 * loop, so every method holds this allocator's monitor, for a few bit operations and nothing else.
 */
public final class ExtranonceAllocator {
    /** More miners than any one channel needs, and a bound on this allocator's memory. */
    public static final int MAX_MINERS = 1 << 20;

    private final int extranonce1Size;
    private final int indexBytes;
    private final int capacity;
    private final BitSet inUse = new BitSet(); // held by a miner or quarantined
    private final BitSet quarantined = new BitSet();
    private final ArrayDeque<long[]> quarantine = new ArrayDeque<>(); // {index, epoch released}
    private int next;
    private long epoch;

    /**
     * @param extranonceSize  the channel's extranonce_size from OpenExtendedMiningChannel.Success
     * @param extranonce2Size bytes each miner rolls itself (1..8)
     * @throws ExtranonceSpaceException if fewer than one byte is left for the local index
     */
    public ExtranonceAllocator(int extranonceSize, int extranonce2Size) {
        if (extranonce2Size < 1 || extranonce2Size > 8) {
            throw new IllegalArgumentException("extranonce2 size must be 1..8, got " + extranonce2Size);
        }
        this.extranonce1Size = extranonceSize - extranonce2Size;
        if (extranonce1Size < 1) {
            throw new ExtranonceSpaceException("the channel's extranonce_size " + extranonceSize
                    + " leaves no byte for local miner indices with extranonce2 size " + extranonce2Size);
        }
        this.indexBytes = Math.min(extranonce1Size, 3);
        this.capacity = (int) Math.min(MAX_MINERS, 1L << (8 * indexBytes));
    }

    /** Bytes of extranonce1 each miner gets. */
    public int extranonce1Size() {
        return extranonce1Size;
    }

    /** How many miners this channel can hold at once. */
    public int capacity() {
        return capacity;
    }

    /** Miners holding an index now. */
    public synchronized int allocated() {
        return inUse.cardinality() - quarantined.cardinality();
    }

    /**
     * Reserves a unique extranonce1.
     *
     * @throws ExtranonceSpaceException when every index is taken or still quarantined
     */
    public synchronized byte[] allocate() {
        int index = inUse.nextClearBit(next);
        if (index >= capacity) {
            index = inUse.nextClearBit(0);
        }
        if (index >= capacity) {
            throw new ExtranonceSpaceException("extranonce space full: " + allocated() + " miners connected, "
                    + quarantined.cardinality() + " indices waiting for their jobs to go stale (capacity " + capacity + ")");
        }
        inUse.set(index);
        // Round-robin rather than lowest-free, so a just-freed index is the last to come back.
        next = index + 1;
        return encode(index);
    }

    /** Returns an extranonce1 from {@link #allocate()}; it is reused only after the epoch has advanced. */
    public synchronized void release(byte[] extranonce1) {
        int index = decode(extranonce1);
        if (!inUse.get(index) || quarantined.get(index)) {
            throw new IllegalArgumentException("extranonce1 is not held by a miner of this channel");
        }
        quarantined.set(index);
        quarantine.add(new long[] {index, epoch});
    }

    /**
     * Marks that every job valid before now has become stale (a new prevhash): indices released before this call
     * become free.
     */
    public synchronized void advanceEpoch() {
        epoch++;
        while (!quarantine.isEmpty() && quarantine.peek()[1] < epoch) {
            int index = (int) quarantine.poll()[0];
            quarantined.clear(index);
            inUse.clear(index);
        }
    }

    private byte[] encode(int index) {
        byte[] e1 = new byte[extranonce1Size];
        for (int i = 0; i < indexBytes; i++) {
            e1[i] = (byte) (index >>> (8 * (indexBytes - 1 - i)));
        }
        return e1;
    }

    private int decode(byte[] e1) {
        if (e1.length != extranonce1Size) {
            throw new IllegalArgumentException("extranonce1 must be " + extranonce1Size + " bytes");
        }
        int index = 0;
        for (int i = 0; i < indexBytes; i++) {
            index = (index << 8) | (e1[i] & 0xff);
        }
        return index;
    }
}
