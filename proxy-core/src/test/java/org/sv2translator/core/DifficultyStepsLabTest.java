package org.sv2translator.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** What mining.set_difficulty says, end to end, with the translator's default difficulty steps. */
class DifficultyStepsLabTest {
    /** A channel far harder than the miners' difficulty, so only the steps decide what miners are sent. */
    private static final double HARD_CHANNEL = 1 << 20;

    @Test
    void byDefaultMinersAreSentPowersOfTwo() throws Exception {
        try (Lab lab = new Lab(Lab.quietPool().withMinDifficulty(HARD_CHANNEL), c -> c.withDifficulty(20, 1000, 1));
             TestMiner m = new TestMiner(lab.proxy)) {
            m.subscribeAndAuthorize("rig.1");
            m.awaitNotify();
            assertEquals(1024.0, m.difficulty, "1000 sent as the nearest power of two");
            m.call("mining.suggest_difficulty", 3000);
            lab.pool.updateJob();
            m.awaitNotify();
            assertEquals(4096.0, m.difficulty, "a suggestion of 3000 too");
        }
    }

    @Test
    void withAnyStepsVardiffsValuesGoOutAsTheyAre() throws Exception {
        try (Lab lab = new Lab(Lab.quietPool().withMinDifficulty(HARD_CHANNEL), c -> c.withDifficulty(20, 1000, 1)
                .withDifficultySteps(org.sv2translator.core.difficulty.DifficultySteps.ANY));
             TestMiner m = new TestMiner(lab.proxy)) {
            m.subscribeAndAuthorize("rig.1");
            m.awaitNotify();
            assertEquals(1000.0, m.difficulty);
        }
    }
}
