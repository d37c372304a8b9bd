package org.sv2translator.testbed.peer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.UncheckedIOException;
import org.junit.jupiter.api.Test;

class ProcessSampleTest {
    private static final long SELF = ProcessHandle.current().pid();

    @Test
    void readsThisJvm() {
        ProcessSample s = ProcessSample.of(SELF);
        assertEquals(SELF, s.pid());
        assertTrue(s.rssBytes() > 1024 * 1024, s::toString);
        assertTrue(s.threads() > 1, s::toString);
        assertTrue(s.cpuSeconds() > 0, s::toString);
    }

    @Test
    void cpuSecondsGrowWithWorkDone() {
        ProcessSample before = ProcessSample.of(SELF);
        // Work until the kernel has charged at least a few ticks to this process, however loaded the machine is.
        long sink = 0;
        ProcessSample after = before;
        while (after.cpuSeconds() - before.cpuSeconds() < 0.05) {
            for (int i = 0; i < 5_000_000; i++) {
                sink = sink * 31 + i;
            }
            after = ProcessSample.of(SELF);
        }
        ProcessSample window = after.minus(before);
        assertTrue(window.cpuSeconds() >= 0.05, window::toString);
        assertTrue(window.nanoTime() > 0, window::toString);
        assertTrue(window.cores() > 0, window::toString);
        assertEquals(after.rssBytes() - before.rssBytes(), window.rssBytes());
        assertTrue(sink != 1); // keeps the loop from being optimised away
    }

    @Test
    void minusRefusesSamplesOfTwoProcesses() {
        ProcessSample a = new ProcessSample(1, 0, 0, 0, 1);
        ProcessSample b = new ProcessSample(2, 0, 0, 0, 1);
        assertThrows(IllegalArgumentException.class, () -> a.minus(b));
    }

    @Test
    void aProcessThatIsGoneIsAnError() throws Exception {
        Process p = new ProcessBuilder("true").start();
        p.waitFor();
        assertThrows(UncheckedIOException.class, () -> ProcessSample.of(p.pid()));
    }

    @Test
    void clockTicksAreTheKernelsUserHz() {
        assertTrue(ProcessSample.ClockTicks.PER_SECOND >= 100, () -> "CLK_TCK " + ProcessSample.ClockTicks.PER_SECOND);
    }
}
