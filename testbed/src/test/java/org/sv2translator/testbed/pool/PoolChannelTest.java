package org.sv2translator.testbed.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.OptionalInt;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.sv2translator.bitcoin.BlockHeader;
import org.sv2translator.bitcoin.Merkle;
import org.sv2translator.bitcoin.Target;

class PoolChannelTest {
    private static final int NTIME = 1_700_000_000;
    private static final long SECOND = 1_000_000_000L;
    /** When the prevhash was sent (nanoTime); the shares come 10 s later. */
    private static final long SENT = 5_000 * SECOND;
    private static final long NOW = SENT + 10 * SECOND;
    private static final Target EASY = Target.fromDifficulty(1.0 / (1 << 24)); // one header in ~256
    private static final byte[] EXTRANONCE = {1, 2, 3, 4, 5, 6, 7, 8};

    private BlockTemplate template;
    private PoolChannel channel;

    @BeforeEach
    void setUp() {
        TemplateFactory factory = new TemplateFactory(new Random(1), 30, Target.fromNBits(0x1d00ffff), 12, new byte[0]);
        template = factory.next(900_000, factory.randomHash(), NTIME);
        channel = new PoolChannel(1, "farm", new byte[] {9, 9, 9, 9}, 8, EASY);
        channel.addJob(5, template, true, 0, OptionalInt.empty());
        channel.setPrevHash(0, template.prevHash(), NTIME, SENT);
    }

    /** The first nonce at or after {@code from} whose header meets (or, if {@code meets} is false, misses) EASY. */
    private int nonce(int from, boolean meets, int version) {
        return nonce(from, meets, version, NTIME);
    }

    private int nonce(int from, boolean meets, int version, int ntime) {
        return meets ? nonce(from, version, ntime, EASY, null) : nonce(from, version, ntime, null, EASY);
    }

    /** The first nonce from {@code from} whose header meets {@code meets} and misses {@code misses} (null: any). */
    private int nonce(int from, int version, int ntime, Target meets, Target misses) {
        byte[] root = template.merklePath().root(Merkle.coinbaseTxid(template.coinbase().prefix(),
                new byte[] {9, 9, 9, 9}, EXTRANONCE, template.coinbase().suffix()));
        for (int n = from; ; n++) {
            byte[] hash = new BlockHeader(version, template.prevHash(), root, ntime, template.nbits(), n).hash();
            if ((meets == null || meets.isMetBy(hash)) && (misses == null || !misses.isMetBy(hash))) {
                return n;
            }
        }
    }

    @Test
    void acceptsAValidShareOnceThenCallsItDuplicate() {
        int n = nonce(0, true, 0x20000000);
        assertEquals(ShareVerdict.ACCEPTED, channel.validate(5, n, NTIME, 0x20000000, EXTRANONCE, NOW));
        assertEquals(ShareVerdict.DUPLICATE, channel.validate(5, n, NTIME, 0x20000000, EXTRANONCE, NOW));
    }

    @Test
    void hashAboveTheChannelTargetIsLowDifficulty() {
        int n = nonce(0, false, 0x20000000);
        assertEquals(ShareVerdict.LOW_DIFFICULTY, channel.validate(5, n, NTIME, 0x20000000, EXTRANONCE, NOW));
    }

    @Test
    void rolledVersionBitsInsideBip320AreFineOutsideAreNot() {
        int rolled = 0x20000000 | 0x00ff0000;
        assertEquals(ShareVerdict.ACCEPTED, channel.validate(5, nonce(0, true, rolled), NTIME, rolled, EXTRANONCE, NOW));
        assertEquals(ShareVerdict.BAD_VERSION, channel.validate(5, 0, NTIME, 0x20000001, EXTRANONCE, NOW));
        channel.addJob(6, template, false, 0, OptionalInt.of(NTIME));
        assertEquals(ShareVerdict.BAD_VERSION, channel.validate(6, 0, NTIME, rolled, EXTRANONCE, NOW),
                "a job without version rolling");
    }

