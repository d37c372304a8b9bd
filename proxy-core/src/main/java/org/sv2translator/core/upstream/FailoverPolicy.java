package org.sv2translator.core.upstream;

import java.time.Duration;

/**
 * When to retry, when to move to the next pool, and whether to come back to the first one.
 *
 * @param initialBackoff         the wait before the first retry
 * @param maxBackoff             the cap of the exponentially growing wait
 * @param failuresBeforeNextPool consecutive failed attempts on one pool before trying the next
 * @param primaryRetryInterval   while on a backup pool, how often to try the first pool again; zero stays on the
 *                               backup until it fails
 */
public record FailoverPolicy(Duration initialBackoff, Duration maxBackoff, int failuresBeforeNextPool,
                             Duration primaryRetryInterval) {
    public static final FailoverPolicy DEFAULT = new FailoverPolicy(Duration.ofSeconds(1), Duration.ofSeconds(30), 3,
            Duration.ofSeconds(60));

    public FailoverPolicy {
        if (initialBackoff.isNegative() || initialBackoff.isZero() || maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("backoff must be positive and max >= initial");
        }
        if (failuresBeforeNextPool < 1) {
            throw new IllegalArgumentException("failures before the next pool must be at least 1");
        }
        if (primaryRetryInterval.isNegative()) {
            throw new IllegalArgumentException("primary retry interval must not be negative");
        }
    }

    public boolean returnsToPrimary() {
        return !primaryRetryInterval.isZero();
    }

    /**
     * The wait before retry number {@code attempt} (1 = first retry): initial * 2^(attempt-1), capped, then
     * scaled into [50%, 100%] by {@code random} in [0, 1) so a farm of translators restarted together does not
     * hammer a recovering pool in lockstep.
     */
    public Duration backoff(int attempt, double random) {
        double base = initialBackoff.toMillis() * Math.pow(2, Math.min(Math.max(attempt - 1, 0), 30));
        double capped = Math.min(base, maxBackoff.toMillis());
        return Duration.ofMillis(Math.max(1, Math.round(capped * (0.5 + random / 2))));
    }
}
