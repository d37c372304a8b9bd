package org.sv2translator.v1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * Every submit answered with an error takes a token from a per-connection bucket; an empty bucket ends the
 * connection with an explanatory error. The session's clock only moves when a test moves it.
 */
class InvalidShareLimitTest {
    private static final String SUBSCRIBE = "{\"id\":1,\"method\":\"mining.subscribe\",\"params\":[]}";

    /** Shares on job "stale", "dup" or "low" get that verdict; every other share is accepted. */
    static final class VerdictByJob extends SimpleV1Backend {
        @Override
        public ShareVerdict onSubmit(V1Session session, V1Request.Submit submit) {
            return switch (submit.jobId()) {
                case "stale" -> ShareVerdict.STALE;
                case "dup" -> ShareVerdict.DUPLICATE;
                case "low" -> ShareVerdict.LOW_DIFFICULTY;
                default -> ShareVerdict.ACCEPTED;
            };
        }
    }

    static String submit(int id, String worker, String job) {
        return "{\"id\":" + id + ",\"method\":\"mining.submit\",\"params\":[\"" + worker + "\",\"" + job
                + "\",\"00000000\",\"6b058d24\",\"1cac0681\"]}";
    }

    static String floodError(int id, int rate, int burst) {
        return "{\"id\":" + id + ",\"result\":null,\"error\":[20,\"Too many invalid shares: more than " + rate
                + " per second (burst " + burst + ")\",null]}";
    }

    private static EmbeddedMiner miner(V1ServerConfig config) {
        EmbeddedMiner m = new EmbeddedMiner(new VerdictByJob(), config);
        m.call(SUBSCRIBE);
        m.send("{\"id\":2,\"method\":\"mining.authorize\",\"params\":[\"w\",\"x\"]}");
        return m;
    }

    @Test
    void theDefaultsAreTenPerSecondWithABurstOf200() {
        assertEquals(10, V1ServerConfig.defaults().invalidShareRate());
        assertEquals(200, V1ServerConfig.defaults().invalidShareBurst());
    }

    @Test
    void everyKindOfRejectedSubmitCostsAToken() {
        EmbeddedMiner m = new EmbeddedMiner(new VerdictByJob(), V1ServerConfig.defaults().withInvalidShareLimit(1, 7));
        assertTrue(m.call(submit(10, "w", "1")).contains("[25,"), "not subscribed");
        m.call(SUBSCRIBE);
        m.send("{\"id\":2,\"method\":\"mining.authorize\",\"params\":[\"w\",\"x\"]}");
        assertTrue(m.call(submit(11, "other", "1")).contains("[24,"), "unauthorized worker");
        assertTrue(m.call(submit(12, "w", "1").replace("\"00000000\"", "\"0000\"")).contains("Invalid extranonce2 size"));
        assertTrue(m.call(submit(13, "w", "1").replace("1cac0681", "1cac06xy")).contains("nonce must be 8 hex digits"),
                "a malformed submit");
        assertTrue(m.call(submit(14, "w", "stale")).contains("[21,"));
        assertTrue(m.call(submit(15, "w", "dup")).contains("[22,"));
        assertTrue(m.call(submit(16, "w", "low")).contains("[23,"));
        assertTrue(m.channel.isActive(), "seven rejections: the burst of 7 is spent, nothing more");
        assertEquals("{\"id\":17,\"result\":true,\"error\":null}", m.call(submit(17, "w", "1")));
        assertEquals(List.of(floodError(18, 1, 7)), m.send(submit(18, "w", "stale")),
                "the eighth is answered with the reason instead of its own error");
        assertFalse(m.channel.isActive());
    }

    @Test
    void acceptedSharesGiveNothingBack() {
        EmbeddedMiner m = miner(V1ServerConfig.defaults().withInvalidShareLimit(1, 3));
        for (int i = 0; i < 3; i++) {
            m.call(submit(10 + i, "w", "stale"));
        }
        for (int i = 0; i < 100; i++) {
            assertEquals("{\"id\":20,\"result\":true,\"error\":null}", m.call(submit(20, "w", "1")));
        }
        assertEquals(List.of(floodError(21, 1, 3)), m.send(submit(21, "w", "stale")));
        assertFalse(m.channel.isActive());
    }

