package org.sv2translator.v1;

import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;

/**
 * At most one WARN per interval for one kind of event, with a count of the suppressed ones, so a flood of bad
 * connections cannot flood the log while an operator still sees what happens and from where.
 */
final class LogThrottle {
    private final long intervalNanos;
    private final AtomicLong nextAllowed = new AtomicLong(Long.MIN_VALUE);
    private final AtomicLong suppressed = new AtomicLong();

    LogThrottle(long intervalMillis) {
        this.intervalNanos = intervalMillis * 1_000_000L;
    }

    void warn(Logger log, String format, Object... args) {
        if (!log.isWarnEnabled()) {
            return;
        }
        long now = System.nanoTime();
        long next = nextAllowed.get();
        if ((next != Long.MIN_VALUE && now - next < 0) || !nextAllowed.compareAndSet(next, now + intervalNanos)) {
            suppressed.incrementAndGet();
            return;
        }
        long skipped = suppressed.getAndSet(0);
        if (skipped > 0) {
            log.warn(format + " ({} similar messages suppressed)", append(args, skipped));
        } else {
            log.warn(format, args);
        }
    }

    /** Forgets the last line and the suppressed count, so a test's next line is logged whatever ran before. */
    void reset() {
        nextAllowed.set(Long.MIN_VALUE);
        suppressed.set(0);
    }

    private static Object[] append(Object[] args, Object extra) {
        Object[] out = java.util.Arrays.copyOf(args, args.length + 1);
        out[args.length] = extra;
        return out;
    }
}
