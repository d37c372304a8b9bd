package org.sv2translator.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Behaviours reported against other translators in the field, reproduced from what the reports show the firmware
 * sending. Each test says where the report is; where a report turns out not to apply here, the test shows why.
 */
class FieldReportsTest {

    /**
     * stratum-mining/sv2-apps#382: a Bitaxe (ESP-Miner) stuck with "SV1 handshake not complete, caching
     * mining.notify": the translator sent jobs before the miner had finished subscribing and authorizing. Here a
     * miner gets no notify until both are done, however many jobs go out meanwhile; then its difficulty and the
     * current job, in that order.
     */
    @Test
    void aBitaxeGetsNoNotifyBeforeItsHandshakeCompletes() throws Exception {
        try (Lab lab = new Lab(Lab.quietPool(), c -> c); TestMiner m = new TestMiner(lab.proxy)) {
            JsonNode subscribed = m.call("mining.subscribe", "bitaxe/BM1370/v2.4.1");
            assertTrue(subscribed.path("error").isNull(), subscribed.toString());
            lab.pool.newBlock();
            lab.pool.updateJob();
            m.drain(500);
            assertEquals(0, m.notifies.size(), "no job before authorize");
            m.extranonce1 = java.util.HexFormat.of().parseHex(subscribed.get("result").get(1).asText());
            m.extranonce2Size = subscribed.get("result").get(2).asInt();
            assertTrue(m.call("mining.authorize", "bc1qexample.bitaxe", "x").path("result").asBoolean());
            m.awaitNotify();
            assertEquals(1, m.notifies.size());
            assertTrue(m.submit("bc1qexample.bitaxe", m.findShare(0, true)).path("result").asBoolean());
        }
    }

    /**
     * latent-to/taohash#111: a Bitaxe read a mining.set_version_mask that arrived before the subscribe response as
     * that response. Here nothing is sent to a miner before its subscribe is answered: the answers come in request
     * order and notifications only once it is ready.
     */
    @Test
    void nothingComesBeforeTheSubscribeAnswer() throws Exception {
        try (Lab lab = new Lab(Lab.quietPool(), c -> c); TestMiner m = new TestMiner(lab.proxy)) {
            m.send("{\"id\":1,\"method\":\"mining.configure\",\"params\":[[\"version-rolling\"],"
                    + "{\"version-rolling.mask\":\"1fffe000\",\"version-rolling.min-bit-count\":2}]}");
            m.send("{\"id\":2,\"method\":\"mining.subscribe\",\"params\":[\"bitaxe/BM1366/v2.2.0\"]}");
            assertEquals(1, m.read().path("id").asInt(), "configure answered first");
            assertEquals(2, m.read().path("id").asInt(), "then subscribe, with nothing between");
        }
    }

    /**
     * vnprc/hashpool#74: LuxOS connected, configured, subscribed, authorized and left within a second, in a loop.
     * Here, with a job at hand, that sequence is answered and then given its difficulty and the job at once: the very
     * next two lines after the authorize answer, with nothing to wait for. The connection stays up.
     */
    @Test
    void luxosConfigureSubscribeAuthorizeGetsWorkAtOnce() throws Exception {
        try (Lab lab = new Lab(Lab.quietPool(), c -> c)) {
            Lab.awaitTrue(() -> lab.translator.status().serving(), "a job at hand");
            try (TestMiner m = new TestMiner(lab.proxy)) {
                JsonNode configured = m.call("mining.configure", List.of("version-rolling", "minimum-difficulty"),
                        Map.of("version-rolling.mask", "1fffe000", "version-rolling.min-bit-count", 16,
                                "minimum-difficulty.value", 2048));
                assertTrue(configured.path("result").path("version-rolling").asBoolean(), configured.toString());
                m.subscribeAndAuthorize("m0ntan1");
                JsonNode difficulty = m.read();
                assertEquals("mining.set_difficulty", difficulty.path("method").asText(), difficulty.toString());
                m.difficulty = difficulty.get("params").get(0).asDouble();
                JsonNode job = m.read();
                assertEquals("mining.notify", job.path("method").asText(), job.toString());
                m.notify = job.get("params");
                assertTrue(m.submit("m0ntan1", m.findShare(0, true)).path("result").asBoolean(), "still connected");
            }
        }
    }

