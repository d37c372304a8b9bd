package org.sv2translator.core.share;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;
import org.sv2translator.bitcoin.MerklePath;
import org.sv2translator.bitcoin.Target;
import org.sv2translator.core.difficulty.Vardiff;
import org.sv2translator.core.job.V1Job;
import org.sv2translator.v1.RequestId;
import org.sv2translator.v1.V1Request;

/** Every branch of the share pipeline, with no socket: one case per outcome. */
class SharePipelineTest {
    private static final int JOB_NTIME = 1_700_000_000;
    private static final int VERSION = 0x20000000;
    private static final int BIP320 = 0x1fffe000;
    /** Below ~2.3e-10 the target is the whole hash space: every share meets it. */
    private static final double EVERYTHING = 1e-12;
    private static final long SECOND = 1_000_000_000L;

    /** A miner on a route with one job; what the route forwards is recorded. */
    private static final class Setup {
        final FakeMinerConnection connection = new FakeMinerConnection();
        final WorkerRegistry workers = new WorkerRegistry();
        /** The pipeline's clock: nanoseconds since the job's prevhash was received. */
        long nowNanos = 5 * SECOND;
        final SharePipeline pipeline = new SharePipeline(workers, () -> nowNanos);
        final List<Integer> forwardedVersions = new ArrayList<>();
        Target channelTarget = Target.MAX;
        boolean rollingAllowed = true;
        /** What the route says the pool allows, null: the job's own flag (a pool with REQUIRES_FIXED_VERSION: 0). */
        Integer routeMask;
        int jobVersion = VERSION;
        int jobNtime = JOB_NTIME;
        Target networkTarget = Target.DIFF1;
        double minerDifficulty = EVERYTHING;
        boolean onRoute = true;
        byte[] extranonce1 = {0, 1};
        ShareMemory memory = ShareMemory.defaults();
        SeenShares seen;
        V1Job job;
        Miner miner;

        Setup build() {
            workers.connect("rig.1");
            job = new V1Job("j1", 5, new byte[] {1, 2, 3}, new byte[] {4, 5}, MerklePath.EMPTY, jobVersion,
                    rollingAllowed, new byte[32], 0x1d00ffff, jobNtime, true, 1, 1, networkTarget, 6, 0, JOB_NTIME, 0);
            seen = seen != null ? seen : new SeenShares(memory);
            miner = new Miner(connection, extranonce1, seen,
                    new Vardiff.Config(12, EVERYTHING, 30), minerDifficulty, 0);
            if (onRoute) {
                miner.setRoute(new ShareRoute() {
                    @Override
                    public V1Job job(String v1JobId) {
                        return v1JobId.equals(job.v1JobId()) ? job : null;
                    }

                    @Override
                    public Target channelTarget() {
                        return channelTarget;
                    }

                    @Override
                    public int versionRollingMask(V1Job j) {
                        return routeMask != null ? routeMask : ShareRoute.super.versionRollingMask(j);
                    }

                    @Override
                    public void submit(V1Job j, byte[] e1, byte[] e2, int nonce, int ntime, int version,
                                       WorkerStats worker) {
                        forwardedVersions.add(version);
                    }
                });
            }
            return this;
        }

        ShareOutcome submit(V1Request.Submit s) {
            return pipeline.onSubmit(miner, s);
        }
    }

    private static V1Request.Submit share(String job, int extranonce2Size, int ntime, int nonce, Integer versionBits) {
        return new V1Request.Submit(RequestId.of(1), "rig.1", job, new byte[extranonce2Size], ntime, nonce,
                versionBits != null, versionBits == null ? 0 : versionBits);
    }

    private static V1Request.Submit good(int nonce) {
        return share("j1", 4, JOB_NTIME + 1, nonce, null);
    }

