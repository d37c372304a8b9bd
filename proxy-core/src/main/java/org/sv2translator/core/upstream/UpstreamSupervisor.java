package org.sv2translator.core.upstream;

import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the translator connected to a pool. The decisions (which pool, when, backoff, failover, return to the
 * primary, Reconnect) are the {@link FailoverMachine}'s: its javadoc lists the states and transitions. This class
 * gives it real connections, the event loop's timers, and host name lookups on threads of their own.
 *
 * <p>Threading: the machine, and every decision, run on one event loop of the upstream group (the connections'
 * loop too: the group has one); the listener is called there. {@link #active()}, {@link #activePoolIndex()} and
 * {@link #pools()} read volatile copies published from that loop. Host names are looked up on {@link #lookups}
 * (at most {@link #LOOKUP_THREADS} at a time), never on the loop.
 */
public final class UpstreamSupervisor implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(UpstreamSupervisor.class);
    static final Duration REPLACED_GRACE = Duration.ofSeconds(5);
    /** Lookups at once; more wait in line (a pool per attempt or probe: two at most in normal running). */
    static final int LOOKUP_THREADS = 4;

    /** What the supervisor tells the translator, on the supervisor's event loop. */
    public interface Listener {
        /**
         * A connection is set up and is now the one to use. {@code replaced}, when not null, is the one it
         * replaces (still open for a few seconds: move channels off it).
         */
        void onConnected(UpstreamConnection connection, UpstreamConnection replaced);

        /** The connection in use is gone; a new one is being sought. */
        void onDisconnected(UpstreamConnection connection, String reason);
    }

    private final UpstreamConfig config;
    private final EventLoopGroup group;
    private final EventLoop loop;
    private final UpstreamStats stats;
    private final Listener listener;
    private final ThreadPoolExecutor lookups;
    /**
     * V1 job ids, unique across pools and connections, and across restarts and instances too: they start from the
     * clock (plus a random byte). cpuminer and cgminer only refresh their work when the job id changes, so a miner
     * that reconnects to a restarted translator, or to a second instance in a rolling upgrade, and there meets the
     * id it was working on, keeps hashing the old job and every share is rejected (seen with cpuminer 2.5.1).
     */
    private final AtomicLong jobIds = new AtomicLong(
            (System.currentTimeMillis() << 8) | ThreadLocalRandom.current().nextInt(256));
    /** Owned by {@link #loop}. */
    private final FailoverMachine<UpstreamConnection> machine;
    private volatile UpstreamConnection active;
    private volatile int activeIndex = -1;
    private volatile List<PoolEndpoint> addresses;
    private volatile boolean closed;

    public UpstreamSupervisor(UpstreamConfig config, EventLoopGroup group, UpstreamStats stats, Listener listener) {
        this.config = config;
        this.group = group;
        this.loop = group.next();
        this.stats = stats;
        this.listener = listener;
        this.addresses = config.pools();
        AtomicInteger threadNumber = new AtomicInteger();
        this.lookups = new ThreadPoolExecutor(LOOKUP_THREADS, LOOKUP_THREADS, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, "sv2t-pool-lookup-" + threadNumber.incrementAndGet());
                    t.setDaemon(true); // a hung lookup must not keep the JVM alive
                    return t;
                });
        lookups.allowCoreThreadTimeOut(true);
        this.machine = new FailoverMachine<>(config.pools(), config.failover(), REPLACED_GRACE, new Env());
    }

    /** Starts connecting to the primary. */
    public void start() {
        loop.execute(machine::start);
    }

    /**
     * The pools in priority order, each at its address now: the configured one, or the last address a Reconnect
     * from that pool named.
     */
    public List<PoolEndpoint> pools() {
        return addresses;
    }

    /** The connection in use, or null while none is set up. */
    public UpstreamConnection active() {
        return active;
    }

    /** The pool in use (index in {@link #pools()}; -1 while disconnected). */
    public int activePoolIndex() {
        return active == null ? -1 : activeIndex;
    }

    /**
     * The active connection works: it delivered a job (or there is no channel to open yet). Until then, losing it
     * counts as a failed attempt, so a pool that sets up but refuses our channel is eventually left for the next
     * one instead of being retried at the shortest backoff for ever. From any thread.
     */
    public void confirm(UpstreamConnection c) {
        loop.execute(() -> machine.confirm(c));
    }

    @Override
    public void close() {
        closed = true;
        loop.execute(machine::close);
        lookups.shutdownNow();
    }

    /** The machine's hands, on the loop. */
    private final class Env implements FailoverMachine.Env<UpstreamConnection> {
        @Override
        public UpstreamConnection open(PoolEndpoint target, int index, boolean probe) {
            UpstreamConnection c = new UpstreamConnection(target, config, stats, jobIds, new Events());
            c.connect(group, loop, lookups);
            return c;
        }

        @Override
        public void close(UpstreamConnection connection) {
            connection.close();
        }

        @Override
        public Runnable schedule(Duration delay, Runnable task) {
            var f = loop.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS);
            return () -> f.cancel(false);
        }

        @Override
        public double random() {
            return ThreadLocalRandom.current().nextDouble();
        }

        @Override
        public void connected(UpstreamConnection connection, int index, UpstreamConnection replaced,
                              boolean movedPool) {
            if (movedPool) {
                stats.failovers.increment();
            }
            active = connection;
            activeIndex = index;
            addresses = machine.addresses();
            listener.onConnected(connection, replaced);
        }

        @Override
        public void disconnected(UpstreamConnection connection, String reason) {
            active = null;
            activeIndex = -1;
            addresses = machine.addresses();
            if (!closed) {
                log.error("pool {} lost: {}; miners stay connected while a pool is sought", connection.pool(),
                        reason);
            }
            listener.onDisconnected(connection, reason);
        }

        @Override
        public void info(String message) {
            log.info(message);
        }
    }

    /** Routes one connection's events to the machine, on the supervisor's loop. */
    private final class Events implements UpstreamConnection.Events {
        @Override
        public void onReady(UpstreamConnection connection) {
            loop.execute(() -> machine.onReady(connection));
        }

        @Override
        public void onReconnectRequested(UpstreamConnection connection, PoolEndpoint target) {
            loop.execute(() -> {
                machine.onReconnect(connection, target);
                addresses = machine.addresses();
            });
        }

        @Override
        public void onClosed(UpstreamConnection connection, String reason) {
            loop.execute(() -> machine.onClosed(connection, reason, connection.endedSilent()));
        }
    }
}
