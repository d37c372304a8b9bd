package org.sv2translator.v1;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.ChannelOutboundBuffer;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A reader at the edge of the high-water mark flips between writable and unwritable. The slow-reader timer must
 * exist at most once per connection and measure one unbroken unwritable spell, not the first of many.
 */
class SlowReaderTimerTest {
    private static final Duration TIMEOUT = V1ServerConfig.defaults().slowReaderTimeout(); // 30 s

    /**
     * Writability as the channel sees it, flipped through a user-defined bit; Netty fires channelWritabilityChanged
     * for it as a task of the event loop, run here.
     */
    private static void writable(EmbeddedMiner m, boolean writable) {
        ChannelOutboundBuffer out = m.channel.unsafe().outboundBuffer();
        out.setUserDefinedWritability(1, writable);
        m.channel.runPendingTasks();
        if (m.channel.isWritable() != writable) {
            throw new AssertionError("writability did not follow");
        }
    }

    @Test
    void flippingManyTimesKeepsOneTimerAndItMeasuresTheLastSpell() {
        EmbeddedMiner m = new EmbeddedMiner(new SimpleV1Backend()).subscribeAndAuthorize("w");
        for (int i = 0; i < 100; i++) { // 20 s of flipping every 100 ms
            writable(m, false);
            assertTrue(m.handler().slowReaderTimerPending());
            m.advance(Duration.ofMillis(100));
            writable(m, true);
            assertFalse(m.handler().slowReaderTimerPending(), "cancelled when writable again");
            m.advance(Duration.ofMillis(100));
        }
        writable(m, false); // t = 20 s: unwritable from now on
        // t = 30.5 s: 30 s after the first spell began. A timer left over from it would close the connection now.
        m.advance(Duration.ofMillis(10_500));
        assertTrue(m.channel.isActive(), "unwritable for 10.5 s only");
        assertTrue(m.handler().slowReaderTimerPending());
        m.advance(TIMEOUT.minus(Duration.ofMillis(10_500)).minusMillis(1)); // t = 49.999 s
        assertTrue(m.channel.isActive());
        m.advance(Duration.ofMillis(1)); // t = 50 s: 30 s unwritable without a break
        assertFalse(m.channel.isActive(), "a slow reader for the whole timeout is closed");
        assertFalse(m.handler() != null && m.handler().slowReaderTimerPending());
    }

    @Test
    void repeatedUnwritableEventsDoNotStackTimers() {
        EmbeddedMiner m = new EmbeddedMiner(new SimpleV1Backend()).subscribeAndAuthorize("w");
        writable(m, false);
        for (int i = 0; i < 50; i++) {
            // What a second unwritable notification would do (e.g. from another handler re-firing the event).
            m.channel.pipeline().fireChannelWritabilityChanged();
            m.advance(Duration.ofMillis(100));
        }
        writable(m, true);
        assertFalse(m.handler().slowReaderTimerPending(), "the one timer is gone");
        m.advance(TIMEOUT.multipliedBy(2));
        assertTrue(m.channel.isActive(), "no stacked timer fires later");
    }
}
