package org.sv2translator.v1;

/**
 * A token bucket: {@code burst} tokens, refilled at {@code perSecond}, starting full. Used for accepted connections
 * (server-wide) and for invalid shares (per connection). Time is passed in (nanoseconds, any origin) so the
 * arithmetic is testable without sleeping. Not thread-safe: each user says which thread owns its bucket.
 */
final class TokenBucket {
    private final double perNano;
    private final double burst;
    private double tokens;
    private long last;
    private boolean started;

    TokenBucket(int perSecond, int burst) {
        if (perSecond < 1 || burst < 1) {
            throw new IllegalArgumentException("rate and burst must be positive");
        }
        this.perNano = perSecond / 1e9;
        this.burst = burst;
        this.tokens = burst;
    }

    /** Takes a token if there is one. */
    boolean tryAcquire(long nowNanos) {
        refill(nowNanos);
        if (tokens >= 1) {
            tokens -= 1;
            return true;
        }
        return false;
    }

    /** Nanoseconds until a token is available (0 if one is now). */
    long nanosUntilToken(long nowNanos) {
        refill(nowNanos);
        return tokens >= 1 ? 0 : (long) Math.ceil((1 - tokens) / perNano);
    }

    private void refill(long nowNanos) {
        if (!started) {
            started = true;
            last = nowNanos;
            return;
        }
        long elapsed = nowNanos - last;
        if (elapsed > 0) {
            tokens = Math.min(burst, tokens + elapsed * perNano);
            last = nowNanos;
        }
    }
}