    @Test
    void belowTheRateAConnectionIsNeverClosed() {
        EmbeddedMiner m = miner(V1ServerConfig.defaults().withInvalidShareLimit(2, 3));
        for (int i = 0; i < 200; i++) { // 100 s of one stale share every half second: exactly the rate
            assertTrue(m.call(submit(100 + i, "w", "stale")).contains("[21,"));
            m.advance(Duration.ofMillis(500));
        }
        assertTrue(m.channel.isActive());
        // The same connection above the rate: the burst of 3 (refilled by now), then the fourth closes it.
        for (int i = 0; i < 3; i++) {
            assertTrue(m.call(submit(400 + i, "w", "stale")).contains("[21,"));
        }
        assertEquals(List.of(floodError(403, 2, 3)), m.send(submit(403, "w", "stale")));
        assertFalse(m.channel.isActive());
    }

    @Test
    void aBackendFailureIsNotTheMinersFault() {
        EmbeddedMiner m = new EmbeddedMiner(new SimpleV1Backend() {
            @Override
            public ShareVerdict onSubmit(V1Session session, V1Request.Submit submit) {
                throw new IllegalStateException("bug");
            }
        }, V1ServerConfig.defaults().withInvalidShareLimit(1, 1));
        m.call(SUBSCRIBE);
        m.send("{\"id\":2,\"method\":\"mining.authorize\",\"params\":[\"w\",\"x\"]}");
        for (int i = 0; i < 10; i++) {
            assertTrue(m.call(submit(10 + i, "w", "1")).contains("Internal error"));
        }
        assertTrue(m.channel.isActive());
    }

    @Test
    void rateZeroTurnsTheLimitOff() {
        EmbeddedMiner m = miner(V1ServerConfig.defaults().withInvalidShareLimit(0, 0));
        for (int i = 0; i < 1000; i++) {
            m.call(submit(10, "w", "stale"));
        }
        assertTrue(m.channel.isActive());
    }

    /**
     * Real sockets, a clock that stands still: the flooder reads its twenty stale answers, then the reason, then
     * EOF; the miner beside it keeps its own budget and is served throughout.
     */
    @Test
    void overTcpTheFlooderReadsWhyBeforeEofAndTheOtherMinerIsUnaffected() throws Exception {
        AtomicLong clock = new AtomicLong();
        V1Server server = new V1Server(V1ServerConfig.defaults().withInvalidShareLimit(1, 20), new VerdictByJob(),
                clock::get);
        InetSocketAddress address = server.start(new InetSocketAddress("127.0.0.1", 0));
        try (V1ServerTest.Client good = new V1ServerTest.Client(address, "127.0.0.1");
             V1ServerTest.Client flooder = new V1ServerTest.Client(address, "127.0.0.1")) {
            for (V1ServerTest.Client c : List.of(good, flooder)) {
                assertTrue(c.call(SUBSCRIBE).contains("result"));
                assertEquals("{\"id\":2,\"result\":true,\"error\":null}",
                        c.call("{\"id\":2,\"method\":\"mining.authorize\",\"params\":[\"w\",\"x\"]}"));
            }
            for (int i = 0; i < 15; i++) { // below its own burst: fine
                assertTrue(good.call(submit(10 + i, "w", "stale")).contains("[21,"));
            }
            StringBuilder flood = new StringBuilder();
            for (int i = 0; i < 25; i++) {
                flood.append(submit(100 + i, "w", "stale")).append('\n');
            }
            flooder.write(flood.toString());
            for (int i = 0; i < 20; i++) {
                assertEquals("{\"id\":" + (100 + i) + ",\"result\":null,\"error\":[21,\"Job not found\",null]}",
                        flooder.in.readLine());
            }
            assertEquals(floodError(120, 1, 20), flooder.in.readLine(), "the reason, before the connection ends");
            assertNull(flooder.in.readLine(), "then EOF: the last four lines were never answered");
            assertEquals("{\"id\":30,\"result\":true,\"error\":null}", good.call(submit(30, "w", "1")));
            assertTrue(good.call(submit(31, "w", "dup")).contains("[22,"), "still within its own bucket");
            await(() -> server.connectionCount() == 1);
        } finally {
            server.close();
        }
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not reached within 10 s");
            }
            Thread.sleep(10);
        }
    }
}
