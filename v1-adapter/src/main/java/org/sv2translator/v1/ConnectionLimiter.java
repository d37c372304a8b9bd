package org.sv2translator.v1;

import java.net.InetAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Global and per-address connection counts. The map holds an entry only while its address has an open connection,
 * so it never exceeds {@code maxConnections} entries. Thread-safe (connections arrive on every event loop).
 */
final class ConnectionLimiter {
    enum Verdict { OK, TOO_MANY_TOTAL, TOO_MANY_FROM_ADDRESS }

    private final int maxTotal;
    private final int maxPerAddress;
    private final AtomicInteger total = new AtomicInteger();
    private final ConcurrentHashMap<InetAddress, Integer> perAddress = new ConcurrentHashMap<>();

    ConnectionLimiter(int maxTotal, int maxPerAddress) {
        this.maxTotal = maxTotal;
        this.maxPerAddress = maxPerAddress;
    }

    /** Counts the connection when it is within both limits; a connection counted must be {@link #release}d. */
    Verdict tryAcquire(InetAddress address) {
        if (total.incrementAndGet() > maxTotal) {
            total.decrementAndGet();
            return Verdict.TOO_MANY_TOTAL;
        }
        boolean[] admitted = {false};
        perAddress.compute(address, (a, n) -> {
            int count = n == null ? 0 : n;
            if (count >= maxPerAddress) {
                return n;
            }
            admitted[0] = true;
            return count + 1;
        });
        if (!admitted[0]) {
            total.decrementAndGet();
            return Verdict.TOO_MANY_FROM_ADDRESS;
        }
        return Verdict.OK;
    }

    void release(InetAddress address) {
        perAddress.computeIfPresent(address, (a, n) -> n <= 1 ? null : n - 1);
        total.decrementAndGet();
    }

    int total() {
        return total.get();
    }

    int addresses() {
        return perAddress.size();
    }
}
