package org.sv2translator.v1;

import java.net.InetAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * New connections per source address: a token bucket per address ({@code burst} tokens, refilled at
 * {@code perSecond}), spent by each admitted connection. Stops one address reconnecting in a loop.
 *
 * <p>The table is keyed by miner input (the source address, or the PROXY header's), so it is bounded: an address
 * whose bucket has refilled completely carries no information and is dropped by a sweep (at most one a second,
 * run by whichever caller comes first); there are never more than {@code maxAddresses} entries (plus at most one
 * per thread racing past the check). When the table is full, an address not in it is admitted without a rate check
 * ({@link Verdict#UNTRACKED}): refusing it instead would let whoever filled the table lock out every other miner.
 *
 * <p>Thread-safe: connections arrive on every event loop. Each bucket is an immutable value replaced atomically
 * by {@link ConcurrentHashMap#compute}; the sweep removes an entry only if it was not replaced meanwhile. Time is
 * passed in (nanoseconds, any origin) so tests need no sleeping.
 */
final class ConnectionRateLimiter {
    enum Verdict { OK, UNTRACKED, TOO_FAST }

    static final long SWEEP_INTERVAL_NANOS = 1_000_000_000L;

    /** Tokens left at {@code at}; immutable so that readers outside {@code compute} see a consistent pair. */
    private record Bucket(double tokens, long at) {
    }

    private final double perNano;
    private final double burst;
    private final int maxAddresses;
    /** Time for an empty bucket to fill: an entry idle this long is equivalent to no entry. */
    private final long refillNanos;
    private final ConcurrentHashMap<InetAddress, Bucket> buckets = new ConcurrentHashMap<>();
    private final AtomicLong lastSweep = new AtomicLong();
    private volatile boolean swept;

    ConnectionRateLimiter(int perSecond, int burst, int maxAddresses) {
        if (perSecond < 1 || burst < 1 || maxAddresses < 1) {
            throw new IllegalArgumentException("rate, burst and table size must be positive");
        }
        this.perNano = perSecond / 1e9;
        this.burst = burst;
        this.maxAddresses = maxAddresses;
        this.refillNanos = (long) Math.ceil(burst / perNano);
    }

    /** Takes a token for a new connection from {@code address}; nothing is taken when the verdict is TOO_FAST. */
    Verdict tryAcquire(InetAddress address, long nowNanos) {
        sweepIfDue(nowNanos);
        Verdict[] verdict = {Verdict.OK};
        buckets.compute(address, (a, b) -> {
            if (b == null) {
                if (buckets.size() >= maxAddresses) {
                    verdict[0] = Verdict.UNTRACKED;
                    return null;
                }
                return new Bucket(burst - 1, nowNanos);
            }
            double tokens = Math.min(burst, b.tokens() + Math.max(0, nowNanos - b.at()) * perNano);
            if (tokens < 1) {
                verdict[0] = Verdict.TOO_FAST;
                return b; // a refusal spends nothing: the refill still counts from the last admission
            }
            return new Bucket(tokens - 1, nowNanos);
        });
        return verdict[0];
    }

    /** Addresses tracked now. */
    int addresses() {
        return buckets.size();
    }

    int maxAddresses() {
        return maxAddresses;
    }

    /** Drops every entry whose bucket is full again; at most once per {@link #SWEEP_INTERVAL_NANOS}. */
    void sweepIfDue(long nowNanos) {
        long last = lastSweep.get();
        if (swept && nowNanos - last < SWEEP_INTERVAL_NANOS) {
            return;
        }
        if (!lastSweep.compareAndSet(last, nowNanos)) {
            return; // another thread sweeps
        }
        swept = true;
        // Values view removeIf removes an entry only while it still maps to the value tested.
        buckets.values().removeIf(b -> nowNanos - b.at() >= refillNanos
                || b.tokens() + (nowNanos - b.at()) * perNano >= burst);
    }
}
