package org.sv2translator.core.upstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * Model-based test of the failover state machine (issue 19): two or three simulated pools, random sequences of
 * kill / restart / refuse setup / go silent / Reconnect, in virtual time. After every step the world runs for the
 * documented bound, then the machine must be on a working pool if any pool is healthy (and on the primary if that
 * one is healthy); throughout, it must never keep using a connection the world ended beyond the time it takes to
 * hear of it, nor a silent pool beyond the silence detection time, and what it tells its listener must match.
 */
class FailoverMachineTest {
    static final FailoverPolicy POLICY = new FailoverPolicy(Duration.ofSeconds(1), Duration.ofSeconds(8), 2,
            Duration.ofSeconds(60));
    /** How long events take to arrive (connect, setup, close). */
    static final long LATENCY = 10;
    /** An attempt on a pool that accepts TCP but never answers fails after the setup timeout. */
    static final long SETUP_TIMEOUT = UpstreamConnection.SETUP_TIMEOUT_SECONDS * 1000;
    /** A connection to a pool gone silent ends this long after (the liveness checks' worst case). */
    static final long SILENCE = 31_000;

    /** The documented bound: detection, then every pool tried failuresBeforeNextPool times. */
    static long bound(int pools) {
        return SILENCE + LATENCY + (long) pools * POLICY.failuresBeforeNextPool()
                * (POLICY.maxBackoff().toMillis() + SETUP_TIMEOUT + 3 * LATENCY);
    }

    enum Kind { KILL, RESTART, REFUSE, SILENT, RECONNECT }

    record Step(Kind kind, int pool) {
    }

    enum Mode { OK, REFUSE, SILENT }

    static final class Pool {
        boolean up = true;
        Mode mode = Mode.OK;
        int generation;
        long silentSince;

        boolean healthy() {
            return up && mode == Mode.OK;
        }
    }

    static final class Conn {
        final PoolEndpoint target;
        final int pool; // the pool listening at the target when it was opened, or -1
        boolean open = true; // false once the world or the machine ended it
        long endedAt = -1; // when the world ended it (not the machine)
        boolean ready;
        boolean reported;

        Conn(PoolEndpoint target, int pool) {
            this.target = target;
            this.pool = pool;
        }
    }

    /** The simulated pools, clock and event queue: the machine's {@link FailoverMachine.Env}. */
    static final class World implements FailoverMachine.Env<Conn> {
        private record Event(long at, long seq, Runnable task) {
        }

        final Pool[] pools;
        final List<Conn> conns = new ArrayList<>();
        final PriorityQueue<Event> queue = new PriorityQueue<>((a, b) -> a.at != b.at ? Long.compare(a.at, b.at)
                : Long.compare(a.seq, b.seq));
        final FailoverMachine<Conn> machine;
        long now;
        long seq;
        Conn active;
        final List<String> trace = new ArrayList<>();

        World(int n) {
            pools = new Pool[n];
            List<PoolEndpoint> endpoints = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                pools[i] = new Pool();
                endpoints.add(endpoint(i));
            }
            machine = new FailoverMachine<>(endpoints, POLICY, Duration.ofSeconds(5), this);
        }

        PoolEndpoint endpoint(int i) {
            return new PoolEndpoint(InetSocketAddress.createUnresolved("pool" + i + "-" + pools[i].generation, 1),
                    new byte[32]);
        }

        int listeningAt(PoolEndpoint target) {
            for (int i = 0; i < pools.length; i++) {
                if (endpoint(i).toString().equals(target.toString())) {
                    return i;
                }
            }
            return -1;
        }

        void at(long delay, Runnable task) {
            queue.add(new Event(now + delay, seq++, task));
        }

        void runUntil(long until) {
            while (!queue.isEmpty() && queue.peek().at <= until) {
                Event e = queue.poll();
                now = e.at;
                e.task.run();
                checkSafety();
            }
            now = until;
        }

        /** The world ends a connection; the machine hears of it after the latency. */
        void end(Conn c, String reason) {
            if (c.open) {
                c.open = false;
                c.endedAt = now;
            }
            report(c, reason);
        }

