package org.sv2translator.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.sv2translator.bitcoin.Target;
import org.sv2translator.testbed.pool.TestPool;

/**
 * Issue 19: a share the translator answers true is one the pool takes. The testbed pool validates every share with
 * rules of its own, written from spec chapter 5; each test makes the pool's rules and the miner's habits differ
 * (nTime rolled ahead, a job or a pool forbidding version rolling, firmware rolling without mining.configure) and
 * checks the miner is told the truth at once and the pool never sees an invalid share.
 */
class PoolShareRulesTest {
    private static final int BIP320 = 0x1fffe000;

    private static void noInvalidShares(TestPool pool) {
        assertEquals(0, pool.accounting().total().rejected(), "the pool saw an invalid share: "
                + pool.accounting().total());
    }

    private static int errorCode(JsonNode answer) {
        return answer.path("error").path(0).asInt(-1);
    }

    @Test
    void anNtimeRolledAheadOfThePrevHashClockIsRefusedNotAcceptedAndThenRejected() throws Exception {
        try (Lab lab = new Lab(Lab.quietPool()); TestMiner m = new TestMiner(lab.proxy)) {
            m.subscribeAndAuthorize("roller.1");
            m.awaitNotify();
            // 900 s ahead: well inside Bitcoin's two hours, far outside the spec's window (prevhash time + seconds
            // since it was received, a few seconds in this test).
            JsonNode ahead = m.submit("roller.1", m.findShare(1, true, -1, 900));
            assertEquals(20, errorCode(ahead), ahead.toString());
            assertTrue(ahead.toString().contains("ntime"), "the reason is named: " + ahead);
            JsonNode onTime = m.submit("roller.1", m.findShare(2, true));
            assertTrue(onTime.path("result").asBoolean(), onTime.toString());
            Lab.awaitTrue(() -> lab.pool.accounting().total().accepted() == 1, "the good share at the pool");
            noInvalidShares(lab.pool);
        }
    }

    @Test
    void aJobForbiddingRollingGetsMaskZeroBeforeItsNotifyAndAJobAllowingItGetsTheMaskBack() throws Exception {
        try (Lab lab = new Lab(Lab.quietPool()); TestMiner m = new TestMiner(lab.proxy)) {
            assertEquals(BIP320, m.configureVersionRolling(BIP320));
            m.subscribeAndAuthorize("roller.1");
            m.awaitNotify();
            assertTrue(m.submit("roller.1", m.findShare(1, true, 0x00004000)).path("result").asBoolean());

            lab.pool.allowVersionRolling(false);
            lab.pool.updateJob();
            m.awaitNotify();
            assertEquals("mining.set_version_mask", m.beforeLatestNotify(), "the mask changes before the job: "
                    + m.received);
            assertEquals(List.of("00000000"), m.versionMasks());
            JsonNode rolled = m.submit("roller.1", m.findShare(2, true, 0x00004000));
            assertEquals(20, errorCode(rolled), rolled.toString());
            assertTrue(m.submit("roller.1", m.findShare(3, true, 0)).path("result").asBoolean(),
                    "no bits rolled: the job's version");

            lab.pool.allowVersionRolling(true);
            lab.pool.updateJob();
            m.awaitNotify();
            assertEquals("mining.set_version_mask", m.beforeLatestNotify());
            assertEquals(List.of("00000000", "1fffe000"), m.versionMasks());
            assertTrue(m.submit("roller.1", m.findShare(4, true, 0x00008000)).path("result").asBoolean());

            Lab.awaitTrue(() -> lab.pool.accounting().total().accepted() == 3, "3 shares at the pool");
            noInvalidShares(lab.pool);
        }
    }

