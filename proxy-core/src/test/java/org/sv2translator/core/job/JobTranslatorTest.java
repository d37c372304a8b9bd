package org.sv2translator.core.job;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HexFormat;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.sv2translator.v2.message.NewExtendedMiningJob;
import org.sv2translator.v2.message.SetNewPrevHash;
import org.sv2translator.v2.wire.Bytes;
import org.sv2translator.v2.wire.U256;

class JobTranslatorTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final byte[] PREFIX = HEX.parseHex("cafe0001");

    private static NewExtendedMiningJob job(int id, OptionalInt minNtime) {
        return new NewExtendedMiningJob(2, id, minNtime, 0x20000000, true,
                List.of(U256.fromHex("11".repeat(32)), U256.fromHex("22".repeat(32))),
                Bytes.fromHex("0100aa"), Bytes.fromHex("ffbb"));
    }

    private static SetNewPrevHash prevHash(int jobId, int ntime) {
        return new SetNewPrevHash(2, jobId, U256.fromHex("33".repeat(31) + "00"), ntime, 0x1d00ffff);
    }

    @Test
    void aFutureJobWaitsForItsPrevHashThenBecomesACleanJob() {
        JobTranslator t = new JobTranslator(PREFIX, 8, 2, new java.util.concurrent.atomic.AtomicLong());
        assertTrue(t.onNewExtendedMiningJob(job(7, OptionalInt.empty())).isEmpty(), "future: nothing to send yet");
        assertEquals(0, t.book().size());
        V1Job v1 = t.onSetNewPrevHash(prevHash(7, 1_700_000_000)).orElseThrow();
        assertTrue(v1.cleanJobs());
        assertEquals(7, v1.sv2JobId());
        assertEquals(1_700_000_000, v1.ntime());
        assertEquals(0x1d00ffff, v1.nbits());
        assertEquals("0100aacafe00010000", HEX.formatHex(v1.coinbase1()),
                "coinbase_tx_prefix + extranonce_prefix + 2 bytes of padding");
        assertEquals(8, v1.extranonceSize());
        assertEquals(2, v1.extranoncePadding());
        assertEquals(2, v1.extranonce1Size(4), "8 bytes = 2 padding + 2 extranonce1 + 4 extranonce2");
        assertEquals("ffbb", HEX.formatHex(v1.coinbase2()));
        assertEquals(2, v1.merklePath().size());
        assertArrayEquals(HEX.parseHex("33".repeat(31) + "00"), v1.prevHash(), "header order kept");
        assertEquals(v1, t.book().get(v1.v1JobId()));
    }

    @Test
    void everyJobKnowsItsPrevHashTimeAndWhenThatCameForTheNtimeWindow() {
        long[] clock = {7_000_000_000L};
        JobTranslator t = new JobTranslator(PREFIX, 8, 2, new java.util.concurrent.atomic.AtomicLong(), () -> clock[0]);
        t.onNewExtendedMiningJob(job(1, OptionalInt.empty()));
        V1Job first = t.onSetNewPrevHash(prevHash(1, 1000)).orElseThrow();
        clock[0] += 30_000_000_000L;
        V1Job update = t.onNewExtendedMiningJob(job(2, OptionalInt.of(1100))).orElseThrow();
        for (V1Job j : new V1Job[] {first, update}) {
            assertEquals(1000, j.prevHashNtime(), "the SetNewPrevHash's min_ntime");
            assertEquals(7_000_000_000L, j.prevHashReceivedNanos(), "when it came, not when the job did");
        }
        assertEquals(1030, first.latestNtime(clock[0]), "prevhash time + 30 s");
        assertEquals(1100, update.latestNtime(clock[0]), "the job's own later min_ntime is never refused");
        assertEquals(1101, update.latestNtime(clock[0] + 71_000_000_000L), "then the prevhash clock catches up");
    }

    @Test
    void activeJobsJoinTheBookAndANewPrevHashEmptiesIt() {
        JobTranslator t = new JobTranslator(PREFIX, 8, 2, new java.util.concurrent.atomic.AtomicLong());
        t.onNewExtendedMiningJob(job(1, OptionalInt.empty()));
        V1Job first = t.onSetNewPrevHash(prevHash(1, 1000)).orElseThrow();
        V1Job update = t.onNewExtendedMiningJob(job(2, OptionalInt.of(1005))).orElseThrow();
        assertFalse(update.cleanJobs());
        assertEquals(1005, update.ntime());
        assertEquals(2, t.book().size());

        t.onNewExtendedMiningJob(job(3, OptionalInt.empty()));
        V1Job next = t.onSetNewPrevHash(prevHash(3, 2000)).orElseThrow();
        assertNull(t.book().get(first.v1JobId()), "stale after the new prevhash");
        assertNull(t.book().get(update.v1JobId()));
        assertNotNull(t.book().get(next.v1JobId()));
        assertTrue(next.epoch() > first.epoch());
    }

    @Test
    void setExtranoncePrefixChangesOnlyLaterJobs() {
        JobTranslator t = new JobTranslator(PREFIX, 8, 2, new java.util.concurrent.atomic.AtomicLong());
        t.onNewExtendedMiningJob(job(1, OptionalInt.empty()));
        V1Job before = t.onSetNewPrevHash(prevHash(1, 1000)).orElseThrow();
        t.setExtranoncePrefix(HEX.parseHex("cafe000203"), 7, 1);
        V1Job after = t.onNewExtendedMiningJob(job(2, OptionalInt.of(1000))).orElseThrow();
        assertEquals("0100aacafe00010000", HEX.formatHex(before.coinbase1()));
        assertEquals("0100aacafe00020300", HEX.formatHex(after.coinbase1()), "a longer prefix, less padding");
        assertEquals(2, before.extranonce1Size(4));
        assertEquals(2, after.extranonce1Size(4), "the miners' extranonce1 is unchanged");
        assertNotNull(t.book().get(before.v1JobId()), "the older job stays valid with its own prefix");
    }

    @Test
    void jobIdsAreUniqueAcrossChannelsSharingTheSource() {
        var ids = new java.util.concurrent.atomic.AtomicLong();
        JobTranslator lost = new JobTranslator(PREFIX, 8, 2, ids);
        JobTranslator next = new JobTranslator(PREFIX, 8, 2, ids);
        lost.onNewExtendedMiningJob(job(1, OptionalInt.empty()));
        next.onNewExtendedMiningJob(job(1, OptionalInt.empty()));
        V1Job a = lost.onSetNewPrevHash(prevHash(1, 1000)).orElseThrow();
        V1Job b = next.onSetNewPrevHash(prevHash(1, 1000)).orElseThrow();
        assertFalse(a.v1JobId().equals(b.v1JobId()), "a share on the lost channel's job can never match the new one");
        assertNull(next.book().get(a.v1JobId()));
    }

    @Test
    void badSequencesFromThePoolLoseNothingAndGrowNothing() {
        JobTranslator t = new JobTranslator(PREFIX, 8, 2, new java.util.concurrent.atomic.AtomicLong());
        assertTrue(t.onNewExtendedMiningJob(job(1, OptionalInt.of(5))).isEmpty(), "active job before any prevhash");
        assertTrue(t.onSetNewPrevHash(prevHash(99, 10)).isEmpty(), "prevhash naming an unknown job");
        assertEquals(0, t.book().size());
        for (int i = 0; i < 1000; i++) {
            t.onNewExtendedMiningJob(job(100 + i, OptionalInt.empty()));
        }
        assertTrue(t.onSetNewPrevHash(prevHash(100, 10)).isEmpty(), "old future jobs were dropped, not hoarded");
        assertTrue(t.onSetNewPrevHash(prevHash(1099, 10)).isEmpty(), "futures are cleared by every prevhash");
        t.onNewExtendedMiningJob(job(2000, OptionalInt.empty()));
        t.onSetNewPrevHash(prevHash(2000, 10)).orElseThrow();
        for (int i = 0; i < 100; i++) {
            t.onNewExtendedMiningJob(job(3000 + i, OptionalInt.of(10)));
        }
        assertEquals(JobBook.MAX_JOBS, t.book().size(), "the book keeps the newest jobs only");
    }
}