    /**
     * stratum-mining/stratum#1861: WhatsMiners (cgminer inside) cannot work with an extranonce2 longer than 8 bytes.
     * Here miners are offered --extranonce2-size bytes (1..8, default 4) whatever the pool grants; a pool granting
     * 28 bytes after its 4-byte prefix (the 32-byte maximum) only lengthens the padding in coinbase1.
     */
    @Test
    void aWhatsMinerIsNeverOfferedMoreThanEightBytesOfExtranonce2() throws Exception {
        try (Lab lab = new Lab(Lab.quietPool().withChannelExtranonceSize(28), c -> c);
             TestMiner m = new TestMiner(lab.proxy)) {
            m.subscribeAndAuthorize("whatsminer.m50");
            assertEquals(4, m.extranonce2Size);
            m.awaitNotify();
            assertTrue(m.submit("whatsminer.m50", m.findShare(0, true)).path("result").asBoolean());
            TranslatorConfig c = Lab.config(Lab.endpoint(lab.pool));
            org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                    () -> c.withExtranonce2Size(9), "refused at configuration");
        }
    }

    /**
     * jstefanop/Apollo-Miner-Binaries#19: an Apollo II refused the 28-byte extranonce1 a translator derived from a
     * long extended extranonce. Here extranonce1 is always 2 bytes, whatever the pool's prefix and size (here the
     * 32-byte maximum).
     */
    @Test
    void anApolloNeverGetsALongExtranonce1() throws Exception {
        try (Lab lab = new Lab(Lab.quietPool().withChannelExtranonceSize(28), c -> c);
             TestMiner m = new TestMiner(lab.proxy)) {
            m.subscribeAndAuthorize("apollo.2");
            assertEquals(2, m.extranonce1.length);
            m.awaitNotify();
            assertTrue(m.submit("apollo.2", m.findShare(0, true)).path("result").asBoolean());
        }
    }

    /**
     * stratum-mining/sv2-apps#386, #543 and #620: an S21 left before the translator's upstream channel was open; the
     * translator then sent UpdateChannel for a channel that did not exist, and a channel whose Success came after
     * the miner left stayed open at the pool. Here (per-miner mode) a miner that leaves at once leaves no channel
     * at the pool, and the pool is never sent anything for a channel it does not know.
     */
    @Test
    void aMinerLeavingBeforeItsChannelOpenedLeavesNoChannelAtThePool() throws Exception {
        try (Lab lab = new Lab(Lab.quietPool(), c -> c.withMode(ChannelMode.PER_MINER, "farm")
                .withDifficulty(20, Lab.EASY, Lab.EASY / 4))) {
            for (int i = 0; i < 20; i++) {
                try (TestMiner m = new TestMiner(lab.proxy)) {
                    m.send("{\"id\":1,\"method\":\"mining.subscribe\",\"params\":[\"s21\"]}");
                    m.send("{\"id\":2,\"method\":\"mining.authorize\",\"params\":[\"s21." + i + "\",\"x\"]}");
                    m.read();
                    m.read();
                } // closed before the pool's answer to the channel request
            }
            try (TestMiner stays = new TestMiner(lab.proxy)) {
                stays.subscribeAndAuthorize("s21.stays");
                stays.awaitNotify();
                Lab.awaitTrue(() -> lab.translator.status().miners() == 1, "the others gone");
                Lab.awaitTrue(() -> lab.pool.openChannelCount() == 1,
                        "only the staying miner's channel open at the pool: " + lab.pool.openChannelCount());
                assertTrue(lab.translator.status().upstream().errors().keySet().stream()
                        .noneMatch(k -> k.startsWith("UpdateChannel")), lab.translator.status().upstream().errors().toString());
                assertTrue(stays.submit("s21.stays", stays.findShare(0, true)).path("result").asBoolean());
            }
        }
    }

    /**
     * A miner whose first submit is on a job it kept from before a reconnect (cgminer does this after a network
     * blip) is told "stale" and stays connected: a share answer never costs a miner its connection (only a flood of
     * them does, see HostileMinersTest).
     */
    @Test
    void aFirstSubmitOnAnOldJobIsAnsweredStaleAndTheMinerStays() throws Exception {
        try (Lab lab = new Lab(Lab.quietPool(), c -> c); TestMiner m = new TestMiner(lab.proxy)) {
            m.subscribeAndAuthorize("cgminer.1");
            m.awaitNotify();
            TestMiner.Share s = m.findShare(0, true);
            JsonNode stale = m.submit("cgminer.1", new TestMiner.Share("1", s.extranonce2(), s.ntime(), s.nonce(),
                    null, s.hash()));
            assertEquals(21, stale.path("error").path(0).asInt(), stale.toString());
            assertTrue(m.submit("cgminer.1", s).path("result").asBoolean(), "still connected and working");
        }
    }
}
