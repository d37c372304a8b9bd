package org.sv2translator.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** {@code --mode per-miner}: one extended channel per worker, multiplexed on one connection. */
class PerMinerModeTest {
    private static Lab lab() throws Exception {
        return new Lab(Lab.quietPool(), c -> c.withMode(ChannelMode.PER_MINER, "acct.")
                .withDifficulty(20, Lab.EASY, Lab.EASY / 4));
    }

    private static void accepted(TestMiner m, String worker, long extranonce2) throws IOException {
        JsonNode r = m.submit(worker, m.findShare(extranonce2, true));
        assertTrue(r.path("result").asBoolean(), r.toString());
    }

    @Test
    void eachWorkerGetsItsOwnChannelCreditedToItsName() throws Exception {
        try (Lab lab = lab(); TestMiner alice = new TestMiner(lab.proxy); TestMiner bob = new TestMiner(lab.proxy)) {
            assertEquals(0, lab.translator.status().openChannels(), "no channel before a worker is known");
            alice.subscribeAndAuthorize("alice.1");
            bob.subscribeAndAuthorize("bob.1");
            alice.awaitNotify();
            bob.awaitNotify();
            assertEquals(2, lab.translator.status().openChannels());
            assertNotEquals(alice.notify.get(2).asText(), bob.notify.get(2).asText(),
                    "coinbase1 carries each channel's own extranonce_prefix");
            accepted(alice, "alice.1", 1);
            accepted(alice, "alice.1", 2);
            accepted(bob, "bob.1", 1);
            Lab.awaitTrue(() -> lab.pool.accounting().of("acct.alice.1").accepted() == 2, "alice credited");
            Lab.awaitTrue(() -> lab.pool.accounting().of("acct.bob.1").accepted() == 1, "bob credited");
            assertEquals(0, lab.pool.accounting().total().rejected());
            Lab.awaitTrue(() -> Lab.worker(lab.translator, "alice.1").upstreamAccepted() == 2,
                    "verdicts back per worker");

            bob.close();
            Lab.awaitTrue(() -> lab.translator.status().openChannels() == 1, "bob's channel closed when he left");
            accepted(alice, "alice.1", 3);
            Lab.awaitTrue(() -> lab.pool.accounting().of("acct.alice.1").accepted() == 3, "alice unaffected");
        }
    }

    @Test
    void jobsBroadcastToTheGroupChannelReachEveryMemberWithItsOwnPrefix() throws Exception {
        try (Lab lab = lab(); TestMiner alice = new TestMiner(lab.proxy); TestMiner bob = new TestMiner(lab.proxy)) {
            alice.subscribeAndAuthorize("alice.1");
            bob.subscribeAndAuthorize("bob.1");
            alice.awaitNotify();
            bob.awaitNotify();
            lab.pool.addressJobsToGroupChannel(true);
            lab.pool.newBlock();
            alice.awaitNotify();
            bob.awaitNotify();
            assertTrue(alice.notify.get(8).asBoolean() && bob.notify.get(8).asBoolean(), "a new block: clean jobs");
            assertEquals(alice.notify.get(1).asText(), bob.notify.get(1).asText(), "the same block");
            assertNotEquals(alice.notify.get(2).asText(), bob.notify.get(2).asText());
            accepted(alice, "alice.1", 1);
            accepted(bob, "bob.1", 1);
            Lab.awaitTrue(() -> lab.pool.accounting().total().accepted() == 2, "both shares accepted");
            assertEquals(0, lab.pool.accounting().total().rejected());
        }
    }

    @Test
    void afterThePoolIsLostEveryWorkerGetsANewChannel() throws Exception {
        var key = org.sv2translator.v2.noise.NoiseKeys.generateAuthorityKeyPair();
        var pool = new org.sv2translator.testbed.pool.TestPool(Lab.quietPool(), key, 1)
                .start(new java.net.InetSocketAddress("127.0.0.1", 0));
        int port = pool.localAddress().getPort();
        TranslatorConfig config = Lab.config(Lab.endpoint(pool)).withMode(ChannelMode.PER_MINER, "")
                .withDifficulty(20, Lab.EASY, Lab.EASY / 4);
        try (Translator t = new Translator(config).start();
             TestMiner alice = new TestMiner(t.listening().get()); TestMiner bob = new TestMiner(t.listening().get())) {
            alice.subscribeAndAuthorize("alice.1");
            bob.subscribeAndAuthorize("bob.1");
            alice.awaitNotify();
            bob.awaitNotify();
            pool.close();
            Lab.awaitTrue(() -> t.status().openChannels() == 0, "channels lost with the pool");
            pool = new org.sv2translator.testbed.pool.TestPool(Lab.quietPool(), key, 1)
                    .start(new java.net.InetSocketAddress("127.0.0.1", port));
            alice.awaitNotify();
            bob.awaitNotify();
            assertEquals(2, t.status().openChannels());
            assertEquals(2, t.status().miners(), "nobody was disconnected");
            accepted(alice, "alice.1", 1);
            accepted(bob, "bob.1", 1);
            var restarted = pool;
            Lab.awaitTrue(() -> restarted.accounting().of("alice.1").accepted() == 1
                    && restarted.accounting().of("bob.1").accepted() == 1, "both credited on the new pool");
        } finally {
            pool.close();
        }
    }
}