    static Stream<Arguments> rejections() {
        return Stream.of(
                Arguments.of("unknown job", (Consumer<Setup>) s -> { }, share("nope", 4, JOB_NTIME, 1, null),
                        ShareOutcome.STALE_JOB),
                Arguments.of("miner on no channel yet", (Consumer<Setup>) s -> s.onRoute = false, good(1),
                        ShareOutcome.STALE_JOB),
                Arguments.of("job of another extranonce layout", (Consumer<Setup>) s -> s.extranonce1 = new byte[3],
                        good(1), ShareOutcome.STALE_EXTRANONCE_LAYOUT),
                Arguments.of("ntime before the job", (Consumer<Setup>) s -> { },
                        share("j1", 4, JOB_NTIME - 1, 1, null), ShareOutcome.NTIME_TOO_EARLY),
                Arguments.of("ntime before an active job's own min_ntime", (Consumer<Setup>) s -> s.jobNtime += 3,
                        share("j1", 4, JOB_NTIME + 2, 1, null), ShareOutcome.NTIME_TOO_EARLY),
                Arguments.of("ntime a second past the prevhash time plus the 5 s since", (Consumer<Setup>) s -> { },
                        share("j1", 4, JOB_NTIME + 6, 1, null), ShareOutcome.NTIME_TOO_LATE),
                Arguments.of("ntime rolled 900 s ahead: inside Bitcoin's 2 h, not the pool's window",
                        (Consumer<Setup>) s -> { }, share("j1", 4, JOB_NTIME + 900, 1, null),
                        ShareOutcome.NTIME_TOO_LATE),
                Arguments.of("rolled version on a job that forbids it", (Consumer<Setup>) s -> {
                    s.rollingAllowed = false;
                    s.connection.versionMask = BIP320;
                }, share("j1", 4, JOB_NTIME, 1, 0x2000), ShareOutcome.VERSION_ROLLING_NOT_ALLOWED),
                Arguments.of("rolled version on a pool requiring a fixed version", (Consumer<Setup>) s -> {
                    s.routeMask = 0;
                    s.connection.versionMask = BIP320;
                }, share("j1", 4, JOB_NTIME, 1, 0x2000), ShareOutcome.VERSION_ROLLING_NOT_ALLOWED),
                Arguments.of("rolled without mining.configure on a job that forbids it",
                        (Consumer<Setup>) s -> s.rollingAllowed = false, share("j1", 4, JOB_NTIME, 1, 0x2000),
                        ShareOutcome.VERSION_ROLLING_NOT_ALLOWED),
                Arguments.of("rolled without mining.configure outside BIP320", (Consumer<Setup>) s -> { },
                        share("j1", 4, JOB_NTIME, 1, 0x40000000), ShareOutcome.VERSION_BITS_OUTSIDE_MASK),
                Arguments.of("hash above the miner's target", (Consumer<Setup>) s -> s.minerDifficulty = 1e15,
                        good(1), ShareOutcome.LOW_DIFFICULTY));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rejections")
    void eachRejectionHasItsOutcomeAndIsCountedForTheWorker(String what, Consumer<Setup> tweak,
                                                             V1Request.Submit submit, ShareOutcome expected) {
        Setup s = new Setup();
        tweak.accept(s);
        s.build();
        assertEquals(expected, s.submit(submit), what);
        assertEquals(0, s.pipeline.accepted());
        assertEquals(1, s.pipeline.rejected());
        assertEquals(0, s.pipeline.forwarded());
        assertTrue(s.forwardedVersions.isEmpty(), "nothing reaches the pool");
        WorkerStats w = s.workers.of("rig.1");
        assertEquals(1, w.count(expected.category()), "counted under " + expected.category());
        assertEquals(0, w.accepted());
        assertEquals(Map.of(expected.category().label(), 1L), nonZero(s.pipeline.rejectedByReason()));
    }

    @Test
    void theSameShareTwiceIsADuplicate() {
        Setup s = new Setup().build();
        assertEquals(ShareOutcome.ACCEPTED, s.submit(good(7)));
        assertEquals(ShareOutcome.DUPLICATE, s.submit(good(7)));
        assertEquals(ShareOutcome.ACCEPTED, s.submit(good(8)), "another nonce is another share");
        assertEquals(1, s.workers.of("rig.1").duplicate());
        assertEquals(2, s.workers.of("rig.1").accepted());
    }

    @Test
    void aLowDifficultyShareDoesNotOccupyTheDuplicateSet() {
        Setup s = new Setup();
        s.minerDifficulty = 1e15;
        s.build();
        assertEquals(ShareOutcome.LOW_DIFFICULTY, s.submit(good(7)));
        assertEquals(ShareOutcome.LOW_DIFFICULTY, s.submit(good(7)), "not a duplicate: it was never accepted");
    }

    @Test
    void anAcceptedShareGoesUpstreamOnlyWhenItMeetsTheChannelTarget() {
        Setup s = new Setup().build();
        assertEquals(ShareOutcome.ACCEPTED, s.submit(good(1)));
        assertEquals(1, s.pipeline.forwarded());
        assertEquals(List.of(VERSION), s.forwardedVersions);

        Setup hard = new Setup();
        hard.channelTarget = Target.fromDifficulty(1e15);
        hard.build();
        assertEquals(ShareOutcome.ACCEPTED, hard.submit(good(1)));
        assertEquals(1, hard.pipeline.accepted());
        assertEquals(0, hard.pipeline.forwarded(), "accepted for the miner, too easy for the pool");
        assertEquals(0, hard.workers.of("rig.1").forwarded());
    }

    @Test
    void rolledBitsReplaceTheJobsVersionInsideTheMaskOnly() {
        Setup s = new Setup();
        s.connection.versionMask = BIP320;
        s.build();
        assertEquals(ShareOutcome.ACCEPTED, s.submit(share("j1", 4, JOB_NTIME, 1, 0x00002000)));
        assertEquals(List.of(VERSION | 0x00002000), s.forwardedVersions);
    }

    @Test
    void ntimeMayGrowWithTheSecondsSinceThePrevHash() {
        Setup s = new Setup().build();
        assertEquals(ShareOutcome.ACCEPTED, s.submit(share("j1", 4, JOB_NTIME + 5, 1, null)), "5 s after: +5");
        s.nowNanos = 900 * SECOND;
        assertEquals(ShareOutcome.ACCEPTED, s.submit(share("j1", 4, JOB_NTIME + 900, 1, null)),
                "900 s ahead once 900 s have passed");
    }

    @Test
    void anActiveJobStartingLaterThanThePrevHashClockKeepsItsMinNtimeButNoMore() {
        // A job update whose min_ntime is 60 s past the prevhash's, 5 s after it on our clock: the pool cannot refuse
        // its own job's min_ntime, but the spec's bound is the prevhash's, so nothing later until the clock catches up.
        Setup s = new Setup();
        s.jobNtime = JOB_NTIME + 60;
        s.build();
        assertEquals(ShareOutcome.ACCEPTED, s.submit(share("j1", 4, JOB_NTIME + 60, 1, null)));
        assertEquals(ShareOutcome.NTIME_TOO_LATE, s.submit(share("j1", 4, JOB_NTIME + 61, 2, null)));
        s.nowNanos = 61 * SECOND;
        assertEquals(ShareOutcome.ACCEPTED, s.submit(share("j1", 4, JOB_NTIME + 61, 2, null)));
    }

    @Test
    void withRollingForbiddenTheJobsOwnBitsInsideTheMaskAreKept() {
        // The job's version signals with a bit inside BIP320 and forbids rolling: the miner (told mask 0 before
        // the job) sends bits 0, so its header carries the job's version whole, and so must ours.
        Setup s = new Setup();
        s.jobVersion = VERSION | 0x00002000;
        s.rollingAllowed = false;
        s.connection.configuredMask = BIP320;
        s.connection.versionMask = 0;
        s.build();
        assertEquals(ShareOutcome.ACCEPTED, s.submit(share("j1", 4, JOB_NTIME, 1, 0)));
        assertEquals(List.of(VERSION | 0x00002000), s.forwardedVersions, "the job's version, as the pool requires");
    }

    @Test
    void aShareOnAnEarlierJobUsesThatJobsMaskNotTheMaskInForceNow() {
        // The miner was sent mask 0 for a later job, but this share is on a job that allowed rolling.
        Setup s = new Setup();
        s.connection.configuredMask = BIP320;
        s.connection.versionMask = 0;
        s.build();
        assertEquals(ShareOutcome.ACCEPTED, s.submit(share("j1", 4, JOB_NTIME, 1, 0x00ab0000)));
        assertEquals(List.of(VERSION | 0x00ab0000), s.forwardedVersions);
    }

    @Test
    void aMinerRollingWithoutConfigureIsValidatedAgainstBip320() {
        Setup s = new Setup().build(); // versionMask 0: never sent mining.configure
        assertEquals(ShareOutcome.ACCEPTED, s.submit(share("j1", 4, JOB_NTIME, 1, 0x00ab0000)));
        assertEquals(List.of(VERSION | 0x00ab0000), s.forwardedVersions);
    }

    @Test
    void aShareMeetingTheNetworkTargetIsABlockCandidateAndAlwaysForwarded() {
        Setup s = new Setup();
        s.networkTarget = Target.MAX;
        s.channelTarget = Target.fromDifficulty(1e15);
        s.build();
        assertEquals(ShareOutcome.ACCEPTED, s.submit(good(1)));
        assertEquals(1, s.pipeline.blockCandidates());
        assertEquals(1, s.workers.of("rig.1").blockCandidates());
        assertEquals(1, s.pipeline.forwarded(), "a block goes to the pool whatever the channel target");
    }

    @Test
    void aMinerThatInheritsAnExtranonce1CannotRepeatItsPredecessorsShares() {
        Setup before = new Setup().build();
        assertEquals(ShareOutcome.ACCEPTED, before.submit(good(7)));
        Setup after = new Setup();
        after.seen = before.seen; // what the allocator hands the next holder of the same bytes in this block
        after.build();
        after.job = before.job;
        assertEquals(ShareOutcome.DUPLICATE, after.submit(good(7)), "the pool would call it a duplicate");
        assertEquals(ShareOutcome.ACCEPTED, after.submit(good(8)));
    }

    @Test
    void aFullDuplicateSetRefusesRatherThanForgetsAndRaisesTheDifficultyFirst() {
        Setup s = new Setup();
        s.memory = new ShareMemory(8, 1000);
        s.minerDifficulty = 1e-11; // above the floor, so a raise shows
        s.build();
        for (int nonce = 0; nonce < 8; nonce++) {
            assertEquals(ShareOutcome.ACCEPTED, s.submit(good(nonce)));
        }
        assertEquals(ShareOutcome.TOO_MANY_SHARES, s.submit(good(100)));
        assertEquals(ShareOutcome.DUPLICATE, s.submit(good(0)), "every accepted share is still known");
        assertEquals(1e-11 * 16, s.miner.beforeJob(s.job, 1), 1e-20, "raised x4 at half and at three quarters");
        assertEquals("other", ShareOutcome.TOO_MANY_SHARES.category().label());
    }

    @Test
    void aMinerInheritingANearlyFullSetIsRaisedAtOnce() {
        Setup before = new Setup();
        before.memory = new ShareMemory(8, 1000);
        before.build();
        for (int nonce = 0; nonce < 6; nonce++) {
            before.submit(good(nonce));
        }
        Setup after = new Setup();
        after.seen = before.seen;
        after.minerDifficulty = 1e-11;
        after.build();
        after.job = before.job;
        assertEquals(ShareOutcome.ACCEPTED, after.submit(good(100)));
        assertEquals(1e-11 * 16, after.miner.beforeJob(after.job, 1), 1e-20, "both raises at once");
    }

    private static Map<String, Long> nonZero(Map<String, Long> m) {
        Map<String, Long> out = new java.util.HashMap<>();
        m.forEach((k, v) -> {
            if (v != 0) {
                out.put(k, v);
            }
        });
        return out;
    }
}
