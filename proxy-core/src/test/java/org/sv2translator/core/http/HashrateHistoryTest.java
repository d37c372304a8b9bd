package org.sv2translator.core.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class HashrateHistoryTest {
    @Test
    void keepsTheLastHourOldestFirst() {
        AtomicInteger rate = new AtomicInteger();
        HashrateHistory h = new HashrateHistory(rate::get);
        assertEquals(0, h.points().size());
        for (int i = 0; i < HashrateHistory.SAMPLES + 5; i++) {
            rate.set(i);
            h.sample(1000L * i);
        }
        List<double[]> points = h.points();
        assertEquals(HashrateHistory.SAMPLES, points.size(), "bounded: one hour of samples");
        assertEquals(5, points.get(0)[1], "the oldest five were dropped");
        assertEquals(5000, points.get(0)[0]);
        assertEquals(HashrateHistory.SAMPLES + 4, points.get(points.size() - 1)[1], "newest last");
    }
}
