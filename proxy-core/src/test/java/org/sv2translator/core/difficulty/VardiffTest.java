package org.sv2translator.core.difficulty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class VardiffTest {
    private static final long SECOND = 1_000_000_000L;
    private static final Vardiff.Config CONFIG = new Vardiff.Config(20, 1, 30);

    /**
     * Simulates a miner of {@code hashrate} H/s for {@code seconds}: each one-second tick it finds a Poisson number
     * of shares at its current difficulty, then the proxy's timer offers a retarget.
     */
    private static Vardiff run(double hashrate, double initial, int seconds, long seed) {
        Random random = new Random(seed);
        Vardiff v = new Vardiff(CONFIG, initial, 0);
        for (long t = 1; t <= seconds; t++) {
            double mean = hashrate / (v.difficulty() * 4294967296.0);
            for (int k = poisson(mean, random); k > 0; k--) {
                v.onShare(t * SECOND, v.difficulty());
            }
            v.retarget(t * SECOND, Double.MAX_VALUE);
        }
        return v;
    }

    private static int poisson(double mean, Random random) {
        if (mean > 50) { // normal approximation, enough for a simulation
            return (int) Math.max(0, Math.round(mean + Math.sqrt(mean) * random.nextGaussian()));
        }
        int k = 0;
        for (double p = Math.exp(-mean), sum = p, u = random.nextDouble(); u > sum; sum += p) {
            k++;
            p *= mean / k;
        }
        return k;
    }

    @Test
    void convergesToTheWantedShareRateFromFarTooEasy() {
        double hashrate = 100e12; // an S19-class ASIC
        double ideal = hashrate * 60 / (20 * 4294967296.0); // difficulty giving 20 shares/min
        Vardiff v = run(hashrate, 1, 1800, 1);
        assertTrue(Math.abs(v.difficulty() / ideal - 1) < 0.35, v.difficulty() + " vs " + ideal);
        assertTrue(Math.abs(v.hashrate() / hashrate - 1) < 0.35, "hashrate estimate " + v.hashrate());
    }

    @Test
    void convergesFromFarTooHard() {
        double hashrate = 1e12;
        double ideal = hashrate * 60 / (20 * 4294967296.0);
        Vardiff v = run(hashrate, 1e6, 3600, 2);
        assertTrue(Math.abs(v.difficulty() / ideal - 1) < 0.35, v.difficulty() + " vs " + ideal);
    }

    /**
     * As the translator applies a change: the miner learns its new difficulty with the next job (every 10 s here),
     * shares until then are at the old one, and no retarget is considered while one is pending. Counting those
     * shares at the new difficulty once made the estimate run away (seen in the demo); it must converge.
     */
    @Test
    void convergesWhenTheMinerAppliesChangesOnlyWithTheNextJob() {
        double hashrate = 3e6 / 8; // one demo miner
        double ideal = hashrate * 60 / (20 * 4294967296.0);
        Random random = new Random(3);
        Vardiff v = new Vardiff(new Vardiff.Config(20, 1e-9, 30), 1e-6, 0);
        double applied = v.difficulty();
        for (long t = 1; t <= 900; t++) {
            if (t % 10 == 0 && applied != v.difficulty()) {
                applied = v.difficulty();
                v.restartWindow(t * SECOND);
            }
            for (int k = poisson(hashrate / (applied * 4294967296.0), random); k > 0; k--) {
                v.onShare(t * SECOND, applied);
            }
            if (applied == v.difficulty()) {
                v.retarget(t * SECOND, Double.MAX_VALUE);
            }
        }
        assertTrue(Math.abs(v.difficulty() / ideal - 1) < 0.35, v.difficulty() + " vs " + ideal);
        assertTrue(Math.abs(v.hashrate() / hashrate - 1) < 0.35, "hashrate estimate " + v.hashrate());
    }

    @Test
    void silenceLowersDifficultyByAtMostTheStepAndNeverBelowTheFloor() {
        Vardiff v = new Vardiff(CONFIG, 64, 0);
        assertEquals(16, v.retarget(30 * SECOND, Double.MAX_VALUE));
        assertEquals(4, v.retarget(60 * SECOND, Double.MAX_VALUE));
        assertEquals(1, v.retarget(90 * SECOND, Double.MAX_VALUE));
        assertEquals(0, v.retarget(120 * SECOND, Double.MAX_VALUE), "at the floor: no change to send");
    }

    @Test
    void neverAboveTheChannelDifficulty() {
        Vardiff v = new Vardiff(CONFIG, 1, 0);
        for (int i = 0; i < 100; i++) {
            v.onShare(i * SECOND / 100, 1);
        }
        assertEquals(3, v.retarget(SECOND, 3), "flooding triggers an early retarget, clamped to the channel");
    }

    @Test
    void noChangeInsideTheDeadband() {
        Vardiff v = new Vardiff(CONFIG, 10, 0);
        for (int i = 0; i < 11; i++) {
            v.onShare(i * SECOND, 10);
        }
        assertEquals(0, v.retarget(30 * SECOND, Double.MAX_VALUE), "11 shares vs 10 expected");
        assertEquals(10, v.difficulty());
    }

    @Test
    void rejectsNonsenseSettings() {
        assertThrows(IllegalArgumentException.class, () -> new Vardiff.Config(0, 1, 30));
        assertThrows(IllegalArgumentException.class, () -> new Vardiff.Config(20, Double.NaN, 30));
    }
}
