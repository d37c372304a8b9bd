package org.sv2translator.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * What a pool may change under a running channel: the extranonce prefix (also its length), closing the channel,
 * refusing a worker, ChannelEndpointChanged; and worker tracking (extension 0x0002) accepted or refused.
 */
class PoolDrivenChangesTest {
    private static void accepted(TestMiner m, String worker, long extranonce2) throws IOException {
        JsonNode r = m.submit(worker, m.findShare(extranonce2, true));
        assertTrue(r.path("result").asBoolean(), r.toString());
    }

    private static void noInvalidShares(Lab lab) {
        assertEquals(0, lab.pool.accounting().total().rejected(), "the pool saw an invalid share: "
                + lab.pool.accounting().total());
    }

    @Test
    void aLongerPrefixThatStillLeavesRoomChangesNothingForMiners() throws Exception {
        try (Lab lab = new Lab(Lab.quietPool()); TestMiner m = new TestMiner(lab.proxy)) {
            m.subscribeAndAuthorize("rig.1");
            m.awaitNotify();
            byte[] extranonce1 = m.extranonce1.clone();
            int coinbase1 = m.notify.get(2).asText().length();
            lab.pool.changeExtranoncePrefixes(10); // 20-byte full extranonce: 10 left, the miners use 6
            m.awaitNotify();
            assertEquals(coinbase1, m.notify.get(2).asText().length(), "6 more prefix bytes, 6 less padding");
            assertTrue(java.util.Arrays.equals(extranonce1, m.extranonce1) && m.unhandled.isEmpty());
            accepted(m, "rig.1", 1);
            Lab.awaitTrue(() -> lab.pool.accounting().of("farm").accepted() == 1, "accepted with the new prefix");
            noInvalidShares(lab);
        }
    }

    @Test
    void aPrefixLeavingTooFewBytesMovesMinersToAShorterExtranonce1() throws Exception {
        try (Lab lab = new Lab(Lab.quietPool()); TestMiner subscribed = new TestMiner(lab.proxy);
             TestMiner plain = new TestMiner(lab.proxy)) {
            assertTrue(subscribed.extranonceSubscribe());
            subscribed.subscribeAndAuthorize("sub.1");
            plain.subscribeAndAuthorize("plain.1");
            subscribed.awaitNotify();
            plain.awaitNotify();
            lab.pool.changeExtranoncePrefixes(15); // 5 bytes left: extranonce2 keeps 4, extranonce1 gets 1
            subscribed.awaitNotify();
            JsonNode setExtranonce = subscribed.unhandled.get(0);
            assertEquals("mining.set_extranonce", setExtranonce.get("method").asText());
            assertEquals(1, subscribed.extranonce1.length);
            assertEquals(4, subscribed.extranonce2Size);
            accepted(subscribed, "sub.1", 1);
            Lab.awaitTrue(() -> lab.pool.accounting().of("farm").accepted() == 1, "the new layout's share accepted");

            // The miner that cannot take set_extranonce is asked to reconnect (and comes back with a fresh subscribe).
            assertThrows(IOException.class, () -> {
                while (true) {
                    plain.awaitNotify();
                }
            });
            assertTrue(plain.unhandled.stream().anyMatch(n -> n.path("method").asText().equals("client.reconnect")),
                    "client.reconnect sent: " + plain.unhandled);
            try (TestMiner back = new TestMiner(lab.proxy)) {
                back.subscribeAndAuthorize("plain.1");
                back.awaitNotify();
                assertEquals(1, back.extranonce1.length);
                accepted(back, "plain.1", 1);
            }
            Lab.awaitTrue(() -> lab.pool.accounting().of("farm").accepted() == 2, "both accepted");
            noInvalidShares(lab);
        }
    }

