package org.sv2translator.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Version rolling, pool-side changes mid-run, and a misbehaving miner next to a good one. */
class TranslatorScenariosTest {

    @Test
    void versionRollingOnIsNegotiatedAndRolledSharesReachThePool() throws Exception {
        try (Lab lab = new Lab(Lab.quietPool()); TestMiner m = new TestMiner(lab.proxy)) {
            assertEquals(0x1fffe000, m.configureVersionRolling(0xffffffff), "requested ∩ BIP320");
            m.subscribeAndAuthorize("roller.1");
            m.awaitNotify();
            for (int i = 0; i < 3; i++) {
                JsonNode r = m.submit("roller.1", m.findShare(i, true, 0x00ab0000 + (i << 13)));
                assertTrue(r.get("result").asBoolean(), r.toString());
            }
            Lab.awaitTrue(() -> lab.pool.accounting().total().accepted() == 3, "3 rolled shares at the pool");
            assertEquals(0, lab.pool.accounting().total().rejected());
        }
    }

    @Test
    void versionRollingOffAtThePoolIsRefusedToMinersAndNeverForwarded() throws Exception {
        try (Lab lab = new Lab(Lab.quietPool().withVersionRolling(false)); TestMiner m = new TestMiner(lab.proxy)) {
            m.subscribeAndAuthorize("fixed.1");
            m.awaitNotify();
            assertEquals(0, m.configureVersionRolling(0x1fffe000), "the pool forbids rolling");
            JsonNode rolled = m.submit("fixed.1", m.findShare(1, true, 0x00002000));
            assertEquals(20, rolled.get("error").get(0).asInt(), rolled.toString());
            assertTrue(m.submit("fixed.1", m.findShare(2, true)).get("result").asBoolean());
            Lab.awaitTrue(() -> lab.pool.accounting().total().accepted() == 1, "the plain share at the pool");
            assertEquals(0, lab.pool.accounting().total().rejected());
        }
    }

    @Test
    void setTargetAndSetExtranoncePrefixMidRunCauseNoPoolReject() throws Exception {
        try (Lab lab = new Lab(Lab.quietPool()); TestMiner m = new TestMiner(lab.proxy)) {
            m.subscribeAndAuthorize("steady.1");
            m.awaitNotify();
            TestMiner.Share before = m.findShare(1, true);
            String coinb1Before = m.notify.get(2).asText();

            lab.pool.changeExtranoncePrefixes();
            m.awaitNotify();
            assertNotEquals(coinb1Before, m.notify.get(2).asText(), "later jobs carry the new prefix");
            JsonNode r = m.submit("steady.1", before);
            assertTrue(r.get("result").asBoolean(), "a share on the older job is still good: " + r);
            assertTrue(m.submit("steady.1", m.findShare(2, true)).get("result").asBoolean());

            // A harder channel target: on the jobs sent after it (spec 5.3.21: an active job sent before keeps its
            // target), shares easier than it stay with the proxy, the rest still reach the pool.
            lab.pool.forceTarget(Lab.EASY * 4);
            Lab.awaitTrue(() -> lab.translator.status().channelDifficulty() > Lab.EASY * 2, "SetTarget");
            lab.pool.updateJob();
            m.awaitNotify();
            for (int i = 3; i < 40; i++) {
                assertTrue(m.submit("steady.1", m.findShare(i, true)).get("result").asBoolean());
            }
            // A miner's answer does not wait for the upstream send, so the last share may still be on its way to the
            // pool when the miner has its answer: compare what was sent and what the pool answered once they agree.
            Lab.awaitTrue(() -> lab.pool.accounting().total().accepted() + lab.pool.accounting().total().rejected()
                    == lab.translator.status().upstream().sharesSent(), "forwarded shares answered");
            long forwarded = lab.translator.status().upstream().sharesSent();
            assertTrue(forwarded < 39, "only shares meeting the harder channel target are forwarded: " + forwarded);
            assertEquals(0, lab.pool.accounting().total().rejected(), lab.pool.accounting().total().toString());
        }
    }

