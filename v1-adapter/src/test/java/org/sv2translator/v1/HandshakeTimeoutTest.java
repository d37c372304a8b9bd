package org.sv2translator.v1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A connection must subscribe and authorize a worker within the handshake timeout. Time is the EmbeddedChannel's,
 * moved by hand, so each test states exactly when the connection may and may not be closed.
 */
class HandshakeTimeoutTest {
    private static final String SUBSCRIBE = "{\"id\":1,\"method\":\"mining.subscribe\",\"params\":[\"test/1\"]}";
    private static final String AUTHORIZE = "{\"id\":2,\"method\":\"mining.authorize\",\"params\":[\"farm.w1\",\"x\"]}";
    private static final String CONFIGURE = "{\"id\":3,\"method\":\"mining.configure\",\"params\":[[\"version-rolling\"],"
            + "{\"version-rolling.mask\":\"1fffe000\"}]}";

    @Test
    void theDefaultIsThirtySeconds() {
        assertEquals(Duration.ofSeconds(30), V1ServerConfig.defaults().handshakeTimeout());
    }

    @Test
    void aConnectionThatSaysNothingIsClosedAtTheTimeoutWithOneWarning() {
        V1SessionHandler.HANDSHAKE_LOG.reset();
        try (LogCapture log = new LogCapture(V1SessionHandler.class)) {
            EmbeddedMiner miner = new EmbeddedMiner(new SimpleV1Backend());
            miner.advance(Duration.ofMillis(29_999));
            assertTrue(miner.channel.isActive(), "not before the timeout");
            miner.advance(Duration.ofMillis(1));
            assertTrue(miner.channel.closeFuture().isDone(), "closed at 30 s");
            assertEquals(List.of(), miner.output(), "closed without an answer: it may not even speak Stratum");
            List<String> warnings = log.warnings();
            assertEquals(1, warnings.size(), warnings::toString);
            assertTrue(warnings.get(0).contains("not subscribed with an authorized worker within the handshake"
                    + " timeout of 30 s (subscribed: no, workers authorized: 0)"), warnings.get(0));
        }
    }

    @Test
    void subscribedButNeverAuthorizedIsClosedToo() {
        V1SessionHandler.HANDSHAKE_LOG.reset();
        try (LogCapture log = new LogCapture(V1SessionHandler.class)) {
            EmbeddedMiner miner = new EmbeddedMiner(new SimpleV1Backend());
            miner.call(SUBSCRIBE);
            miner.advance(Duration.ofSeconds(29));
            assertTrue(miner.channel.isActive());
            miner.advance(Duration.ofSeconds(1));
            assertFalse(miner.channel.isActive());
            assertEquals(1, log.warnings().size());
            assertTrue(log.warnings().get(0).contains("(subscribed: yes, workers authorized: 0)"), log.warnings().get(0));
        }
    }

    @Test
    void aWorkerTheBackendRefusesDoesNotCountAsAuthorized() {
        EmbeddedMiner miner = new EmbeddedMiner(new SimpleV1Backend() {
            @Override
            public boolean authorize(V1Session session, String workerName, String password) {
                return false;
            }
        });
        miner.call(SUBSCRIBE);
        assertEquals("{\"id\":2,\"result\":false,\"error\":null}", miner.call(AUTHORIZE));
        miner.advance(Duration.ofSeconds(30));
        assertFalse(miner.channel.isActive());
    }

    @Test
    void aMinerThatCompletesTheHandshakeIsNeverClosedByIt() {
        EmbeddedMiner miner = new EmbeddedMiner(new SimpleV1Backend());
        miner.advance(Duration.ofSeconds(1));
        miner.call(SUBSCRIBE);
        miner.send(AUTHORIZE);
        miner.advance(Duration.ofHours(1));
        assertTrue(miner.channel.isActive());
    }

    @Test
    void firmwareThatWaitsForConfigureFirstHasTheWholeTimeout() {
        EmbeddedMiner miner = new EmbeddedMiner(new SimpleV1Backend());
        miner.call(CONFIGURE);
        miner.advance(Duration.ofSeconds(25));
        miner.call(SUBSCRIBE);
        miner.send(AUTHORIZE);
        miner.advance(Duration.ofSeconds(60));
        assertTrue(miner.channel.isActive());
    }

    @Test
    void theTimeoutIsConfigurable() {
        EmbeddedMiner miner = new EmbeddedMiner(new SimpleV1Backend(),
                V1ServerConfig.defaults().withHandshakeTimeout(Duration.ofMillis(250)));
        miner.advance(Duration.ofMillis(249));
        assertTrue(miner.channel.isActive());
        miner.advance(Duration.ofMillis(1));
        assertFalse(miner.channel.isActive());
    }

    /** Real sockets: the silent connection reads EOF once the timeout passed; the miner beside it is served. */
    @Test
    void overTcpTheSilentConnectionIsClosedAndTheMinerStays() throws Exception {
        Duration timeout = Duration.ofSeconds(1);
        V1Server server = new V1Server(V1ServerConfig.defaults().withHandshakeTimeout(timeout), new SimpleV1Backend());
        InetSocketAddress address = server.start(new InetSocketAddress("127.0.0.1", 0));
        try (V1ServerTest.Client miner = new V1ServerTest.Client(address, "127.0.0.1")) {
            assertTrue(miner.call(SUBSCRIBE).contains("result"));
            assertEquals("{\"id\":2,\"result\":true,\"error\":null}", miner.call(AUTHORIZE));
            long connected = System.nanoTime();
            try (V1ServerTest.Client silent = new V1ServerTest.Client(address, "127.0.0.1")) {
                assertNull(silent.in.readLine(), "closed by the server, without an answer");
                long closedAfter = System.nanoTime() - connected;
                assertTrue(closedAfter >= timeout.toNanos(), "not before the timeout: " + closedAfter / 1_000_000 + " ms");
            }
            assertTrue(miner.call(SUBSCRIBE).contains("result"), "the miner that did its handshake is still served");
        } finally {
            server.close();
        }
    }

    @Test
    void aNonPositiveTimeoutIsRefused() {
        for (Duration d : List.of(Duration.ZERO, Duration.ofSeconds(-1))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> V1ServerConfig.defaults().withHandshakeTimeout(d));
            assertTrue(e.getMessage().contains("timeouts must be positive"));
        }
    }
}
