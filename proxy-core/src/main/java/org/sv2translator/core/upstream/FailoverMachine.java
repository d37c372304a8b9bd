package org.sv2translator.core.upstream;

import java.time.Duration;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The failover decisions of the {@link UpstreamSupervisor}, with no sockets and no clock of its own, so that a test
 * can drive it through any sequence of pool events in virtual time ({@code FailoverMachineTest}). {@code C} is
 * whatever stands for one pool connection (an {@link UpstreamConnection} in production).
 *
 * <h2>States</h2>
 * <ul>
 *   <li><b>CONNECTING</b>: no connection in use; one attempt ({@code attempt}) under way to pool
 *       {@code attemptIndex}.</li>
 *   <li><b>WAITING</b>: no connection in use; the next attempt is scheduled after a backoff.</li>
 *   <li><b>ACTIVE</b>: a connection ({@code active}) is set up and in use. When it is not on the first pool and
 *       the primary retry is on, a <i>probe</i> of the first pool is scheduled or under way.</li>
 *   <li><b>CLOSED</b>: {@link #close()} was called; nothing more happens.</li>
 * </ul>
 *
 * <h2>Transitions</h2>
 * <ul>
 *   <li>start: CONNECTING to pool 0.</li>
 *   <li>CONNECTING, the attempt is set up: ACTIVE on it.</li>
 *   <li>CONNECTING, the attempt fails: WAITING; the failure counts against its pool, and after
 *       {@link FailoverPolicy#failuresBeforeNextPool()} consecutive failures the next pool (cyclically) is tried;
 *       after an attempt that went silent (the setup timeout), the next pool at once.</li>
 *   <li>WAITING, the backoff elapses: CONNECTING.</li>
 *   <li>ACTIVE, the connection in use is lost (closed, refused, silent: however it ends, whichever pool it is on,
 *       and however it became the one in use, attempt or probe): the listener hears of it, a probe under way is
 *       dropped, and WAITING to retry that pool. The loss counts as a failure of the pool only if the connection
 *       never proved useful ({@link #confirm}): a pool that sets up but never serves a job is eventually left. A
 *       connection lost to silence (liveness checks, setup timeout) moves to the next pool at once.</li>
 *   <li>ACTIVE, the probe is set up: ACTIVE on the probe (make before break: the replaced connection is closed
 *       {@code grace} later, so verdicts on shares already sent still arrive).</li>
 *   <li>ACTIVE, the probe fails: the next probe is scheduled.</li>
 *   <li>Any state, {@code Reconnect} on the connection in use, the attempt or the probe: the named address becomes
 *       that pool's address for every later attempt and probe; the connection is closed and the same pool is
 *       connected to again at once (CONNECTING, or a new probe). A Reconnect to the first pool's new address
 *       therefore never triggers a probe back to its old one.</li>
 *   <li>Any state, close: CLOSED, every connection closed.</li>
 * </ul>
 * Events about a connection that is none of active, attempt and probe (one replaced or given up) are ignored
 * (except that a Reconnect on it still updates its pool's address), so a late close of an old connection cannot
 * undo anything. Invariants: an attempt exists only in CONNECTING, a backoff timer only in WAITING, a probe only
 * in ACTIVE.
 *
 * <p>Bound (what {@code FailoverMachineTest} checks): once the connection in use is known lost, with at least one
 * pool healthy, the machine is ACTIVE on a healthy pool within {@code pools × failuresBeforeNextPool ×
 * (maxBackoff + attempt duration)}, the attempt duration being at most the setup timeout.
 *
 * <p>Threading: not thread-safe. Every method, and every callback of the {@link Env}, runs on one thread (the
 * supervisor's event loop), which owns all the fields.
 */
final class FailoverMachine<C> {
    enum State { CONNECTING, WAITING, ACTIVE, CLOSED }

    /** What the machine does to the world. Called on the machine's thread. */
    interface Env<C> {
        /** Starts connecting to {@code target} (pool {@code index}); the outcome comes back as an event later. */
        C open(PoolEndpoint target, int index, boolean probe);

        void close(C connection);

        /** Runs {@code task} on the machine's thread after {@code delay}; the returned runnable cancels it. */
        Runnable schedule(Duration delay, Runnable task);

        /** A number in [0, 1) for the backoff's jitter. */
        double random();

        /**
         * {@code connection} is set up and is now the one in use; {@code replaced}, when not null, is the one it
         * replaces (closed a grace period later). {@code movedPool}: it is on another pool than the last one used.
         */
        void connected(C connection, int index, C replaced, boolean movedPool);

        /** The connection in use is gone; a new one is being sought. */
        void disconnected(C connection, String reason);

        /** For the operator's log. */
        void info(String message);
    }

    private final Env<C> env;
    private final FailoverPolicy policy;
    private final Duration grace;
    /** Each pool's address now: the configured one until a Reconnect names another. */
    private final PoolEndpoint[] addresses;
    /**
     * The pool of every connection opened and not yet reported closed: a Reconnect on a connection being left (a
     * replaced one in its grace period) still tells where its pool went.
     */
    private final Map<C, Integer> poolOf = new IdentityHashMap<>();
    private State state = State.WAITING;
    private C active;
    private int activeIndex = -1;
    private int lastActiveIndex = -1;
    private boolean confirmed;
    private C attempt;
    private int attemptIndex;
    private C probe;
    private Runnable retryTimer;
    private Runnable probeTimer;
    /** The pool the next attempt goes to. */
    private int poolIndex;
    private int failuresOnPool;
    private int attemptsSinceReady;

    FailoverMachine(List<PoolEndpoint> pools, FailoverPolicy policy, Duration grace, Env<C> env) {
        this.addresses = pools.toArray(new PoolEndpoint[0]);
        this.policy = policy;
        this.grace = grace;
        this.env = env;
    }

    State state() {
        return state;
    }

    C active() {
        return active;
    }

    int activeIndex() {
        return active == null ? -1 : activeIndex;
    }

    /** The pools' addresses now (Reconnect targets in place of the configured ones). */
    List<PoolEndpoint> addresses() {
        return List.of(addresses.clone());
    }

    void start() {
        if (state == State.WAITING && attempt == null && retryTimer == null) {
            connect(0);
        }
    }

    void onReady(C c) {
        if (state == State.CLOSED) {
            env.close(c);
        } else if (c == attempt) {
            attempt = null;
            becomeActive(c, attemptIndex, null);
        } else if (c == probe) {
            probe = null;
            C replaced = active;
            env.info("primary pool " + addresses[0] + " is back: moving miners to it");
            becomeActive(c, 0, replaced);
            env.schedule(grace, () -> env.close(replaced));
        } else {
            env.close(c); // given up on while it was setting up
        }
    }

    void onClosed(C c, String reason) {
        onClosed(c, reason, false);
    }

    /**
     * {@code silent}: the pool stopped answering with the socket open (liveness checks, setup timeout). Its pool is
     * then left for the next one at once instead of being retried first: an attempt on a pool in that state costs
     * a whole setup timeout, during which the miners would have no pool.
     */
    void onClosed(C c, String reason, boolean silent) {
        poolOf.remove(c);
        if (state == State.CLOSED) {
            return;
        }
        if (c == active) {
            int index = activeIndex;
            boolean wasUseful = confirmed;
            active = null;
            activeIndex = -1;
            dropProbe();
            env.disconnected(c, reason);
            retryLater(index, !wasUseful, silent);
        } else if (c == attempt) {
            attempt = null;
            env.info("pool " + addresses[attemptIndex] + " unavailable: " + reason);
            retryLater(attemptIndex, true, silent);
        } else if (c == probe) {
            probe = null;
            env.info("primary pool " + addresses[0] + " still unavailable: " + reason);
            scheduleProbe();
        }
        // else: a connection replaced or given up on, closing as planned
    }

    void onReconnect(C c, PoolEndpoint target) {
        if (state == State.CLOSED) {
            return;
        }
        if (c == active) {
            int index = activeIndex;
            addresses[index] = target;
            active = null;
            activeIndex = -1;
            dropProbe();
            env.disconnected(c, "pool asked to reconnect to " + target);
            env.close(c);
            failuresOnPool = 0;
            connect(index);
        } else if (c == attempt) {
            addresses[attemptIndex] = target;
            attempt = null;
            env.close(c);
            connect(attemptIndex);
        } else if (c == probe) {
            addresses[0] = target;
            probe = null;
            env.close(c);
            startProbe();
        } else if (poolOf.containsKey(c)) {
            addresses[poolOf.get(c)] = target; // a connection we are leaving: remember where its pool went
        }
    }

    /**
     * The connection in use works: it delivered a job (or there is no channel to open yet). Until then, losing it
     * counts as a failed attempt on its pool.
     */
    void confirm(C c) {
        if (c == active && !confirmed) {
            confirmed = true;
            failuresOnPool = 0;
            attemptsSinceReady = 0;
        }
    }

    void close() {
        state = State.CLOSED;
        cancel(retryTimer);
        cancel(probeTimer);
        retryTimer = null;
        probeTimer = null;
        List<C> open = new ArrayList<>(3);
        for (C c : java.util.Arrays.asList(active, attempt, probe)) {
            if (c != null) {
                open.add(c);
            }
        }
        active = attempt = probe = null;
        open.forEach(env::close);
    }

    private void becomeActive(C c, int index, C replaced) {
        cancel(retryTimer);
        retryTimer = null;
        boolean moved = lastActiveIndex >= 0 && lastActiveIndex != index;
        active = c;
        activeIndex = index;
        lastActiveIndex = index;
        poolIndex = index;
        confirmed = false;
        state = State.ACTIVE;
        env.connected(c, index, replaced, moved);
        scheduleProbe();
    }

    private void connect(int index) {
        cancel(retryTimer);
        retryTimer = null;
        poolIndex = index;
        attemptIndex = index;
        state = State.CONNECTING;
        env.info("connecting to pool " + addresses[index] + " (" + (index == 0 ? "primary" : "backup " + index)
                + ")");
        attempt = env.open(addresses[index], index, false);
        poolOf.put(attempt, index);
    }

    /** WAITING, then an attempt on {@code index} or, after too many failures there, on the next pool. */
    private void retryLater(int index, boolean countsAsFailure, boolean moveOn) {
        poolIndex = index;
        if (moveOn && addresses.length > 1) {
            failuresOnPool = 0;
            poolIndex = (index + 1) % addresses.length;
            env.info("pool " + addresses[index] + " went silent: trying pool " + addresses[poolIndex] + " next");
        } else if (countsAsFailure) {
            failuresOnPool++;
            if (failuresOnPool >= policy.failuresBeforeNextPool() && addresses.length > 1) {
                failuresOnPool = 0;
                poolIndex = (index + 1) % addresses.length;
                env.info(policy.failuresBeforeNextPool() + " failed attempts: trying pool " + addresses[poolIndex]
                        + " next");
            }
        } else {
            failuresOnPool = 0;
        }
        attemptsSinceReady++;
        Duration wait = policy.backoff(attemptsSinceReady, env.random());
        env.info("next pool attempt in " + wait.toMillis() + " ms");
        state = State.WAITING;
        int next = poolIndex;
        retryTimer = env.schedule(wait, () -> {
            if (state == State.WAITING) {
                retryTimer = null;
                connect(next);
            }
        });
    }

    private void scheduleProbe() {
        if (state != State.ACTIVE || !policy.returnsToPrimary() || activeIndex == 0 || probe != null
                || probeTimer != null) {
            return;
        }
        probeTimer = env.schedule(policy.primaryRetryInterval(), () -> {
            probeTimer = null;
            startProbe();
        });
    }

    private void startProbe() {
        if (state != State.ACTIVE || activeIndex == 0 || probe != null) {
            return;
        }
        env.info("trying primary pool " + addresses[0] + " again");
        probe = env.open(addresses[0], 0, true);
        poolOf.put(probe, 0);
    }

    private void dropProbe() {
        cancel(probeTimer);
        probeTimer = null;
        if (probe != null) {
            C p = probe;
            probe = null;
            env.close(p);
        }
    }

    private static void cancel(Runnable timer) {
        if (timer != null) {
            timer.run();
        }
    }
}
