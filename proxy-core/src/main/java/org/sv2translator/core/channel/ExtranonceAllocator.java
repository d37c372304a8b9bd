package org.sv2translator.core.channel;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Hands out the locally-reserved extranonce bytes of one aggregated extended channel (DESIGN.md, "Extranonce
 * layout"). The channel's extranonce space of {@code extranonceSize} bytes (after the pool's extranonce_prefix) is
 * split into a miner's extranonce1, {@code extranonceSize - extranonce2Size} bytes holding a unique index
 * big-endian in its first bytes and zero padding after it, and the miner's own extranonce2.
 *
 * <p>Why churn cannot exhaust it: an index is refused only while a connected miner holds it, so a miner is turned
 * away only when {@link #capacity()} miners are connected at once. An index whose holder leaves is free at once;
 * if that holder had shares accepted in this block, the caller hands its {@code M} (the duplicate set of those
 * shares) to {@link #release}, and the index's next holder receives it with the index: a share identical to one its
 * predecessor sent, which the pool would reject as a duplicate, is then caught as one here. Indices with no such
 * memory are handed out first, round-robin, and among the rest the one released longest ago. The memories are
 * dropped when the block changes ({@link #advanceEpoch()}), since no share of an older block can be sent again.
 *
 * <p>Memory: two bit sets over the index space, capped at {@link #MAX_MINERS}, and at most one {@code M} per index.
 * Thread-safe: miners arrive and leave on their own event loops while the epoch advances on the upstream loop, so
 * every method holds this allocator's monitor, for a few bit operations and nothing else.
 *
 * @param <M> what an index remembers of its previous holders in the current block
 */
public final class ExtranonceAllocator<M> {
    /** More miners than any one channel needs, and a bound on this allocator's memory. */
    public static final int MAX_MINERS = 1 << 20;

    /**
     * An extranonce1 handed to a miner.
     *
     * @param memory what its previous holders left in this block, or null
     */
    public record Lease<M>(byte[] extranonce1, M memory) {
    }

    private final int extranonce1Size;
    private final int indexBytes;
    private final int capacity;
    private final BitSet held = new BitSet();
    private final BitSet remembering = new BitSet(); // free, but carrying a memory: handed out last
    private final Map<Integer, M> memories = new HashMap<>();
    private final ArrayDeque<Integer> rememberingOrder = new ArrayDeque<>(); // oldest release first
    private int next;

    /** An allocator of every index the space can hold (up to {@link #MAX_MINERS}). */
    public ExtranonceAllocator(int extranonceSize, int extranonce2Size) {
        this(extranonceSize, extranonce2Size, MAX_MINERS);
    }

    /**
     * @param extranonceSize  the channel's extranonce_size from OpenExtendedMiningChannel.Success
     * @param extranonce2Size bytes each miner rolls itself (1..8)
     * @param maxMiners       at most this many indices are used: the miners that may be connected at once (an
     *                        index is released before its connection stops counting, so no more are needed)
     * @throws ExtranonceSpaceException if fewer than one byte is left for the local index
     */
    public ExtranonceAllocator(int extranonceSize, int extranonce2Size, int maxMiners) {
        if (extranonce2Size < 1 || extranonce2Size > 8) {
            throw new IllegalArgumentException("extranonce2 size must be 1..8, got " + extranonce2Size);
        }
        this.extranonce1Size = extranonceSize - extranonce2Size;
        if (extranonce1Size < 1) {
            throw new ExtranonceSpaceException("the channel's extranonce_size " + extranonceSize
                    + " leaves no byte for local miner indices with extranonce2 size " + extranonce2Size);
        }
        this.indexBytes = Math.min(extranonce1Size, 3);
        if (maxMiners < 1) {
            throw new IllegalArgumentException("maxMiners must be positive");
        }
        this.capacity = (int) Math.min(Math.min(MAX_MINERS, maxMiners), 1L << (8 * indexBytes));
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
        return held.cardinality();
    }

    /** Free indices that carry a previous holder's memory. */
    public synchronized int remembering() {
        return remembering.cardinality();
    }

    /**
     * Reserves a unique extranonce1, with what its previous holders left in this block.
     *
     * @throws ExtranonceSpaceException only when {@link #capacity()} miners hold an index
     */
    public synchronized Lease<M> allocate() {
        int index = firstUntouched(next);
        if (index >= capacity) {
            index = firstUntouched(0);
        }
        M memory = null;
        if (index >= capacity) {
            Integer oldest = rememberingOrder.poll();
            if (oldest == null) {
                throw new ExtranonceSpaceException("extranonce space full: all " + capacity
                        + " extranonce1 values are held by connected miners");
            }
            index = oldest;
            remembering.clear(index);
            memory = memories.remove(index);
        } else {
            // Round-robin rather than lowest-free, so a just-freed index is the last to come back.
            next = index + 1;
        }
        held.set(index);
        return new Lease<>(encode(index), memory);
    }

    /**
     * Returns an extranonce1 from {@link #allocate()}. {@code memory}, when not null, goes to the index's next
     * holder in this block.
     */
    public synchronized void release(byte[] extranonce1, M memory) {
        int index = decode(extranonce1);
        if (!held.get(index)) {
            throw new IllegalArgumentException("extranonce1 is not held by a miner of this channel");
        }
        held.clear(index);
        if (memory != null) {
            remembering.set(index);
            memories.put(index, memory);
            rememberingOrder.add(index);
        }
    }

    /**
     * Marks that every job valid before now has become stale (a new prevhash): what free indices remember is
     * forgotten. Returns those memories, for the caller to free.
     */
    public synchronized List<M> advanceEpoch() {
        List<M> dropped = new ArrayList<>(memories.values());
        memories.clear();
        remembering.clear();
        rememberingOrder.clear();
        return dropped;
    }

    private int firstUntouched(int from) {
        int i = from;
        while (i < capacity) {
            i = held.nextClearBit(i);
            if (i >= capacity || !remembering.get(i)) {
                return i;
            }
            i = remembering.nextClearBit(i);
        }
        return capacity;
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
