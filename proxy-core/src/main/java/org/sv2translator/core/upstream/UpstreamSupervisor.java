package org.sv2translator.core.upstream;

import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the translator connected to a pool: the pools in priority order, capped exponential backoff with jitter
 * between attempts, the next pool after {@link FailoverPolicy#failuresBeforeNextPool()} consecutive failures,
 * Reconnect requests honoured at once, and, while on a backup, a periodic attempt at the primary that switches
 * back only once the primary is set up (make before break: the old connection is closed
 * {@link #REPLACED_GRACE} later, so verdicts of shares already sent still arrive).
 *
 * <p>Every decision runs on one event loop of the upstream group; the listener is called there.
 */
public final class UpstreamSupervisor implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(UpstreamSupervisor.class);
    static final Duration REPLACED_GRACE = Duration.ofSeconds(5);

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
    private final FailoverPolicy policy;
    private final EventLoopGroup group;
    private final EventLoop loop;
    private final UpstreamStats stats;
    private final Listener listener;
    /**
     * V1 job ids, unique across pools and connections, and across restarts and instances too: they start from the
     * clock (plus a random byte). cpuminer and cgminer only refresh their work when the job id changes, so a miner
     * that reconnects to a restarted translator, or to a second instance in a rolling upgrade, and there meets the
     * id it was working on, keeps hashing the old job and every share is rejected (seen with cpuminer 2.5.1).
     */
    private final AtomicLong jobIds = new AtomicLong(
            (System.currentTimeMillis() << 8) | ThreadLocalRandom.current().nextInt(256));
    private volatile UpstreamConnection active;
    private UpstreamConnection attempt;
    private UpstreamConnection probe;
    private PoolEndpoint redirect;
    private int poolIndex;
    private int activeIndex = -1;
    private int failuresOnPool;
    private int attemptsSinceReady;
    private boolean confirmed; // the active connection has proved useful (see confirm)
    private volatile boolean closed;

    public UpstreamSupervisor(UpstreamConfig config, EventLoopGroup group, UpstreamStats stats, Listener listener) {
        this.config = config;
        this.policy = config.failover();
        this.group = group;
        this.loop = group.next();
        this.stats = stats;
        this.listener = listener;
    }

    /** Starts connecting to the primary. */
    public void start() {
        loop.execute(this::connectNext);
    }

    /** The configured pools, in priority order. */
    public List<PoolEndpoint> pools() {
        return config.pools();
    }

    /** The connection in use, or null while none is set up. */
    public UpstreamConnection active() {
        return active;
    }

    /** The pool in use (index in the configured list; -1 while disconnected or on a Reconnect target). */
    public int activePoolIndex() {
        return active == null ? -1 : activeIndex;
    }

    private void connectNext() {
        if (closed || attempt != null) {
            return;
        }
        PoolEndpoint target;
        int index;
        if (redirect != null) {
            target = redirect;
            index = -1;
            redirect = null;
        } else {
            target = config.pools().get(poolIndex);
            index = poolIndex;
        }
        log.info("connecting to pool {} ({})", target, index < 0 ? "asked by Reconnect"
                : index == 0 ? "primary" : "backup " + index);
        UpstreamConnection c = new UpstreamConnection(target, config, stats, jobIds, new Events(index, false));
        attempt = c;
        c.connect(group);
    }

    private void onReady(UpstreamConnection c, int index, boolean isProbe) {
        if (closed) {
            c.close();
            return;
        }
        if (!isProbe && active != null) {
            attempt = null; // the primary came back first while this attempt was under way
            c.close();
            return;
        }
        UpstreamConnection replaced = active;
        if (isProbe) {
            probe = null;
            log.info("primary pool {} is back: moving miners to it", c.pool());
        } else {
            attempt = null;
        }
        if (replaced != null || stats.connections() > 1) {
            stats.failovers.increment();
        }
        active = c;
        activeIndex = index;
        confirmed = false;
        listener.onConnected(c, replaced);
        if (replaced != null && replaced != c) {
            loop.schedule(replaced::close, REPLACED_GRACE.toMillis(), TimeUnit.MILLISECONDS);
        }
        scheduleProbe();
    }

    private void onClosed(UpstreamConnection c, int index, boolean isProbe, String reason) {
        if (closed) {
            return;
        }
        if (isProbe) {
            probe = null;
            log.info("primary pool {} still unavailable: {}", c.pool(), reason);
            scheduleProbe();
            return;
        }
        if (c == active) {
            active = null;
            log.error("pool {} lost: {}; miners stay connected while a pool is sought", c.pool(), reason);
            listener.onDisconnected(c, reason);
            scheduleRetry(index, confirmed);
        } else if (c == attempt) {
            attempt = null;
            log.warn("pool {} unavailable: {}", c.pool(), reason);
            scheduleRetry(index, false);
        }
        // else: a connection we replaced, closing as planned
    }

    /**
     * The active connection works: it delivered a job (or there is no channel to open yet). Until then, losing it
     * counts as a failed attempt, so a pool that sets up but refuses our channel is eventually left for the next
     * one instead of being retried at the shortest backoff for ever. From any thread.
     */
    public void confirm(UpstreamConnection c) {
        loop.execute(() -> {
            if (c == active && !confirmed) {
                confirmed = true;
                failuresOnPool = 0;
                attemptsSinceReady = 0;
            }
        });
    }

    private void onReconnectRequested(UpstreamConnection c, PoolEndpoint target) {
        if (c != active || closed) {
            return;
        }
        redirect = target;
        active = null;
        listener.onDisconnected(c, "pool asked to reconnect to " + target);
        c.close();
        connectNext();
    }

    private void scheduleRetry(int index, boolean wasUp) {
        if (index >= 0 && !wasUp) {
            failuresOnPool++;
            if (failuresOnPool >= policy.failuresBeforeNextPool() && config.pools().size() > 1) {
                failuresOnPool = 0;
                poolIndex = (poolIndex + 1) % config.pools().size();
                log.warn("{} failed attempts: trying pool {} next", policy.failuresBeforeNextPool(),
                        config.pools().get(poolIndex));
            }
        }
        if (index >= 0 && wasUp) {
            poolIndex = index; // retry the pool we just lost first
        }
        attemptsSinceReady++;
        Duration wait = policy.backoff(attemptsSinceReady, ThreadLocalRandom.current().nextDouble());
        log.info("next pool attempt in {} ms", wait.toMillis());
        loop.schedule(this::connectNext, wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void scheduleProbe() {
        if (closed || !policy.returnsToPrimary() || activeIndex == 0 || active == null || probe != null) {
            return;
        }
        loop.schedule(() -> {
            if (closed || activeIndex == 0 || active == null || probe != null) {
                return;
            }
            PoolEndpoint primary = config.pools().get(0);
            log.info("trying primary pool {} again", primary);
            UpstreamConnection c = new UpstreamConnection(primary, config, stats, jobIds, new Events(0, true));
            probe = c;
            c.connect(group);
        }, policy.primaryRetryInterval().toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        closed = true;
        loop.execute(() -> {
            for (UpstreamConnection c : new UpstreamConnection[] {active, attempt, probe}) {
                if (c != null) {
                    c.close();
                }
            }
        });
    }

    /** Routes one connection's events to the supervisor's loop, remembering which pool and role it has. */
    private final class Events implements UpstreamConnection.Events {
        private final int index;
        private final boolean isProbe;

        Events(int index, boolean isProbe) {
            this.index = index;
            this.isProbe = isProbe;
        }

        @Override
        public void onReady(UpstreamConnection connection) {
            loop.execute(() -> UpstreamSupervisor.this.onReady(connection, index, isProbe));
        }

        @Override
        public void onReconnectRequested(UpstreamConnection connection, PoolEndpoint target) {
            loop.execute(() -> UpstreamSupervisor.this.onReconnectRequested(connection, target));
        }

        @Override
        public void onClosed(UpstreamConnection connection, String reason) {
            loop.execute(() -> UpstreamSupervisor.this.onClosed(connection, index, isProbe, reason));
        }
    }
}
