package org.sv2translator.core.share;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;
import org.sv2translator.core.share.SeenShares.Seen;

class SeenSharesTest {
    private record Share(long job, long extranonce2, int ntime, int nonce, int version) {
    }

    private static SeenShares seen(int perMiner, long total) {
        return new SeenShares(new ShareMemory(perMiner, total));
    }

    /** Below the bound it answers exactly as a set of the shares would, repeats included. */
    @Property(tries = 200)
    void agreesWithASetBelowTheBound(@ForAll @Size(max = 400) List<@IntRange(min = 0, max = 60) Integer> picks) {
        SeenShares seen = seen(1000, 1000);
        Set<Share> model = new HashSet<>();
        for (int p : picks) {
            // A small space, so repeats are frequent; each field varies on its own.
            Share s = new Share(p % 3, p % 5, 1_700_000_000 + p % 2, p / 2, 0x20000000 | (p % 7) << 13);
            assertEquals(model.add(s) ? Seen.NEW : Seen.DUPLICATE,
                    seen.add(1, s.job, s.extranonce2, s.ntime, s.nonce, s.version), "share " + s);
        }
        assertEquals(model.size(), seen.size());
    }

    @Test
    void everyFieldTellsSharesApart() {
        SeenShares seen = seen(100, 100);
        assertEquals(Seen.NEW, seen.add(0, 1, 2, 3, 4, 5));
        assertEquals(Seen.DUPLICATE, seen.add(0, 1, 2, 3, 4, 5));
        assertEquals(Seen.NEW, seen.add(0, 9, 2, 3, 4, 5));
        assertEquals(Seen.NEW, seen.add(0, 1, 9, 3, 4, 5));
        assertEquals(Seen.NEW, seen.add(0, 1, 2, 9, 4, 5));
        assertEquals(Seen.NEW, seen.add(0, 1, 2, 3, 9, 5));
        assertEquals(Seen.NEW, seen.add(0, 1, 2, 3, 4, 9));
        // ntime and nonce are packed together in the fingerprint: swapped they are still another share.
        assertEquals(Seen.NEW, seen.add(0, 1, 2, 4, 3, 5));
    }

    @Test
    void atItsBoundItRefusesNewSharesAndStillKnowsEveryOldOne() {
        SeenShares seen = seen(1000, 10_000);
        for (int nonce = 0; nonce < 1000; nonce++) {
            assertEquals(Seen.NEW, seen.add(1, 7, 0, 0, nonce, 0));
        }
        assertEquals(Seen.FULL, seen.add(1, 7, 0, 0, 1000, 0), "never forgets to make room");
        for (int nonce = 0; nonce < 1000; nonce++) {
            assertEquals(Seen.DUPLICATE, seen.add(1, 7, 0, 0, nonce, 0), "the oldest too: " + nonce);
        }
        assertEquals(1000, seen.size());
    }

    @Test
    void theTranslatorWideBudgetIsSharedAndGivenBackByANewBlock() {
        ShareMemory memory = new ShareMemory(100, 150);
        SeenShares a = new SeenShares(memory);
        SeenShares b = new SeenShares(memory);
        for (int nonce = 0; nonce < 100; nonce++) {
            assertEquals(Seen.NEW, a.add(1, 1, 0, 0, nonce, 0));
        }
        for (int nonce = 0; nonce < 50; nonce++) {
            assertEquals(Seen.NEW, b.add(1, 1, 0, 0, nonce, 0));
        }
        assertEquals(150, memory.used());
        assertEquals(Seen.FULL, b.add(1, 1, 0, 0, 50, 0), "the whole budget is spent");
        assertEquals(Seen.NEW, a.add(2, 1, 0, 0, 0, 0), "a new block forgets a's old shares...");
        assertEquals(51, memory.used(), "...and gives their room back");
        assertEquals(Seen.NEW, b.add(1, 1, 0, 0, 50, 0));
    }

    @Test
    void clearForgetsEverythingAndReleasesTheBudget() {
        ShareMemory memory = new ShareMemory(10, 10);
        SeenShares seen = new SeenShares(memory);
        for (int nonce = 0; nonce < 25; nonce++) {
            seen.add(1, 1, 1, 1, nonce, 1);
        }
        assertEquals(10, seen.size());
        seen.clear();
        assertEquals(0, seen.size());
        assertEquals(0, memory.used());
        assertEquals(Seen.NEW, seen.add(1, 1, 1, 1, 24, 1));
    }
}
