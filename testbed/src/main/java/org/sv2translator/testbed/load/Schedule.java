package org.sv2translator.testbed.load;

import java.util.random.RandomGenerator;

/**
 * When each connection's shares are due: {@code miners} connections together at {@code rate} shares per second,
 * each at {@code rate / miners}. {@link Kind#EVEN}: every connection every {@code miners / rate} seconds, the
 * connections' phases spread evenly over that period (so the sends of all of them are {@code 1 / rate} apart);
 * {@link Kind#POISSON}: exponential gaps of the same mean per connection (all together a Poisson stream at
 * {@code rate}). Times are {@code System.nanoTime()} values; the schedule depends on nothing but the clock's
 * origin {@code t0}, never on when a share was really sent (open loop).
 */
public final class Schedule {
    /** How the send times are spaced. */
    public enum Kind { EVEN, POISSON }

    private final Kind kind;
    private final int miners;
    private final double periodNanos;
    private final long t0;

    public Schedule(Kind kind, int miners, double rate, long t0) {
        if (miners < 1 || !(rate > 0)) {
            throw new IllegalArgumentException("miners >= 1 and rate > 0 needed, got " + miners + " and " + rate);
        }
        this.kind = kind;
        this.miners = miners;
        this.periodNanos = miners * 1e9 / rate;
        this.t0 = t0;
    }

    /** Each connection's mean time between shares, in nanoseconds. */
    public double periodNanos() {
        return periodNanos;
    }

    /** Connection {@code index}'s first send time at or after {@code now}. */
    public long first(int index, long now, RandomGenerator random) {
        if (kind == Kind.POISSON) {
            return now + exponential(random);
        }
        double phase = t0 + periodNanos * (index % miners) / miners;
        double k = Math.max(0, Math.ceil((now - phase) / periodNanos));
        return (long) Math.ceil(phase + k * periodNanos);
    }

    /** The send time after {@code previous} (a scheduled time, not when that share really went out). */
    public long next(long previous, int index, RandomGenerator random) {
        if (kind == Kind.POISSON) {
            return previous + exponential(random);
        }
        // From the phase lattice, not by adding the rounded period: no drift over many periods.
        double phase = t0 + periodNanos * (index % miners) / miners;
        double k = Math.floor((previous - phase) / periodNanos + 1e-9) + 1;
        return (long) Math.ceil(phase + k * periodNanos);
    }

    private long exponential(RandomGenerator random) {
        return Math.max(1, (long) (-Math.log(1 - random.nextDouble()) * periodNanos));
    }
}
