package org.sv2translator.testbed.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ScheduleTest {
    @Test
    void evenSpreadsAllConnectionsOneOverRateApart() {
        // 10 connections at 1000/s in all: each every 10 ms, the ten phases 1 ms apart
        Schedule s = new Schedule(Schedule.Kind.EVEN, 10, 1000, 0);
        assertEquals(10_000_000, s.periodNanos(), 1e-6);
        List<Long> times = new ArrayList<>();
        SplittableRandom r = new SplittableRandom(1);
        for (int i = 0; i < 10; i++) {
            long t = s.first(i, 0, r);
            for (int k = 0; k < 100; k++) {
                times.add(t);
                t = s.next(t, i, r);
            }
        }
        Collections.sort(times);
        for (int k = 0; k < times.size(); k++) {
            assertEquals(k * 1_000_000L, times.get(k), 1, "send " + k);
        }
    }

    @Test
    void evenFirstTimeIsTheNextSlotOfTheConnectionsPhase() {
        Schedule s = new Schedule(Schedule.Kind.EVEN, 4, 4, 1_000); // each every second, phases 0.25 s apart
        SplittableRandom r = new SplittableRandom(1);
        assertEquals(1_000 + 250_000_000, s.first(1, 0, r));
        assertEquals(1_000 + 1_250_000_000L, s.first(1, 300_000_000, r)); // its slot at 0.25 s has passed
        assertEquals(1_000 + 2_250_000_000L, s.next(1_000 + 1_250_000_000L, 1, r));
    }

    @Test
    void evenDoesNotDriftOverManyPeriods() {
        Schedule s = new Schedule(Schedule.Kind.EVEN, 3, 7, 0); // a period of 3/7 s: not a whole number of ns
        SplittableRandom r = new SplittableRandom(1);
        long t = s.first(2, 0, r);
        for (int k = 0; k < 1_000_000; k++) {
            t = s.next(t, 2, r);
        }
        double expected = 3e9 / 7 * (2.0 / 3 + 1_000_000);
        assertEquals(expected, t, 2);
    }

    @Test
    void poissonKeepsTheMeanRate() {
        Schedule s = new Schedule(Schedule.Kind.POISSON, 100, 10_000, 0); // each 100/s
        SplittableRandom r = new SplittableRandom(7);
        long t = s.first(0, 0, r);
        int n = 100_000;
        for (int k = 1; k < n; k++) {
            long next = s.next(t, 0, r);
            assertTrue(next > t);
            t = next;
        }
        assertEquals(n / 100.0, t / 1e9, n / 100.0 * 0.02); // within 2% of 1000 s
    }
}