    @Test
    void aMinerSendingGarbageAndStaleSharesDoesNotDisturbTheOthers() throws Exception {
        try (Lab lab = new Lab(Lab.quietPool()); TestMiner good = new TestMiner(lab.proxy);
             TestMiner bad = new TestMiner(lab.proxy)) {
            good.subscribeAndAuthorize("good.1");
            bad.subscribeAndAuthorize("bad.1");
            good.awaitNotify();
            bad.awaitNotify();
            JsonNode garbage = bad.call("mining.submit", "bad.1", "not-a-job", "zz", "0", "0");
            assertTrue(garbage.get("error").isArray(), garbage.toString());
            JsonNode stale = bad.call("mining.submit", "bad.1", "ffff", "00000000", bad.notify.get(7).asText(),
                    "00000000");
            assertEquals(21, stale.get("error").get(0).asInt(), stale.toString());
            try (Socket raw = new Socket(lab.proxy.getAddress(), lab.proxy.getPort())) {
                OutputStream out = raw.getOutputStream();
                out.write("{this is not json\n\u0000\u0001\u0002\n".getBytes(StandardCharsets.ISO_8859_1));
                out.write(("{\"id\":1,\"method\":\"mining.submit\",\"params\":[]}\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
            for (int i = 0; i < 5; i++) {
                assertTrue(good.submit("good.1", good.findShare(i, true)).get("result").asBoolean());
            }
            Lab.awaitTrue(() -> lab.pool.accounting().total().accepted() == 5, "the good miner's 5 shares");
            assertEquals(0, lab.pool.accounting().total().rejected(), "nothing bad reached the pool");
            assertEquals(5, Lab.worker(lab.translator, "good.1").accepted());
            assertEquals(1, Lab.worker(lab.translator, "bad.1").stale());
        }
    }

    @Test
    void aPoolRefusingTheChannelIsReportedWithItsCodeAndRetriedWhileMinersWait() throws Exception {
        try (org.sv2translator.testbed.pool.TestPool pool = new org.sv2translator.testbed.pool.TestPool(
                Lab.quietPool().withChannelExtranonceSize(4), null, 1)
                .start(new java.net.InetSocketAddress("127.0.0.1", 0));
             Translator t = new Translator(Lab.config(Lab.endpoint(pool))).start()) {
            try (TestMiner m = new TestMiner(t.listening().get(10, java.util.concurrent.TimeUnit.SECONDS))) {
                m.subscribeAndAuthorize("early.1");
                Lab.awaitTrue(() -> t.status().upstream().errors()
                        .getOrDefault("OpenMiningChannel.Error: min-extranonce-size-too-large", 0L) >= 2,
                        "the refusal counted, and the channel asked again after a backoff");
                assertEquals(0, t.status().openChannels());
                assertEquals(1, t.status().miners(), "the miner waits, connected, for a pool that works");
            }
        }
    }

    @Test
    void suggestDifficultyIsHonouredWithinTheChannelLimit() throws Exception {
        try (Lab lab = new Lab(Lab.quietPool()); TestMiner m = new TestMiner(lab.proxy);
             TestMiner greedy = new TestMiner(lab.proxy)) {
            m.call("mining.subscribe", "suggesting-miner/1.0");
            m.call("mining.suggest_difficulty", Lab.EASY / 2);
            m.call("mining.authorize", "s.1", "x");
            m.awaitNotify();
            assertEquals(Lab.EASY / 2, m.difficulty, Lab.EASY * 1e-9, "the miner's suggestion");

            greedy.call("mining.subscribe", "greedy-miner/1.0");
            greedy.call("mining.suggest_difficulty", 1e9);
            greedy.call("mining.authorize", "s.2", "x");
            greedy.awaitNotify();
            assertEquals(Lab.EASY, greedy.difficulty, Lab.EASY * 1e-9, "never above the channel's difficulty");
        }
    }

    @Test
    void jobsBroadcastToTheGroupChannelReachMinersToo() throws Exception {
        try (Lab lab = new Lab(Lab.quietPool()); TestMiner m = new TestMiner(lab.proxy)) {
            m.subscribeAndAuthorize("g.1");
            m.awaitNotify();
            lab.pool.addressJobsToGroupChannel(true);
            lab.pool.newBlock();
            m.awaitNotify();
            assertTrue(m.notify.get(8).asBoolean(), "the group-addressed block arrived as clean jobs");
            assertTrue(m.submit("g.1", m.findShare(1, true)).get("result").asBoolean());
            Lab.awaitTrue(() -> lab.pool.accounting().total().accepted() == 1, "accepted on the group's job");
        }
    }
}