    @Test
    void aChannelClosedByThePoolIsReopenedAndMinersResume() throws Exception {
        try (Lab lab = new Lab(Lab.quietPool()); TestMiner m = new TestMiner(lab.proxy)) {
            m.subscribeAndAuthorize("rig.1");
            m.awaitNotify();
            lab.pool.closeAllChannels("maintenance");
            m.awaitNotify();
            assertTrue(m.notify.get(8).asBoolean(), "clean jobs from the new channel");
            accepted(m, "rig.1", 1);
            Lab.awaitTrue(() -> lab.pool.accounting().of("farm").accepted() == 1, "accepted on the new channel");
            assertEquals(1L, lab.translator.status().upstream().errors().get("CloseChannel: maintenance"));
            assertEquals(1, lab.translator.status().miners());
            noInvalidShares(lab);
        }
    }

    @Test
    void aWorkerThePoolRefusesIsDisconnectedAndTheOthersGoOn() throws Exception {
        try (Lab lab = new Lab(Lab.quietPool(), c -> c.withMode(ChannelMode.PER_MINER, "")
                .withDifficulty(20, Lab.EASY, Lab.EASY / 4));
             TestMiner bad = new TestMiner(lab.proxy); TestMiner good = new TestMiner(lab.proxy)) {
            lab.pool.refuseIdentity("stranger.1");
            bad.subscribeAndAuthorize("stranger.1");
            good.subscribeAndAuthorize("alice.1");
            good.awaitNotify();
            assertThrows(IOException.class, bad::awaitNotify, "closed: the pool has no channel for it");
            accepted(good, "alice.1", 1);
            Lab.awaitTrue(() -> lab.pool.accounting().of("alice.1").accepted() == 1, "alice credited");
            assertEquals(1, lab.translator.status().refusedWorkers());
            assertEquals(1L, lab.translator.status().upstream().errors().get("OpenMiningChannel.Error: unknown-user"));
        }
    }

    @Test
    void workerTrackingNamesEachSharesWorkerAndSurvivesAnEndpointChange() throws Exception {
        try (Lab lab = new Lab(Lab.quietPool(), c -> c.withUpstream(c.upstream().withWorkerTracking(true)));
             TestMiner a = new TestMiner(lab.proxy); TestMiner b = new TestMiner(lab.proxy)) {
            a.subscribeAndAuthorize("acct.alice");
            b.subscribeAndAuthorize("a-long-account-name-of-a-big-farm.bob-0001");
            a.awaitNotify();
            b.awaitNotify();
            accepted(a, "acct.alice", 1);
            accepted(b, "a-long-account-name-of-a-big-farm.bob-0001", 1);
            Lab.awaitTrue(() -> lab.pool.accounting().of("acct.alice").accepted() == 1, "alice credited by name");
            Lab.awaitTrue(() -> lab.pool.accounting().of("ount-name-of-a-big-farm.bob-0001").accepted() == 1,
                    "bob credited by the last 32 bytes of his name");
            assertEquals(0, lab.pool.accounting().of("farm").accepted(), "nothing credited to the channel alone");

            lab.pool.sendChannelEndpointChanged();
            Thread.sleep(200); // renegotiation: RequestExtensions again, answered at once
            accepted(a, "acct.alice", 2);
            Lab.awaitTrue(() -> lab.pool.accounting().of("acct.alice").accepted() == 2, "still tracked after it");
            noInvalidShares(lab);
        }
    }

    @Test
    void aPoolWithoutWorkerTrackingIsUsedWithoutIt() throws Exception {
        try (Lab lab = new Lab(Lab.quietPool(), c -> c.withUpstream(c.upstream().withWorkerTracking(true)),
                pool -> pool.setSupportedExtensions(Set.of()));
             TestMiner m = new TestMiner(lab.proxy)) {
            m.subscribeAndAuthorize("acct.carol");
            m.awaitNotify();
            accepted(m, "acct.carol", 1);
            Lab.awaitTrue(() -> lab.pool.accounting().of("farm").accepted() == 1, "credited to the channel");
            assertEquals(0, lab.pool.accounting().of("acct.carol").accepted());
            assertEquals(1L, lab.translator.status().upstream().errors().get("RequestExtensions.Error: unsupported [2]"),
                    lab.translator.status().upstream().errors().toString());
            noInvalidShares(lab);
        }
    }
}
