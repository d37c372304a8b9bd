package org.sv2translator.core.channel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ExtranonceAllocatorTest {

    @Test
    void splitsTheChannelSpaceIntoIndexPaddingAndExtranonce2() {
        ExtranonceAllocator<String> a = new ExtranonceAllocator<>(12, 4);
        assertEquals(8, a.extranonce1Size());
        assertEquals(1 << 20, a.capacity(), "3 index bytes, capped");
        assertEquals("0000000000000000", HexFormat.of().formatHex(a.allocate().extranonce1()));
        assertEquals("0000010000000000", HexFormat.of().formatHex(a.allocate().extranonce1()));
    }

    @Test
    void refusesAChannelWithNoRoomForLocalBytes() {
        assertThrows(ExtranonceSpaceException.class, () -> new ExtranonceAllocator<>(4, 4));
        assertThrows(IllegalArgumentException.class, () -> new ExtranonceAllocator<>(16, 9), "cgminer limit");
    }

    @Test
    void fullSpaceIsAClearErrorNotACollision() {
        ExtranonceAllocator<String> a = new ExtranonceAllocator<>(5, 4); // one index byte: 256 miners
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 256; i++) {
            assertTrue(seen.add(HexFormat.of().formatHex(a.allocate().extranonce1())));
        }
        ExtranonceSpaceException e = assertThrows(ExtranonceSpaceException.class, a::allocate);
        assertTrue(e.getMessage().contains("all 256 extranonce1 values are held"), e.getMessage());
    }

    @Test
    void churnNeverFillsTheSpace() {
        ExtranonceAllocator<String> a = new ExtranonceAllocator<>(5, 4); // 256 indices
        byte[] kept = a.allocate().extranonce1();
        for (int i = 0; i < 100_000; i++) {
            a.release(a.allocate().extranonce1(), null); // connect, subscribe, leave: no share, nothing to remember
        }
        assertEquals(1, a.allocated());
        for (int i = 0; i < 255; i++) {
            a.allocate();
        }
        assertEquals(256, a.allocated(), "every index but the held one was free");
        assertThrows(ExtranonceSpaceException.class, a::allocate, "only when 256 miners are connected at once");
        a.release(kept, null);
        assertArrayEquals(kept, a.allocate().extranonce1());
    }

    @Test
    void anIndexWithSharesGoesToItsNextHolderWithThemAndOnlyWhenNothingElseIsFree() {
        ExtranonceAllocator<String> a = new ExtranonceAllocator<>(5, 4);
        byte[][] all = new byte[256][];
        for (int i = 0; i < 256; i++) {
            all[i] = a.allocate().extranonce1();
        }
        a.release(all[7], "shares of #7");
        a.release(all[9], null);
        a.release(all[3], "shares of #3");
        assertEquals(2, a.remembering());
        ExtranonceAllocator.Lease<String> first = a.allocate();
        assertArrayEquals(all[9], first.extranonce1(), "an index with no memory first");
        assertNull(first.memory());
        ExtranonceAllocator.Lease<String> second = a.allocate();
        assertArrayEquals(all[7], second.extranonce1(), "then the one released longest ago");
        assertEquals("shares of #7", second.memory());
        assertEquals("shares of #3", a.allocate().memory());
        assertThrows(ExtranonceSpaceException.class, a::allocate);
    }

    @Test
    void aNewBlockForgetsWhatFreeIndicesRemember() {
        ExtranonceAllocator<String> a = new ExtranonceAllocator<>(5, 4);
        byte[] e1 = a.allocate().extranonce1();
        a.release(e1, "old shares");
        assertEquals(List.of("old shares"), a.advanceEpoch(), "handed back to be freed");
        assertEquals(0, a.remembering());
        assertNull(a.allocate().memory());
    }

    @Test
    void releaseIsCheckedAndIdempotenceIsRefused() {
        ExtranonceAllocator<String> a = new ExtranonceAllocator<>(6, 4);
        byte[] e1 = a.allocate().extranonce1();
        a.release(e1, null);
        assertThrows(IllegalArgumentException.class, () -> a.release(e1, null), "double release");
        assertThrows(IllegalArgumentException.class, () -> a.release(new byte[] {0, 9}, null), "never allocated");
        assertThrows(IllegalArgumentException.class, () -> a.release(new byte[3], null), "wrong size");
        assertEquals(0, a.allocated());
    }
}