    @Test
    void failingOverToAPoolRequiringAFixedVersionSetsMaskZeroBeforeItsFirstJob() throws Exception {
        try (TestPool primary = new TestPool(Lab.quietPool(), null, 1).start(new InetSocketAddress("127.0.0.1", 0));
             TestPool fixed = new TestPool(Lab.quietPool().withVersionRolling(false), null, 1)
                     .start(new InetSocketAddress("127.0.0.1", 0));
             Translator t = new Translator(Lab.config(Lab.endpoint(primary), Lab.endpoint(fixed))).start();
             TestMiner m = new TestMiner(t.listening().get(10, TimeUnit.SECONDS))) {
            Lab.awaitTrue(() -> t.status().openChannels() == 1, "the channel open on the primary");
            assertEquals(BIP320, m.configureVersionRolling(BIP320));
            m.subscribeAndAuthorize("roller.1");
            m.awaitNotify();
            assertTrue(m.submit("roller.1", m.findShare(1, true, 0x00004000)).path("result").asBoolean());
            Lab.awaitTrue(() -> primary.accounting().total().accepted() == 1, "the rolled share at the primary");

            primary.close(); // the primary goes away for good: the translator fails over to the fixed-version pool
            m.awaitNotify();
            assertEquals("mining.set_version_mask", m.beforeLatestNotify(), "mask before the new pool's job: "
                    + m.received);
            assertEquals(List.of("00000000"), m.versionMasks());
            JsonNode rolled = m.submit("roller.1", m.findShare(2, true, 0x00004000));
            assertEquals(20, errorCode(rolled), rolled.toString());
            assertTrue(m.submit("roller.1", m.findShare(3, true, 0)).path("result").asBoolean());
            Lab.awaitTrue(() -> fixed.accounting().total().accepted() == 1, "the plain share at the fixed pool");
            noInvalidShares(fixed);
            noInvalidShares(primary);
        }
    }

    @Test
    void firmwareRollingWithoutConfigureIsCheckedAgainstBip320AndToldWhenTheJobForbidsIt() throws Exception {
        try (Lab lab = new Lab(Lab.quietPool()); TestMiner m = new TestMiner(lab.proxy)) {
            // Antminer S21 firmware has been reported to send version bits without ever sending mining.configure.
            m.subscribeAndAuthorize("s21.1");
            m.awaitNotify();
            JsonNode rolled = m.submit("s21.1", m.findShare(1, true, 0x00ab0000));
            assertTrue(rolled.path("result").asBoolean(), "rolled inside BIP320 on a job allowing it: " + rolled);
            Lab.awaitTrue(() -> lab.pool.accounting().total().accepted() == 1, "the rolled share at the pool");

            lab.pool.allowVersionRolling(false);
            lab.pool.updateJob();
            m.awaitNotify();
            assertTrue(m.versionMasks().isEmpty(), "no set_version_mask to a miner that never negotiated rolling");
            JsonNode forbidden = m.submit("s21.1", m.findShare(2, true, 0x00ab0000));
            assertEquals(20, errorCode(forbidden), forbidden.toString());
            assertTrue(forbidden.path("error").path(1).asText().contains("version rolling"),
                    "the reason is named: " + forbidden);
            noInvalidShares(lab.pool);
        }
    }

    @Test
    void aSetTargetDoesNotApplyToActiveJobsAlreadySentSoTheirSharesAreForwardedAgainstTheirOwnTarget()
            throws Exception {
        // Spec 5.3.21: an easier SetTarget applies to later jobs, not to an active job already sent, whose target
        // "remains stable". A share on that job meeting only the new target is the miner's, not the pool's.
        double minerDifficulty = Lab.EASY / 64;
        try (Lab lab = new Lab(Lab.quietPool(), c -> c.withDifficulty(20, minerDifficulty, minerDifficulty),
                pool -> pool.freezeTargets(true)); TestMiner m = new TestMiner(lab.proxy)) {
            m.subscribeAndAuthorize("rig.1");
            m.awaitNotify();
            lab.pool.updateJob(); // an active job, issued under the channel's EASY target
            m.awaitNotify();
            String activeJob = m.notify.get(0).asText();
            lab.pool.forceTarget(minerDifficulty); // the channel becomes as easy as the miner
            Lab.awaitTrue(() -> Math.abs(lab.translator.status().channelDifficulty() - minerDifficulty)
                    < minerDifficulty / 100, "the translator has the easier target");
            assertEquals(activeJob, m.notify.get(0).asText(), "still on the active job");
            for (int i = 0; i < 20; i++) {
                JsonNode r = m.submit("rig.1", m.findShare(i, true));
                assertTrue(r.path("result").asBoolean(), r.toString());
            }
            lab.pool.updateJob(); // issued under the easier target: its shares all go to the pool
            m.awaitNotify();
            for (int i = 0; i < 3; i++) {
                assertTrue(m.submit("rig.1", m.findShare(100 + i, true)).path("result").asBoolean());
            }
            Lab.awaitTrue(() -> lab.pool.accounting().total().accepted() >= 3, "the new job's shares at the pool");
            noInvalidShares(lab.pool);
        }
    }

