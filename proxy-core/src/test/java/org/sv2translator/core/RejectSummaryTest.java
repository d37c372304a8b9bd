package org.sv2translator.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.sv2translator.v1.V1Error;

class RejectSummaryTest {
    @Test
    void countsByReasonAndStartsAgainAfterEachSummary() {
        RejectSummary r = new RejectSummary();
        r.count(V1Error.JOB_NOT_FOUND);
        r.count(V1Error.JOB_NOT_FOUND);
        r.count(V1Error.LOW_DIFFICULTY);
        r.count(V1Error.other("ntime out of range"));
        assertEquals(Map.of("stale", 2L, "low-difficulty", 1L, "other", 1L), r.drain());
        assertEquals(Map.of(), r.drain(), "a quiet minute says nothing");
        r.count(V1Error.DUPLICATE);
        assertEquals(Map.of("duplicate", 1L), r.drain());
    }
}
