package org.sv2translator.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.sv2translator.testbed.pool.PoolAccounting;
import org.sv2translator.testbed.pool.PoolConfig;
import org.sv2translator.testbed.pool.ShareVerdict;
import org.sv2translator.testbed.pool.TestPool;
import org.sv2translator.testbed.swarm.Swarm;
import org.sv2translator.testbed.swarm.SwarmConfig;
import org.sv2translator.testbed.swarm.SwarmReport;
import org.sv2translator.v1.V1Notification;

/**
 * V1 miners → SRI's translator_sv2 (0.2.5, built from crates.io) → our testbed pool, on loopback. Our pool validates
 * every share translator_sv2 forwards with its own rules (written from the spec): the checks are that it refuses
 * none of the good ones, that its counts are what translator_sv2 says it forwarded and what the miners were told,
 * and that the bad shares translator_sv2 lets through are answered with the spec's SubmitShares.Error codes while
 * the channel and the other miners carry on. Findings: README, "Interoperability".
 */
class SriTranslatorInFrontOfPoolTest {
    /** Per-miner share rate of RATE miners; translator_sv2's vardiff goal is the same, so it leaves them alone. */
    private static final double RATE_PER_SECOND = 1;
    private static SriRoles sri;
    /** Kept when a test fails: translator_sv2's log and config are in it. */
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path dir;

    @BeforeAll
    static void roles() throws Exception {
        sri = SriRoles.require();
    }

    /**
     * Easy targets, every share acknowledged on its own, jobs every 10 s and blocks only when a test makes one. The
     * pool's vardiff aims at many shares a minute, so a channel's target is the max_target translator_sv2 asks for
     * (a miner's difficulty): every share a miner finds is then one translator_sv2 forwards.
     */
    private static TestPool pool() throws Exception {
        PoolConfig config = PoolConfig.defaults().withMinDifficulty(1e-10).withTransactionCount(200)
                .withSharesPerMinute(6000).withSuccessBatch(1, Duration.ofMillis(50))
                .withBlockInterval(Duration.ofHours(1)).withJobInterval(Duration.ofSeconds(10));
        return new TestPool(config, null, 1).start(new InetSocketAddress("127.0.0.1", 0));
    }

    /** Difficulty of a miner of {@code hashrate} at {@code sharesPerMinute} (translator_sv2's hash_rate_to_target). */
    private static double difficulty(double hashrate, double sharesPerMinute) {
        return hashrate * 60 / sharesPerMinute / Math.pow(2, 32);
    }

    private static SriTranslator translator(Path dir, TestPool pool, SriTranslator.Settings settings)
            throws Exception {
        return SriTranslator.start(sri, dir, "translator", pool.localAddress(), pool.authorityPublicKey(), "farm",
                settings);
    }

    private static Swarm swarm(SriTranslator t, SwarmConfig.Mode mode, int miners, String prefix) {
        SwarmConfig c = SwarmConfig.defaults(t.address).withMiners(miners).withWorkerPrefix(prefix).withMode(mode)
                .withSharesPerSecond(RATE_PER_SECOND).withHashingThreads(1);
        return new Swarm(c, null).start();
    }

    private static long received(PoolAccounting.Tally tally) {
        return tally.accepted() + tally.rejected();
    }

