package org.sv2translator.testbed.swarm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class SwarmReportTest {
    @Test
    void aLatencyWindowForgetsWhatCameBeforeButKeepsTheCounters() {
        SwarmReport report = new SwarmReport();
        report.submitted.increment();
        report.submitLatency(5_000_000_000L); // a ramp-time outlier
        report.notifyLatency(3_000_000_000L);

        report.startLatencyWindow();
        report.submitLatency(2_000_000L);

        assertEquals(1.0, report.submitLatencyMs().get("count"));
        assertEquals(2.0, report.submitLatencyMs().get("max"), 0.01);
        assertEquals(0.0, report.notifyLatencyMs().get("count"));
        assertEquals(1, report.submitted(), "counters are not part of the window");
    }
}
