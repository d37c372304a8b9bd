package org.sv2translator.core.upstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class FailoverPolicyTest {
    private final FailoverPolicy policy = new FailoverPolicy(Duration.ofSeconds(1), Duration.ofSeconds(30), 3,
            Duration.ofSeconds(60));

    @Test
    void backoffDoublesUpToTheCap() {
        // random = 0.999..: the top of the jitter range, i.e. the base itself
        assertEquals(1000, policy.backoff(1, 1.0).toMillis());
        assertEquals(2000, policy.backoff(2, 1.0).toMillis());
        assertEquals(16000, policy.backoff(5, 1.0).toMillis());
        assertEquals(30000, policy.backoff(6, 1.0).toMillis(), "capped");
        assertEquals(30000, policy.backoff(1000, 1.0).toMillis(), "no overflow far out");
    }

    @Test
    void jitterSpreadsTheWaitOverTheUpperHalf() {
        assertEquals(500, policy.backoff(1, 0).toMillis());
        assertEquals(15000, policy.backoff(10, 0).toMillis());
        for (double r = 0; r < 1; r += 0.1) {
            long ms = policy.backoff(3, r).toMillis();
            assertTrue(ms >= 2000 && ms <= 4000, ms + " ms");
        }
    }

    @Test
    void nonsenseIsRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> new FailoverPolicy(Duration.ZERO, Duration.ofSeconds(1), 1, Duration.ZERO));
        assertThrows(IllegalArgumentException.class,
                () -> new FailoverPolicy(Duration.ofSeconds(2), Duration.ofSeconds(1), 1, Duration.ZERO));
        assertThrows(IllegalArgumentException.class,
                () -> new FailoverPolicy(Duration.ofSeconds(1), Duration.ofSeconds(1), 0, Duration.ZERO));
        assertTrue(!new FailoverPolicy(Duration.ofSeconds(1), Duration.ofSeconds(1), 1, Duration.ZERO)
                .returnsToPrimary());
    }

    @Test
    void aReconnectKeepsThePoolAndFillsInWhatIsEmpty() {
        PoolEndpoint pool = new PoolEndpoint(InetSocketAddress.createUnresolved("pool.example", 3336), new byte[32]);
        assertEquals("pool.example:4000", pool.redirectedTo("", 4000).toString());
        assertEquals("other.example:3336", pool.redirectedTo("other.example", 0).toString());
        assertEquals("pool.example:3336", pool.redirectedTo("", 0).toString());
        assertEquals(0, java.util.Arrays.compare(pool.authorityKey(), pool.redirectedTo("x", 1).authorityKey()),
                "a Reconnect cannot change the pinned authority");
    }
}