    /**
     * (1) Good shares, aggregated and one channel per miner: 3 RATE miners and a hashing one for about half a
     * minute, across a SetTarget from the pool and a new block. Our pool must refuse none; what it received must be
     * exactly what translator_sv2 logged as forwarded; and, since the upstream target is never harder than a
     * miner's, every share a miner was told was accepted must be one the pool credited.
     */
    @ParameterizedTest(name = "aggregate_channels = {0}")
    @ValueSource(booleans = {true, false})
    void ourPoolAcceptsEveryShareTranslatorSv2Forwards(boolean aggregate) throws Exception {
        long started = System.nanoTime();
        // 100 kH/s at 60 shares a minute: difficulty 2.3e-5, about 43,000 hashes a share.
        SriTranslator.Settings settings = new SriTranslator.Settings(aggregate, 1e5, 60 * RATE_PER_SECOND, true, 0,
                List.of(2));
        double minerDifficulty = difficulty(settings.minMinerHashrate(), settings.sharesPerMinute());
        SwarmReport rateReport;
        SwarmReport hashReport;
        try (TestPool pool = pool(); SriTranslator t = translator(dir, pool, settings)) {
            PoolAccounting.Tally total = pool.accounting().total();
            try (Swarm rate = swarm(t, SwarmConfig.Mode.RATE, 3, "rate");
                 Swarm hashing = swarm(t, SwarmConfig.Mode.HASHING, 1, "hash")) {
                rateReport = rate.report();
                hashReport = hashing.report();
                Translators.await(() -> total.accepted() >= 40 && rateReport.accepted() >= 6, Duration.ofSeconds(30),
                        "40 shares accepted by our pool", () -> total + "\n" + t.process.tail(10));

                // A SetTarget from the pool (easier than the miners', so every share stays one to forward).
                long setTargets = t.process.count(SriTranslator.SET_TARGET_RECEIVED);
                pool.forceTarget(minerDifficulty / 2);
                Translators.await(() -> t.process.count(SriTranslator.SET_TARGET_RECEIVED) > setTargets,
                        Duration.ofSeconds(10), "translator_sv2 got the SetTarget", () -> t.process.tail(10));
                long beforeJob = total.accepted();
                pool.updateJob(); // the first job under the new target
                Translators.await(() -> total.accepted() >= beforeJob + 20, Duration.ofSeconds(20),
                        "20 more shares after the SetTarget", total::toString);

                // A new block: future job and SetNewPrevHash, clean jobs to the miners, shares on the new block.
                long beforeBlock = total.accepted();
                pool.newBlock();
                Translators.await(() -> total.accepted() >= beforeBlock + 30, Duration.ofSeconds(20),
                        "30 more shares after the new block", total::toString);
            }
            // The swarms are closed: wait until every share translator_sv2 forwarded has reached the pool.
            Translators.await(() -> received(total) == t.forwarded(), Duration.ofSeconds(10),
                    "every forwarded share received by our pool", () -> total + " forwarded " + t.forwarded());

            long answered = rateReport.accepted() + rateReport.rejected() + hashReport.accepted()
                    + hashReport.rejected();
            long submitted = rateReport.submitted() + hashReport.submitted();
            long toldAccepted = rateReport.accepted() + hashReport.accepted();
            String figures = "mode " + (aggregate ? "aggregated" : "per-miner") + ": miners submitted " + submitted
                    + ", told accepted " + toldAccepted + ", told rejected " + (answered - toldAccepted)
                    + ", unanswered at close " + (submitted - answered) + "; translator_sv2 forwarded "
                    + t.forwarded() + "; pool " + total + "; " + (System.nanoTime() - started) / 1_000_000 + " ms";
            System.out.println("SRI translator figures: " + figures);

            // Every valid share accepted. The one refusal a correct pool makes here is stale-share for a share
            // translator_sv2 sent before the new block's SetNewPrevHash reached it (it answers miners at once, as
            // we do): a few at most, one per miner in flight.
            assertEquals(total.count(ShareVerdict.STALE), total.rejected(), () -> "our pool refused shares: " + figures);
            assertTrue(total.rejected() <= 4, figures);
            assertEquals(total.rejected(), t.refusedUpstream(), () -> t.process.tail(20));
            assertEquals(t.forwarded(), total.accepted() + total.rejected(), figures);
            assertTrue(total.accepted() >= 90, figures);
            // Miners told "accepted" = shares the pool credited, up to the shares in flight when the swarms closed
            // (answered by translator_sv2 after the miner hung up, but forwarded all the same).
            assertTrue(total.accepted() + total.rejected() >= toldAccepted
                    && total.accepted() <= toldAccepted + (submitted - answered), figures);
            // translator_sv2 refuses a share of a job the clean-jobs notify replaced: at most one per miner in flight.
            assertTrue(rateReport.rejected() + hashReport.rejected() <= 4, figures);

            // Worker-specific hashrate tracking (0x0002) negotiated on the connection.
            assertEquals(1, t.process.count(SriTranslator.EXTENSIONS_NEGOTIATED), () -> t.process.tail(40));
            if (aggregate) {
                // One channel, named "<user_identity>.translator-proxy"; no per-worker TLV in aggregated mode.
                assertEquals(total.accepted(), pool.accounting().of("farm.translator-proxy").accepted(), figures);
            } else {
                // One channel per miner, each share carrying its worker's name in the user_identity TLV.
                long sum = 0;
                for (String worker : List.of("rate.0", "rate.1", "rate.2", "hash.0")) {
                    long n = pool.accounting().of(worker).accepted();
                    assertTrue(n > 0, () -> worker + " credited nothing: " + figures);
                    sum += n;
                }
                assertEquals(total.accepted(), sum, figures);
            }
        }
    }