    @Test
    void structuralChecks() {
        assertEquals(ShareVerdict.INVALID_JOB, channel.validate(77, 0, NTIME, 0x20000000, EXTRANONCE, NOW));
        assertEquals(ShareVerdict.BAD_EXTRANONCE_SIZE, channel.validate(5, 0, NTIME, 0x20000000, new byte[7], NOW));
        assertEquals(ShareVerdict.BAD_NTIME, channel.validate(5, 0, NTIME - 1, 0x20000000, EXTRANONCE, NOW));
    }

    @Test
    void ntimeMayGrowWithTheSecondsSinceThePrevHashAndNoFurther() {
        // Spec 5.3.11: min_ntime of the latest SetNewPrevHash <= ntime <= that + seconds since it was sent (10 s).
        int v = 0x20000000;
        assertEquals(ShareVerdict.ACCEPTED, channel.validate(5, nonce(0, true, v, NTIME + 10), NTIME + 10, v,
                EXTRANONCE, NOW));
        assertEquals(ShareVerdict.BAD_NTIME, channel.validate(5, nonce(0, true, v, NTIME + 11), NTIME + 11, v,
                EXTRANONCE, NOW), "one second further than the clock has run");
        assertEquals(ShareVerdict.BAD_NTIME, channel.validate(5, nonce(0, true, v, NTIME + 900), NTIME + 900, v,
                EXTRANONCE, NOW), "rolled 15 minutes ahead, as ASICs do: still under Bitcoin's 2 h, not the pool's");
        assertEquals(ShareVerdict.ACCEPTED, channel.validate(5, nonce(0, true, v, NTIME + 900), NTIME + 900, v,
                EXTRANONCE, SENT + 900 * SECOND), "the same ntime once 900 s have passed");
    }

    @Test
    void anActiveJobsOwnMinNtimeIsAlwaysInsideItsWindow() {
        int v = 0x20000000;
        // A job update whose min_ntime is 60 s past the prevhash's time, although only 10 s passed on our clock.
        channel.addJob(7, template, true, 0, OptionalInt.of(NTIME + 60));
        assertEquals(ShareVerdict.ACCEPTED, channel.validate(7, nonce(0, true, v, NTIME + 60), NTIME + 60, v,
                EXTRANONCE, NOW));
        assertEquals(ShareVerdict.BAD_NTIME, channel.validate(7, nonce(0, true, v, NTIME + 59), NTIME + 59, v,
                EXTRANONCE, NOW), "before the job's own start");
        assertEquals(ShareVerdict.BAD_NTIME, channel.validate(7, nonce(0, true, v, NTIME + 61), NTIME + 61, v,
                EXTRANONCE, NOW), "past it before the clock has caught up");
    }

    @Test
    void withoutRollingTheJobsOwnBitsInsideTheMaskAreRequiredNotZero() {
        // A job whose version has a BIP320 bit set: the header must carry it when rolling is forbidden.
        BlockTemplate signalling = new BlockTemplate(template.height(), template.prevHash(), 0x20002000,
                template.nbits(), NTIME, template.coinbase(), template.merklePath(), template.networkTarget());
        channel.addJob(10, signalling, false, 0, OptionalInt.of(NTIME));
        assertEquals(ShareVerdict.BAD_VERSION, channel.validate(10, 0, NTIME, 0x20000000, EXTRANONCE, NOW));
    }

    @Test
    void aNewPrevHashMakesEarlierJobsStale() {
        int n = nonce(0, true, 0x20000000);
        channel.setPrevHash(1, new byte[32], NTIME);
        assertEquals(ShareVerdict.STALE, channel.validate(5, n, NTIME, 0x20000000, EXTRANONCE, NOW));
    }

    @Test
    void aFutureJobIsNotMinableBeforeItsPrevHash() {
        channel.addJob(8, template, true, 1, OptionalInt.empty());
        assertEquals(ShareVerdict.STALE, channel.validate(8, nonce(0, true, 0x20000000), NTIME, 0x20000000,
                EXTRANONCE, NOW));
    }