    /**
     * The future job a new block activates: SRI's pool fixes its target at activation, the spec's words would let a
     * later SetTarget apply to it. An easier SetTarget after the block: shares meeting only the easier target are
     * not forwarded (a pool like SRI's, and the testbed pool, would refuse them).
     */
    @Test
    void anEasierSetTargetAfterANewBlockDoesNotApplyToTheJobTheBlockActivated() throws Exception {
        double minerDifficulty = Lab.EASY / 64;
        try (Lab lab = new Lab(Lab.quietPool(), c -> c.withDifficulty(20, minerDifficulty, minerDifficulty),
                pool -> pool.freezeTargets(true)); TestMiner m = new TestMiner(lab.proxy)) {
            m.subscribeAndAuthorize("rig.1");
            m.awaitNotify();
            lab.pool.newBlock(); // a future job and SetNewPrevHash, under the channel's EASY target
            do {
                m.awaitNotify();
            } while (!m.notify.get(8).asBoolean());
            lab.pool.forceTarget(minerDifficulty);
            Lab.awaitTrue(() -> Math.abs(lab.translator.status().channelDifficulty() - minerDifficulty)
                    < minerDifficulty / 100, "the translator has the easier target");
            Target activation = Target.fromDifficulty(Lab.EASY);
            int meetingActivation = 0;
            for (int i = 0; i < 20; i++) {
                TestMiner.Share share = m.findShare(i, true);
                meetingActivation += activation.isMetBy(share.hash()) ? 1 : 0;
                assertTrue(m.submit("rig.1", share).path("result").asBoolean());
            }
            int expected = meetingActivation;
            Lab.awaitTrue(() -> lab.pool.accounting().total().accepted() == expected,
                    expected + " shares (those meeting the activation target) at the pool");
            assertEquals(expected, lab.translator.status().shares().forwarded(), "only those were forwarded");
            noInvalidShares(lab.pool);
        }
    }

    /**
     * The other reading: a harder SetTarget after the block. Shares on the activated job meeting only its
     * activation target are not forwarded either, so a pool applying the spec's words (the new target) never
     * refuses one; the share is the miner's, as with any share between the miner's and the channel's difficulty.
     */
    @Test
    void aHarderSetTargetAfterANewBlockAppliesToTheJobTheBlockActivated() throws Exception {
        try (Lab lab = new Lab(Lab.quietPool(), c -> c, pool -> pool.freezeTargets(true));
             TestMiner m = new TestMiner(lab.proxy)) {
            m.subscribeAndAuthorize("rig.1");
            m.awaitNotify();
            lab.pool.newBlock();
            do {
                m.awaitNotify();
            } while (!m.notify.get(8).asBoolean());
            double harder = Lab.EASY * 16;
            lab.pool.forceTarget(harder);
            Lab.awaitTrue(() -> lab.translator.status().channelDifficulty() > harder / 2, "the harder target");
            Target now = Target.fromDifficulty(harder);
            int meetingNow = 0;
            for (int i = 0; i < 64; i++) {
                TestMiner.Share share = m.findShare(i, true); // at the miner's EASY: the activation target's
                meetingNow += now.isMetBy(share.hash()) ? 1 : 0;
                assertTrue(m.submit("rig.1", share).path("result").asBoolean());
            }
            int expected = meetingNow;
            Lab.awaitTrue(() -> lab.translator.status().upstream().sharesAccepted() == expected,
                    expected + " shares (those meeting the new target) judged by the pool");
            assertEquals(expected, lab.translator.status().shares().forwarded());
            noInvalidShares(lab.pool);
        }
    }
}