    /**
     * (2) Bad shares through a hand-written V1 miner, one channel per miner, next to 2 RATE miners: which of them
     * translator_sv2 forwards (it checks job, extranonce size, upstream target and duplicates, not ntime), the codes
     * our pool answers the forwarded ones with, and that the channel and the other miners carry on.
     */
    @Test
    void badSharesTranslatorSv2ForwardsAreRefusedWithTheSpecCodes() throws Exception {
        long started = System.nanoTime();
        // 10 kH/s: difficulty 2.3e-6, about 4,300 hashes a share, so the hand-written miner grinds in milliseconds.
        SriTranslator.Settings settings = new SriTranslator.Settings(false, 1e4, 60 * RATE_PER_SECOND, true, 0,
                List.of(2));
        List<String> answers = new ArrayList<>();
        try (TestPool pool = pool(); SriTranslator t = translator(dir, pool, settings);
             Swarm others = swarm(t, SwarmConfig.Mode.RATE, 2, "rate");
             RawV1Miner raw = new RawV1Miner(t.address)) {
            String w = "raw.0";
            raw.handshake(w);
            PoolAccounting.Tally mine = pool.accounting().of(w);
            V1Notification.Notify job = raw.job();
            double d = raw.difficulty();
            int e2 = 0;

            // A good share: accepted and credited to the worker.
            RawV1Miner.Share good = raw.find(job, e2(++e2, raw), job.ntime(), d * 2);
            assertTrue(raw.submit(w, good));
            Translators.await(() -> pool.accounting().of(w).accepted() == 1, Duration.ofSeconds(10),
                    "the good share credited", () -> pool.accounting().of(w).toString());

            // The same share again: translator_sv2 tells the miner true but does not forward it.
            boolean duplicateAnswer = raw.submit(w, good);
            answers.add("duplicate -> " + duplicateAnswer);

            // ntime two hours ahead of the job, and two hours before it: translator_sv2 does not check ntime.
            boolean futureAnswer = raw.submit(w, raw.find(job, e2(++e2, raw), job.ntime() + 7200, d * 2));
            boolean pastAnswer = raw.submit(w, raw.find(job, e2(++e2, raw), job.ntime() - 7200, d * 2));
            answers.add("ntime +2h -> " + futureAnswer);
            answers.add("ntime -2h -> " + pastAnswer);
            Translators.await(() -> pool.accounting().of(w).count(ShareVerdict.BAD_NTIME) == 2, Duration.ofSeconds(10),
                    "our pool refused both with invalid-timestamp", () -> pool.accounting().of(w).toString());
            // Forwarded in order on one connection: had the duplicate been forwarded, it would be counted by now.
            assertEquals(0, pool.accounting().of(w).count(ShareVerdict.DUPLICATE));
            assertEquals(1, pool.accounting().of(w).accepted());

            // A job id translator_sv2 never sent: refused by translator_sv2 itself.
            boolean unknownJobAnswer = raw.submit(w, good.withJobId("4000000000"));
            answers.add("unknown job id -> " + unknownJobAnswer);
            assertFalse(unknownJobAnswer);

            // The other miners carry on: more of their shares credited after all of that.
            long othersBefore = pool.accounting().of("rate.0").accepted() + pool.accounting().of("rate.1").accepted();
            Translators.await(() -> pool.accounting().of("rate.0").accepted()
                            + pool.accounting().of("rate.1").accepted() >= othersBefore + 4, Duration.ofSeconds(10),
                    "the other miners' shares still credited", () -> pool.accounting().total().toString());

            // A new block: a share of the previous block's job is refused by translator_sv2 (its job list was
            // cleared by the clean-jobs notify) and never reaches the pool.
            V1Notification.Notify old = raw.job();
            RawV1Miner.Share oldShare = raw.find(old, e2(++e2, raw), old.ntime(), d * 2);
            pool.newBlock();
            V1Notification.Notify fresh = raw.awaitJobAfter(old);
            assertTrue(fresh.cleanJobs(), fresh::toString);
            boolean staleAnswer = raw.submit(w, oldShare);
            answers.add("share of the previous block's job -> " + staleAnswer);
            assertFalse(staleAnswer);

            // The race at a block change: shares of the current job written right as the pool moves on. Those
            // translator_sv2 forwards before it sees the new prevhash reach our pool after it: stale-share.
            long staleAtPool = 0;
            int burstAnswersTrue = 0;
            for (int attempt = 0; attempt < 3 && staleAtPool == 0; attempt++) {
                V1Notification.Notify current = raw.job();
                List<RawV1Miner.Share> burst = new ArrayList<>();
                for (int i = 0; i < 40; i++) {
                    burst.add(raw.find(current, e2(++e2, raw), current.ntime(), d * 2));
                }
                List<Integer> ids = new ArrayList<>();
                Thread blocker = new Thread(pool::newBlock);
                blocker.start();
                for (RawV1Miner.Share s : burst) {
                    ids.add(raw.submitAsync(w, s));
                }
                blocker.join(10_000);
                for (int id : ids) {
                    burstAnswersTrue += raw.answer(id) ? 1 : 0;
                }
                V1Notification.Notify next = raw.awaitJobAfter(current);
                // Sync point: a share translator_sv2 always forwards (bad ntime) is answered after the burst's.
                long badNtime = pool.accounting().of(w).count(ShareVerdict.BAD_NTIME);
                raw.submit(w, raw.find(next, e2(++e2, raw), next.ntime() + 7200, d * 2));
                Translators.await(() -> pool.accounting().of(w).count(ShareVerdict.BAD_NTIME) == badNtime + 1,
                        Duration.ofSeconds(10), "the burst's forwarded shares answered by our pool",
                        () -> pool.accounting().of(w).toString());
                staleAtPool = pool.accounting().of(w).count(ShareVerdict.STALE);
            }
            answers.add("block-change bursts: told true " + burstAnswersTrue + ", stale-share at pool " + staleAtPool);
            // Nothing but stale-share and invalid-timestamp was refused so far.
            PoolAccounting.Tally t1 = pool.accounting().of(w);
            assertEquals(t1.rejected(), t1.count(ShareVerdict.STALE) + t1.count(ShareVerdict.BAD_NTIME), t1::toString);
            assertEquals(0, pool.accounting().total().count(ShareVerdict.INVALID_JOB));

            // The pool raises every channel's difficulty 16-fold. A share meeting the miner's difficulty but not the
            // new upstream target: translator_sv2 says true and keeps it (its upstream channel check).
            long setTargets = t.process.count(SriTranslator.SET_TARGET_RECEIVED);
            pool.forceTarget(d * 16);
            Translators.await(() -> t.process.count(SriTranslator.SET_TARGET_RECEIVED) >= setTargets + 3,
                    Duration.ofSeconds(10), "every channel got the SetTarget", () -> t.process.tail(10));
            V1Notification.Notify before = raw.job();
            pool.updateJob();
            V1Notification.Notify hard = raw.awaitJobAfter(before);
            long received = received(pool.accounting().of(w));
            boolean lowAnswer = raw.submit(w, raw.findBetween(hard, e2(++e2, raw), raw.difficulty() * 1.01, d * 16));
            answers.add("below the upstream target, above the miner's -> " + lowAnswer);
            // Sync point: a share meeting the new target is forwarded and credited after it.
            assertTrue(raw.submit(w, raw.find(hard, e2(++e2, raw), hard.ntime(), d * 32)));
            Translators.await(() -> received(pool.accounting().of(w)) == received + 1, Duration.ofSeconds(10),
                    "only the share meeting the new target reached our pool", () -> pool.accounting().of(w).toString());
            assertEquals(0, pool.accounting().of(w).count(ShareVerdict.LOW_DIFFICULTY));

            // SetExtranoncePrefix: translator_sv2 0.2.5 ignores it (spec 5.3.22 says it applies to the jobs sent
            // after it), so its shares on the next job are hashed with the old prefix: difficulty-too-low here.
            V1Notification.Notify beforePrefix = raw.job();
            pool.changeExtranoncePrefixes();
            V1Notification.Notify afterPrefix = raw.awaitJobAfter(beforePrefix);
            t.process.awaitLog(SriTranslator.PREFIX_IGNORED, Duration.ofSeconds(5));
            boolean prefixAnswer = raw.submit(w, raw.find(afterPrefix, e2(++e2, raw), afterPrefix.ntime(), d * 32));
            answers.add("share after an ignored SetExtranoncePrefix -> " + prefixAnswer);
            Translators.await(() -> pool.accounting().of(w).count(ShareVerdict.LOW_DIFFICULTY) == 1,
                    Duration.ofSeconds(10), "our pool refused it with difficulty-too-low",
                    () -> pool.accounting().of(w).toString());

            // After every refusal, the channel is still open and translator_sv2 still serves the miner.
            assertTrue(raw.isConnected());
            assertEquals(1, pool.connectionCount());
            assertEquals(3, pool.openChannelCount());
            assertTrue(t.process.isAlive());
            assertEquals(t.refusedUpstream(), pool.accounting().total().rejected(), () -> t.process.tail(20));

            PoolAccounting.Tally end = pool.accounting().of(w);
            System.out.println("SRI translator bad shares: " + answers + "; pool for " + w + ": " + end
                    + "; others: rate.0 " + pool.accounting().of("rate.0") + ", rate.1 " + pool.accounting().of("rate.1")
                    + "; " + (System.nanoTime() - started) / 1_000_000 + " ms");
            assertTrue(futureAnswer && pastAnswer, answers::toString);
        }
    }

    private static byte[] e2(int n, RawV1Miner raw) {
        byte[] b = new byte[raw.extranonce2Size()];
        for (int i = 0; i < b.length && i < 4; i++) {
            b[b.length - 1 - i] = (byte) (n >>> (8 * i));
        }
        return b;
    }
}
