package org.sv2translator.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RejectSummaryTest {
    @Test
    void reportsWhatChangedSinceTheLastSummaryByReason() {
        Map<String, Long> totals = new HashMap<>(Map.of("stale", 5L, "duplicate", 0L, "low-difficulty", 1L));
        RejectSummary r = new RejectSummary(() -> Map.copyOf(totals));
        assertEquals(Map.of(), r.drain(), "what happened before the start is not this minute's");
        totals.put("stale", 7L);
        totals.put("low-difficulty", 2L);
        totals.put("other", 1L);
        assertEquals(Map.of("stale", 2L, "low-difficulty", 1L, "other", 1L), r.drain());
        assertEquals(Map.of(), r.drain(), "a quiet minute says nothing");
        totals.put("duplicate", 3L);
        assertEquals(Map.of("duplicate", 3L), r.drain());
    }
}