        private void report(Conn c, String reason) {
            if (!c.reported) {
                c.reported = true;
                // What the real connection flags as silence: a liveness check or the setup timeout.
                boolean silent = reason.equals("silent") || reason.equals("no setup");
                at(LATENCY, () -> machine.onClosed(c, reason, silent));
            }
        }

        @Override
        public Conn open(PoolEndpoint target, int index, boolean probe) {
            Conn c = new Conn(target, listeningAt(target));
            conns.add(c);
            trace.add(now + " open " + target + (probe ? " (probe)" : ""));
            at(LATENCY, () -> {
                if (!c.open) {
                    return;
                }
                Pool p = c.pool < 0 ? null : pools[c.pool];
                if (p == null || !p.up) {
                    end(c, "refused");
                } else if (p.mode == Mode.REFUSE) {
                    end(c, "SetupConnection refused");
                } else if (p.mode == Mode.SILENT) {
                    at(SETUP_TIMEOUT, () -> end(c, "no setup"));
                } else {
                    c.ready = true;
                    machine.onReady(c);
                    at(LATENCY, () -> {
                        if (c.open && pools[c.pool].healthy()) {
                            machine.confirm(c); // its first job arrived
                        }
                    });
                }
            });
            return c;
        }

        @Override
        public void close(Conn c) {
            c.open = false;
            report(c, "closed by us");
        }

        @Override
        public Runnable schedule(Duration delay, Runnable task) {
            boolean[] cancelled = {false};
            at(delay.toMillis(), () -> {
                if (!cancelled[0]) {
                    task.run();
                }
            });
            return () -> cancelled[0] = true;
        }

        @Override
        public double random() {
            return 0.5;
        }

        @Override
        public void connected(Conn c, int index, Conn replaced, boolean movedPool) {
            trace.add(now + " connected " + c.target + " replacing " + (replaced == null ? "-" : replaced.target));
            assertTrue(c.ready, "only a set-up connection is used");
            assertSame(active, replaced, "the replaced connection is the one in use");
            assertEquals(c.pool, index, "the index told is the connection's pool");
            active = c;
        }

        @Override
        public void disconnected(Conn c, String reason) {
            trace.add(now + " disconnected " + c.target + ": " + reason);
            assertSame(active, c, "only the connection in use is reported lost");
            active = null;
        }

        @Override
        public void info(String message) {
        }

        /** Checked after every event. */
        void checkSafety() {
            assertSame(active, machine.active(), "the listener's view matches the machine's");
            if (active != null) {
                if (active.endedAt >= 0) {
                    assertTrue(now - active.endedAt <= LATENCY, "a connection the pool ended is left as soon as"
                            + " that is known\n" + String.join("\n", trace));
                }
                assertTrue(active.open || active.endedAt >= 0, "never using a connection we closed");
                Pool p = pools[active.pool];
                if (p.up && p.mode == Mode.SILENT) {
                    assertTrue(now - p.silentSince <= SILENCE + LATENCY, "a silent pool is left within the bound");
                }
            }
        }

        void apply(Step s) {
            int i = s.pool % pools.length;
            Pool p = pools[i];
            trace.add(now + " step " + s.kind + " " + i);
            switch (s.kind) {
                case KILL -> {
                    p.up = false;
                    for (Conn c : List.copyOf(conns)) {
                        if (c.pool == i && c.open) {
                            end(c, "connection closed");
                        }
                    }
                }
                case RESTART -> {
                    p.up = true;
                    p.mode = Mode.OK;
                }
                case REFUSE -> {
                    if (p.mode != Mode.SILENT) {
                        p.mode = Mode.REFUSE; // new setups refused; connections set up carry on
                    }
                }
                case SILENT -> {
                    if (p.up && p.mode != Mode.SILENT) {
                        p.mode = Mode.SILENT;
                        p.silentSince = now;
                        for (Conn c : List.copyOf(conns)) {
                            if (c.pool == i && c.open) {
                                at(SILENCE, () -> end(c, "silent"));
                            }
                        }
                    }
                }
                case RECONNECT -> {
                    List<Conn> told = conns.stream().filter(c -> c.pool == i && c.open && c.ready).toList();
                    if (p.healthy() && !told.isEmpty()) {
                        p.generation++; // the pool moved: nobody answers at the old address any more
                        PoolEndpoint target = endpoint(i);
                        for (Conn c : told) {
                            at(LATENCY, () -> machine.onReconnect(c, target));
                        }
                    }
                }
            }
        }

