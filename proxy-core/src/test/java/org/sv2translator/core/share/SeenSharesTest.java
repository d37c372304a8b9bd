package org.sv2translator.core.share;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class SeenSharesTest {
    private record Share(long job, long extranonce2, int ntime, int nonce, int version) {
    }

    /** Below the bound it answers exactly as a set of the shares would, repeats included. */
    @Property(tries = 200)
    void agreesWithASetBelowTheBound(@ForAll @Size(max = 400) List<@IntRange(min = 0, max = 60) Integer> picks) {
        SeenShares seen = new SeenShares(1000);
        Set<Share> model = new HashSet<>();
        for (int p : picks) {
            // A small space, so repeats are frequent; each field varies on its own.
            Share s = new Share(p % 3, p % 5, 1_700_000_000 + p % 2, p / 2, 0x20000000 | (p % 7) << 13);
            assertEquals(model.add(s), seen.add(s.job, s.extranonce2, s.ntime, s.nonce, s.version), "share " + s);
        }
        assertEquals(model.size(), seen.size());
    }

    @Test
    void everyFieldTellsSharesApart() {
        SeenShares seen = new SeenShares(100);
        assertTrue(seen.add(1, 2, 3, 4, 5));
        assertFalse(seen.add(1, 2, 3, 4, 5));
        assertTrue(seen.add(9, 2, 3, 4, 5));
        assertTrue(seen.add(1, 9, 3, 4, 5));
        assertTrue(seen.add(1, 2, 9, 4, 5));
        assertTrue(seen.add(1, 2, 3, 9, 5));
        assertTrue(seen.add(1, 2, 3, 4, 9));
        // ntime and nonce are packed together in the fingerprint: swapped they are still another share.
        assertTrue(seen.add(1, 2, 4, 3, 5));
    }

    @Test
    void boundedToTwoGenerationsForgettingTheOldestFirst() {
        SeenShares seen = new SeenShares(1000);
        for (int nonce = 0; nonce < 3000; nonce++) {
            assertTrue(seen.add(7, 0, 0, nonce, 0));
        }
        // 0..999 filled the first generation, 1000..1999 the second, 2000..2999 pushed the first out.
        assertEquals(2000, seen.size());
        assertFalse(seen.add(7, 0, 0, 2999, 0), "the newest are remembered");
        assertFalse(seen.add(7, 0, 0, 1000, 0), "and the previous generation");
        assertTrue(seen.add(7, 0, 0, 999, 0), "the oldest generation is forgotten");
    }

    @Test
    void clearForgetsEverything() {
        SeenShares seen = new SeenShares(10);
        for (int nonce = 0; nonce < 25; nonce++) {
            seen.add(1, 1, 1, nonce, 1);
        }
        seen.clear();
        assertEquals(0, seen.size());
        assertTrue(seen.add(1, 1, 1, 24, 1));
    }
}
