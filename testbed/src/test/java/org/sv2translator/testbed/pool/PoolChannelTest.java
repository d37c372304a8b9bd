package org.sv2translator.testbed.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.sv2translator.bitcoin.BlockHeader;
import org.sv2translator.bitcoin.Merkle;
import org.sv2translator.bitcoin.Target;

class PoolChannelTest {
    private static final int NTIME = 1_700_000_000;
    private static final long NOW = NTIME + 10;
    private static final Target EASY = Target.fromDifficulty(1.0 / (1 << 24)); // one header in ~256
    private static final byte[] EXTRANONCE = {1, 2, 3, 4, 5, 6, 7, 8};

    private BlockTemplate template;
    private PoolChannel channel;

    @BeforeEach
    void setUp() {
        TemplateFactory factory = new TemplateFactory(new Random(1), 30, Target.fromNBits(0x1d00ffff), 12, new byte[0]);
        template = factory.next(900_000, factory.randomHash(), NTIME);
        channel = new PoolChannel(1, "farm", new byte[] {9, 9, 9, 9}, 8, EASY);
        channel.addJob(5, template, true, 0);
        channel.setPrevHash(0, template.prevHash(), NTIME);
    }

    /** The first nonce at or after {@code from} whose header meets (or, if {@code meets} is false, misses) EASY. */
    private int nonce(int from, boolean meets, int version) {
        byte[] root = template.merklePath().root(Merkle.coinbaseTxid(template.coinbase().prefix(),
                new byte[] {9, 9, 9, 9}, EXTRANONCE, template.coinbase().suffix()));
        for (int n = from; ; n++) {
            byte[] hash = new BlockHeader(version, template.prevHash(), root, NTIME, template.nbits(), n).hash();
            if (EASY.isMetBy(hash) == meets) {
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
        channel.addJob(6, template, false, 0);
        assertEquals(ShareVerdict.BAD_VERSION, channel.validate(6, 0, NTIME, rolled, EXTRANONCE, NOW),
                "a job without version rolling");
    }

    @Test
    void structuralChecks() {
        assertEquals(ShareVerdict.INVALID_JOB, channel.validate(77, 0, NTIME, 0x20000000, EXTRANONCE, NOW));
        assertEquals(ShareVerdict.BAD_EXTRANONCE_SIZE, channel.validate(5, 0, NTIME, 0x20000000, new byte[7], NOW));
        assertEquals(ShareVerdict.BAD_NTIME, channel.validate(5, 0, NTIME - 1, 0x20000000, EXTRANONCE, NOW));
        assertEquals(ShareVerdict.BAD_NTIME, channel.validate(5, 0, (int) NOW + 7201, 0x20000000, EXTRANONCE, NOW));
    }

    @Test
    void aNewPrevHashMakesEarlierJobsStale() {
        int n = nonce(0, true, 0x20000000);
        channel.setPrevHash(1, new byte[32], NTIME);
        assertEquals(ShareVerdict.STALE, channel.validate(5, n, NTIME, 0x20000000, EXTRANONCE, NOW));
    }

    @Test
    void aFutureJobIsNotMinableBeforeItsPrevHash() {
        channel.addJob(8, template, true, 1);
        assertEquals(ShareVerdict.STALE, channel.validate(8, nonce(0, true, 0x20000000), NTIME, 0x20000000,
                EXTRANONCE, NOW));
    }

    @Test
    void aHashMeetingTheNetworkTargetIsABlock() {
        TemplateFactory easyNetwork = new TemplateFactory(new Random(2), 3, Target.MAX, 12, new byte[0]);
        template = easyNetwork.next(900_001, easyNetwork.randomHash(), NTIME);
        channel.addJob(9, template, true, 0);
        channel.setPrevHash(0, template.prevHash(), NTIME);
        assertEquals(ShareVerdict.BLOCK_FOUND, channel.validate(9, nonce(0, true, 0x20000000), NTIME, 0x20000000,
                EXTRANONCE, NOW));
    }
}
