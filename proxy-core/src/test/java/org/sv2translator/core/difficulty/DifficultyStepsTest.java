package org.sv2translator.core.difficulty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DifficultyStepsTest {
    private static final double NONE = Double.MAX_VALUE;

    @Test
    void anyKeepsWhatItIsGiven() {
        assertEquals(1000.0, DifficultySteps.ANY.round(1000, 0.001, NONE));
        assertEquals(0.3, DifficultySteps.ANY.round(0.3, 0.001, NONE));
    }

    @Test
    void pow2TakesTheNearestPowerOfTwoInRatio() {
        assertEquals(1024.0, DifficultySteps.POW2.round(1000, 0.001, NONE));
        assertEquals(1024.0, DifficultySteps.POW2.round(1448, 0.001, NONE), "1448/1024 < sqrt 2");
        assertEquals(2048.0, DifficultySteps.POW2.round(1449, 0.001, NONE), "1449/1024 > sqrt 2");
        assertEquals(65536.0, DifficultySteps.POW2.round(65536, 0.001, NONE), "a power of two stays");
        assertEquals(1.0, DifficultySteps.POW2.round(1.2, 0.001, NONE));
        assertEquals(0.25, DifficultySteps.POW2.round(0.3, 0.001, NONE), "below 1: binary fractions");
    }

    @Test
    void pow2NeverPassesTheCeilingAndKeepsTheFloorWhereTheCeilingLetsIt() {
        assertEquals(512.0, DifficultySteps.POW2.round(1000, 0.001, 1000), "1024 would pass the channel's 1000");
        assertEquals(512.0, DifficultySteps.POW2.round(1000, 0.001, 1023.9));
        assertEquals(0.001953125, DifficultySteps.POW2.round(0.001, 0.001, NONE), "the floor 0.001 -> 2^-9");
        assertEquals(0.0009765625, DifficultySteps.POW2.round(0.001, 0.001, 0.0015),
                "below the floor rather than above the ceiling");
    }

    @Test
    void vardiffWithPow2OnlyEverSetsPowersOfTwo() {
        Vardiff v = new Vardiff(new Vardiff.Config(12, 0.001, 30, DifficultySteps.POW2), 1000, 0);
        assertEquals(1024.0, v.difficulty());
        long now = 0;
        int changes = 0;
        for (int window = 0; window < 20; window++) {
            // A miner 2.7x faster than the difficulty wants, then slower: shares at varying rates.
            int shares = window < 10 ? 32 : 2;
            for (int i = 0; i < shares; i++) {
                v.onShare(now, v.difficulty());
            }
            now += 30_000_000_000L;
            double d = v.retarget(now, 1e9);
            assertTrue(d == 0 || Math.scalb(1.0, Math.getExponent(d)) == d, "not a power of two: " + d);
            changes += d > 0 ? 1 : 0;
            double current = v.difficulty();
            assertEquals(Math.scalb(1.0, Math.getExponent(current)), current, "not a power of two: " + current);
        }
        assertTrue(changes >= 2, "it moved up and down: " + changes);
    }
}
