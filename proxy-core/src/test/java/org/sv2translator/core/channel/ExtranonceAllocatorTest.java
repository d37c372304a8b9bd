package org.sv2translator.core.channel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.HexFormat;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ExtranonceAllocatorTest {

    @Test
    void splitsTheChannelSpaceIntoIndexPaddingAndExtranonce2() {
        ExtranonceAllocator a = new ExtranonceAllocator(12, 4);
        assertEquals(8, a.extranonce1Size());
        assertEquals(1 << 20, a.capacity(), "3 index bytes, capped");
        assertEquals("0000000000000000", HexFormat.of().formatHex(a.allocate()));
        assertEquals("0000010000000000", HexFormat.of().formatHex(a.allocate()));
    }

    @Test
    void refusesAChannelWithNoRoomForLocalBytes() {
        assertThrows(ExtranonceSpaceException.class, () -> new ExtranonceAllocator(4, 4));
        assertThrows(IllegalArgumentException.class, () -> new ExtranonceAllocator(16, 9), "cgminer limit");
    }

    @Test
    void fullSpaceIsAClearErrorNotACollision() {
        ExtranonceAllocator a = new ExtranonceAllocator(5, 4); // one index byte: 256 miners
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 256; i++) {
            assertTrue(seen.add(HexFormat.of().formatHex(a.allocate())));
        }
        ExtranonceSpaceException e = assertThrows(ExtranonceSpaceException.class, a::allocate);
        assertTrue(e.getMessage().contains("256 miners connected"), e.getMessage());
    }

    @Test
    void releasedBytesWaitUntilTheirJobsAreStale() {
        ExtranonceAllocator a = new ExtranonceAllocator(5, 4);
        byte[][] all = new byte[256][];
        for (int i = 0; i < 256; i++) {
            all[i] = a.allocate();
        }
        a.release(all[7]);
        assertEquals(255, a.allocated());
        assertThrows(ExtranonceSpaceException.class, a::allocate, "still quarantined: jobs it saw are valid");
        a.advanceEpoch();
        assertArrayEquals(all[7], a.allocate());
    }

    @Test
    void releaseIsCheckedAndIdempotenceIsRefused() {
        ExtranonceAllocator a = new ExtranonceAllocator(6, 4);
        byte[] e1 = a.allocate();
        a.release(e1);
        assertThrows(IllegalArgumentException.class, () -> a.release(e1), "double release");
        assertThrows(IllegalArgumentException.class, () -> a.release(new byte[] {0, 9}), "never allocated");
        assertThrows(IllegalArgumentException.class, () -> a.release(new byte[3]), "wrong size");
        a.advanceEpoch();
        assertEquals(0, a.allocated());
    }
}