        boolean anyHealthy() {
            for (Pool p : pools) {
                if (p.healthy()) {
                    return true;
                }
            }
            return false;
        }

        void checkLiveness(String when) {
            if (!anyHealthy()) {
                return;
            }
            String trail = when + "\n" + String.join("\n", trace);
            assertNotNull(machine.active(), "on a pool within the bound: " + trail);
            Conn c = machine.active();
            assertTrue(c.open && pools[c.pool].up && pools[c.pool].mode != Mode.SILENT,
                    "on a working pool: " + trail);
            assertEquals(endpoint(c.pool).toString(), c.target.toString(), "at the pool's address now: " + trail);
        }
    }

    @Provide
    Arbitrary<List<Step>> steps() {
        Arbitrary<Step> step = Combinators.combine(Arbitraries.of(Kind.class), Arbitraries.integers().between(0, 2))
                .as(Step::new);
        return step.list().ofMinSize(1).ofMaxSize(25);
    }

    @Property(tries = 400)
    void everyLossIsFollowedByAWorkingPoolWithinTheBound(@ForAll("steps") List<Step> steps,
                                                         @ForAll @IntRange(min = 2, max = 3) int pools) {
        World w = new World(pools);
        w.machine.start();
        w.runUntil(bound(pools));
        w.checkLiveness("at start");
        for (Step s : steps) {
            w.apply(s);
            w.runUntil(w.now + bound(pools));
            w.checkLiveness("after " + s);
            if (w.pools[0].healthy()) {
                // Then the probe finds the primary (at its address now) within one more retry interval.
                w.runUntil(w.now + POLICY.primaryRetryInterval().toMillis() + 3 * LATENCY);
                assertEquals(0, w.machine.activeIndex(), "back on the healthy primary\n" + String.join("\n",
                        w.trace));
            }
        }
    }

    /** Issue 19's first finding, as a fixed sequence: the primary lost a second time after the miners returned. */
    @Test
    void thePrimaryLostAfterComingBackThroughTheProbeIsFailedOverAgain() {
        World w = new World(2);
        w.machine.start();
        for (int round = 0; round < 3; round++) {
            w.apply(new Step(Kind.KILL, 0));
            w.runUntil(w.now + bound(2));
            assertEquals(1, w.machine.activeIndex(), "on the backup, round " + round);
            w.apply(new Step(Kind.RESTART, 0));
            w.runUntil(w.now + POLICY.primaryRetryInterval().toMillis() + 3 * LATENCY);
            assertEquals(0, w.machine.activeIndex(), "back on the primary, round " + round);
        }
    }

    /** Issue 19's second finding: after a Reconnect of the primary, no probe goes back to its old address. */
    @Test
    void aReconnectTargetIsWhereThePoolIsFromThenOn() {
        World w = new World(2);
        w.machine.start();
        w.runUntil(1000);
        PoolEndpoint old = w.endpoint(0);
        w.apply(new Step(Kind.RECONNECT, 0));
        w.runUntil(w.now + 10 * POLICY.primaryRetryInterval().toMillis());
        assertEquals(0, w.machine.activeIndex());
        assertEquals(w.endpoint(0).toString(), w.machine.active().target.toString());
        assertEquals(1, w.conns.stream().filter(c -> c.target.toString().equals(old.toString())).count(),
                "the old address was used once, at start");
        // Lost at its new address: retried there, not at the old one.
        w.apply(new Step(Kind.KILL, 0));
        w.apply(new Step(Kind.RESTART, 0));
        w.runUntil(w.now + bound(2));
        assertEquals(0, w.machine.activeIndex());
        assertEquals(w.endpoint(0).toString(), w.machine.active().target.toString());
    }
}
