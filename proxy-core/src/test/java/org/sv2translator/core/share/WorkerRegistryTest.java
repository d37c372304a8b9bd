package org.sv2translator.core.share;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class WorkerRegistryTest {
    private static Set<String> names(WorkerRegistry r) {
        return r.all().stream().map(WorkerStats::name).collect(Collectors.toSet());
    }

    @Test
    void aWorkerLivesWhileAnyConnectionHasItThenAmongTheRecentOnes() {
        WorkerRegistry r = new WorkerRegistry(10, 2);
        WorkerStats a = r.connect("a");
        assertSame(a, r.connect("a"), "two connections, one worker");
        r.disconnect("a");
        assertEquals(1, r.liveCount(), "one connection left");
        r.disconnect("a");
        assertEquals(0, r.liveCount());
        assertSame(a, r.of("a"), "kept among the recent");
        assertSame(a, r.connect("a"), "and its figures come back with it");
    }

    @Test
    void theOldestDepartedAreForgottenPastTheRecentBound() {
        WorkerRegistry r = new WorkerRegistry(10, 2);
        for (String n : new String[] {"a", "b", "c"}) {
            r.connect(n);
            r.disconnect(n);
        }
        assertEquals(Set.of("b", "c"), names(r));
        WorkerStats again = r.connect("a");
        assertEquals(0, again.accepted(), "a fresh entry");
    }

    @Test
    void workersBeyondTheLiveBoundShareTheOverflowEntry() {
        WorkerRegistry r = new WorkerRegistry(2, 0);
        r.connect("a");
        r.connect("b");
        WorkerStats c = r.connect("c");
        assertEquals(WorkerRegistry.OVERFLOW, c.name());
        assertSame(c, r.of("c"), "its shares are counted there");
        assertSame(c, r.connect("d"));
        r.disconnect("c"); // nothing to release: it never had an entry
        assertEquals(2, r.liveCount());
        r.disconnect("a");
        assertNotSame(c, r.connect("d"), "room again: a worker of its own");
    }

    @Test
    void twentyThousandNamesThroughReconnectingConnectionsStayWithinTheBound() {
        WorkerRegistry r = new WorkerRegistry(100, 50);
        for (int i = 0; i < 20_000; i++) {
            String name = (i + "-" + "x".repeat(255)).substring(0, 255);
            r.connect(name);
            r.disconnect(name);
        }
        assertTrue(r.all().size() <= 50, "only the recent bound remains: " + r.all().size());
        assertEquals(0, r.liveCount());
    }
}
