package org.sv2translator.core.difficulty;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One row per vardiff rule, with exact inputs: a miner at difficulty {@code start} sends {@code shares} shares at
 * that difficulty within {@code seconds}, then the timer asks for a retarget under the ceiling {@code max}. The
 * wanted rate is 12 shares a minute, retargets every 30 s, floor 0.5.
 */
class VardiffRulesTest {
    private static final Vardiff.Config CONFIG = new Vardiff.Config(12, 0.5, 30);
    private static final long SECOND = 1_000_000_000L;

    static Stream<Arguments> rules() {
        return Stream.of(
                // 6 shares in 30 s is exactly 12 a minute
                Arguments.of("on target: no change", 100.0, 6, 30, 1e9, 0.0),
                Arguments.of("before the interval: no retarget", 100.0, 3, 20, 1e9, 0.0),
                Arguments.of("within 20%: deadband", 100.0, 7, 30, 1e9, 0.0),
                Arguments.of("twice the rate: twice the difficulty", 100.0, 12, 30, 1e9, 200.0),
                Arguments.of("ten times the rate: capped at a step of 4", 100.0, 60, 30, 1e9, 400.0),
                Arguments.of("half the rate: half the difficulty", 100.0, 3, 30, 1e9, 50.0),
                Arguments.of("silence: down by the step of 4", 100.0, 0, 30, 1e9, 25.0),
                Arguments.of("silence near the floor: the floor", 1.0, 0, 30, 1e9, 0.5),
                Arguments.of("faster than the channel allows: the channel's", 100.0, 60, 30, 150.0, 150.0),
                // 8 shares in 5 s expect 1: a flood, retargeted before the interval (8 in 5 s = 96/min: x4 cap)
                Arguments.of("a flood of 8+ at 4x the rate: early retarget", 100.0, 8, 5, 1e9, 400.0),
                Arguments.of("7 quick shares are not yet a flood", 100.0, 7, 5, 1e9, 0.0));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rules")
    void rule(String what, double start, int shares, int seconds, double max, double expected) {
        Vardiff v = new Vardiff(CONFIG, start, 0);
        for (int i = 0; i < shares; i++) {
            v.onShare(SECOND * seconds * i / Math.max(shares, 1), start);
        }
        assertEquals(expected, v.retarget(SECOND * seconds, max), 1e-9, what);
        assertEquals(expected > 0 ? expected : start, v.difficulty(), 1e-9, "the difficulty follows the answer");
    }

    @Test
    void aSuggestionBelowTheFloorStartsAtTheFloor() {
        Vardiff v = new Vardiff(CONFIG, 0.001, 0);
        assertEquals(0.5, v.difficulty());
        v.reset(0.01, 0);
        assertEquals(0.5, v.difficulty());
    }

    @Test
    void theHashrateEstimateIsTheWorkProvedOverTimeSmoothed() {
        Vardiff v = new Vardiff(CONFIG, 1, 0);
        assertEquals(0, v.hashrate(), "nothing measured yet");
        for (int i = 0; i < 6; i++) {
            v.onShare(i, 1);
        }
        v.retarget(30 * SECOND, 1e9);
        double first = v.hashrate();
        assertEquals(6 * Math.pow(2, 32) / 30, first, first * 1e-9, "6 shares of difficulty 1 in 30 s");
        v.retarget(60 * SECOND, 1e9); // a silent window: half weight
        assertEquals(first / 2, v.hashrate(), first * 1e-9);
    }
}