    @Test
    void aHashMeetingTheNetworkTargetIsABlock() {
        TemplateFactory easyNetwork = new TemplateFactory(new Random(2), 3, Target.MAX, 12, new byte[0]);
        template = easyNetwork.next(900_001, easyNetwork.randomHash(), NTIME);
        channel.addJob(9, template, true, 0, OptionalInt.empty());
        channel.setPrevHash(0, template.prevHash(), NTIME, SENT);
        assertEquals(ShareVerdict.BLOCK_FOUND, channel.validate(9, nonce(0, true, 0x20000000), NTIME, 0x20000000,
                EXTRANONCE, NOW));
    }

    @Test
    void aFutureJobSentForTheCurrentPrevHashIsNotMinableWithoutItsOwnSetNewPrevHash() {
        channel.addJob(12, template, true, 0, OptionalInt.empty());
        assertEquals(ShareVerdict.STALE, channel.validate(12, nonce(0, true, 0x20000000), NTIME, 0x20000000,
                EXTRANONCE, NOW));
    }

    @Test
    void aRaisedTargetLeavesJobsSentBeforeItAloneAndRulesJobsSentAfter() {
        // Spec 5.3.21: a new maximum target does not apply to jobs already active: "their maximum target remains
        // stable". Two raises in a row, as vardiff does on a miner faster than announced: the grace period this
        // replaces remembered only the last target, so it refused the first jobs' shares even within its 5 s.
        int v = 0x20000000;
        Target harder = Target.fromDifficulty(EASY.difficulty() * 4);
        Target hardest = Target.fromDifficulty(EASY.difficulty() * 16);
        channel.addJob(11, template, true, 0, OptionalInt.of(NTIME)); // active, sent under EASY
        channel.setTarget(harder);
        channel.setTarget(hardest);
        channel.addJob(12, template, true, 0, OptionalInt.of(NTIME)); // active, sent under the hardest
        int onlyEasy = nonce(0, v, NTIME, EASY, harder);
        assertEquals(ShareVerdict.ACCEPTED, channel.validate(5, onlyEasy, NTIME, v, EXTRANONCE, NOW),
                "the job its SetNewPrevHash activated under EASY keeps EASY");
        assertEquals(ShareVerdict.ACCEPTED, channel.validate(11, onlyEasy, NTIME, v, EXTRANONCE, NOW),
                "the active job sent under EASY keeps EASY");
        assertEquals(ShareVerdict.LOW_DIFFICULTY, channel.validate(12, onlyEasy, NTIME, v, EXTRANONCE, NOW),
                "a job sent after the change has the new target");
        assertEquals(ShareVerdict.ACCEPTED, channel.validate(12, nonce(0, v, NTIME, hardest, null), NTIME, v,
                EXTRANONCE, NOW));
        assertEquals(EASY, channel.targetOf(11), "a share is credited with its job's difficulty");
        assertEquals(hardest, channel.targetOf(12));
    }

    @Test
    void aFutureJobTakesTheTargetInForceWhenItsSetNewPrevHashActivatesIt() {
        int v = 0x20000000;
        channel.addJob(13, template, true, 1, OptionalInt.empty()); // future, sent under EASY
        channel.setTarget(Target.MAX); // every hash meets it
        int missesEasy = nonce(0, false, v);
        assertEquals(ShareVerdict.LOW_DIFFICULTY, channel.validate(5, missesEasy, NTIME, v, EXTRANONCE, NOW),
                "already activated under EASY: an easier target does not apply to it either");
        channel.setPrevHash(1, template.prevHash(), NTIME, SENT);
        assertEquals(ShareVerdict.ACCEPTED, channel.validate(13, missesEasy, NTIME, v, EXTRANONCE, NOW),
                "still future when the target changed, so activated under the new one");
    }
}
