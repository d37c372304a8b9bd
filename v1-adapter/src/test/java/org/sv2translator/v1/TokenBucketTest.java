package org.sv2translator.v1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TokenBucketTest {
    private static final long MS = 1_000_000;

    @Test
    void aBurstThenTheRate() {
        TokenBucket bucket = new TokenBucket(1000, 5); // a token per ms
        long t = 42 * MS;
        for (int i = 0; i < 5; i++) {
            assertTrue(bucket.tryAcquire(t), "burst token " + i);
        }
        assertFalse(bucket.tryAcquire(t), "the burst is spent");
        assertEquals(MS, bucket.nanosUntilToken(t));
        assertFalse(bucket.tryAcquire(t + MS / 2));
        assertTrue(bucket.tryAcquire(t + MS), "one token a millisecond later");
        assertFalse(bucket.tryAcquire(t + MS));
    }

    @Test
    void idleTimeRefillsUpToTheBurstOnly() {
        TokenBucket bucket = new TokenBucket(1000, 3);
        long t = 0;
        for (int i = 0; i < 3; i++) {
            bucket.tryAcquire(t);
        }
        t += 10_000 * MS; // ten seconds idle: would be 10,000 tokens without the cap
        int granted = 0;
        while (bucket.tryAcquire(t)) {
            granted++;
        }
        assertEquals(3, granted);
        assertEquals(0, new TokenBucket(1, 1).nanosUntilToken(t), "a fresh bucket is full");
    }

    @Test
    void nonsenseIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new TokenBucket(0, 1));
        assertThrows(IllegalArgumentException.class, () -> V1ServerConfig.defaults().withAcceptRate(-1, 1));
        assertThrows(IllegalArgumentException.class, () -> V1ServerConfig.defaults().withAcceptRate(10, 0));
    }
}
