package org.sv2translator.testbed.peer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SriDifficultyTest {
    /** Values in translator_sv2's own config tests and the interop tests, worked out by hand from the formula. */
    @Test
    void knownConfigs() {
        // H = 100, S = 5: hs = 1200, d = 1201 * 0xFFFF / 2^48.
        assertEquals(1201 * SriDifficulty.STEP, SriDifficulty.minerDifficulty(100, 5), 1e-18);
        // H = 1e5, S = 600: hs = 10,000 (the interop test's first difficulty, about 2.33e-6).
        assertEquals(10_001 * SriDifficulty.STEP, SriDifficulty.minerDifficulty(1e5, 600), 1e-18);
        // H = 0: target 2^256 - 1, the easiest translator_sv2 can give.
        assertEquals(SriDifficulty.STEP, SriDifficulty.minerDifficulty(0, 60), 1e-18);
    }

    @ParameterizedTest
    @ValueSource(doubles = {1e-3, 0.5, 1, 1024, 65536, 1e6})
    void hashrateForGivesTheDifficultyAsked(double d) {
        for (double spm : new double[] {6, 60, 600}) {
            double h = SriDifficulty.hashrateFor(d, spm);
            assertEquals(d, SriDifficulty.minerDifficulty(h, spm), d * 1e-6, () -> "spm " + spm + ", H " + h);
        }
    }

    @Test
    void tinyDifficultiesGoToTheNearestStep() {
        // 1e-9 is 4.29 steps: hs = 3, d = 4 steps = 9.31e-10.
        double d = SriDifficulty.minerDifficulty(SriDifficulty.hashrateFor(1e-9, 60), 60);
        assertEquals(4 * SriDifficulty.STEP, d, 1e-20);
        assertEquals(9.31e-10, d, 0.01e-10);
        // Below one step: the easiest target there is.
        assertEquals(SriDifficulty.STEP, SriDifficulty.minerDifficulty(SriDifficulty.hashrateFor(1e-12, 60), 60),
                1e-20);
        for (int steps = 1; steps < 50; steps++) {
            double asked = steps * SriDifficulty.STEP;
            assertEquals(asked, SriDifficulty.minerDifficulty(SriDifficulty.hashrateFor(asked, 7), 7), 1e-20);
        }
    }

    @Test
    void refusesNonsense() {
        assertThrows(IllegalArgumentException.class, () -> SriDifficulty.hashrateFor(0, 60));
        assertThrows(IllegalArgumentException.class, () -> SriDifficulty.hashrateFor(1, 0));
        assertThrows(IllegalArgumentException.class, () -> SriDifficulty.hashrateFor(Double.NaN, 60));
    }
}
