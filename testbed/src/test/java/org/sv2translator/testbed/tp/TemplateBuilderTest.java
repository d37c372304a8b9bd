package org.sv2translator.testbed.tp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.sv2translator.bitcoin.Target;
import org.sv2translator.v2.message.CoinbaseOutputConstraints;

/** Spec 7.1's reservations, and the made-up transactions' own consistency. */
class TemplateBuilderTest {
    private static final Random RANDOM = new Random(7);
    private static final List<MempoolTransaction> MEMPOOL = mempool(3000);

    private static List<MempoolTransaction> mempool(int n) {
        List<MempoolTransaction> txs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            txs.add(MempoolTransaction.random(RANDOM));
        }
        return txs;
    }

    private static ChainTip tip(List<MempoolTransaction> mempool) {
        return new ChainTip(0, 900_000, new byte[32], 0x1d00ffff, Target.fromNBits(0x1d00ffff), 0, mempool);
    }

    @Test
    void theReservationFollowsSpec71WithBitcoinCoresFloor() {
        assertEquals(1168 + 4 * 1000, TemplateBuilder.reservedWeight(new CoinbaseOutputConstraints(1000, 0)));
        assertEquals(2000, TemplateBuilder.reservedWeight(new CoinbaseOutputConstraints(31, 0)), "the 2000 WU floor");
        assertEquals(1168 + 4 * 0xFFFFFFFFL, TemplateBuilder.reservedWeight(new CoinbaseOutputConstraints(-1, 0)),
                "the U32 is unsigned");
    }

    @Test
    void aLargerReservationLeavesOutTransactionsAndTheBlockStaysWithinItsLimits() {
        ProvidedTemplate roomy = TemplateBuilder.build(tip(MEMPOOL), new CoinbaseOutputConstraints(31, 0), 1, true);
        assertEquals(3000, roomy.transactions().size());
        CoinbaseOutputConstraints big = new CoinbaseOutputConstraints(800_000, 0);
        ProvidedTemplate tight = TemplateBuilder.build(tip(MEMPOOL), big, 2, true);
        assertTrue(tight.transactions().size() < 3000, tight.transactions().size() + " transactions");
        assertTrue(tight.weight() <= TemplateBuilder.MAX_BLOCK_WEIGHT, "weight " + tight.weight());
        assertTrue(tight.weight() > TemplateBuilder.MAX_BLOCK_WEIGHT - 2000, "filled up to the reservation");
        assertTrue(tight.message().coinbaseTxValueRemaining() < roomy.message().coinbaseTxValueRemaining(),
                "fewer fees");

        CoinbaseOutputConstraints sigops = new CoinbaseOutputConstraints(31, 19_500);
        ProvidedTemplate few = TemplateBuilder.build(tip(MEMPOOL), sigops, 3, true);
        int cost = few.transactions().stream().mapToInt(MempoolTransaction::sigopCost).sum();
        assertTrue(cost <= 80_000 - 4 * 19_500, "sigop cost " + cost);
        assertTrue(few.transactions().size() < 3000);

        assertNull(TemplateBuilder.build(tip(MEMPOOL), new CoinbaseOutputConstraints(1_000_000, 0), 4, true),
                "4 MWU of outputs cannot fit any block");
    }

    @Test
    void anEmptyMempoolGivesAnEmptyPathAndTheCommitmentOfTheCoinbaseAlone() {
        ProvidedTemplate t = TemplateBuilder.build(tip(List.of()), new CoinbaseOutputConstraints(31, 0), 1, false);
        assertEquals(List.of(), t.message().merklePath());
        assertEquals(TemplateBuilder.subsidy(900_000), t.message().coinbaseTxValueRemaining());
        // BIP141 with only the coinbase: the witness root is its wtxid, taken as zero.
        byte[] commitment = new org.sv2translator.bitcoin.Sha256d().update(new byte[32]).update(new byte[32]).digest();
        assertArrayEquals(TemplateBuilder.witnessCommitmentOutput(commitment),
                t.message().coinbaseTxOutputs().toByteArray());
    }

    @Test
    void bip34HeightsAndTheSubsidySchedule() {
        assertArrayEquals(new byte[] {3, (byte) 0xa0, (byte) 0xbb, 0x0d}, TemplateBuilder.bip34HeightPush(900_000));
        assertArrayEquals(new byte[] {2, (byte) 0x80, 0x00}, TemplateBuilder.bip34HeightPush(128), "sign byte");
        assertEquals(5_000_000_000L, TemplateBuilder.subsidy(1));
        assertEquals(312_500_000L, TemplateBuilder.subsidy(840_000));
        assertEquals(156_250_000L, TemplateBuilder.subsidy(1_050_000));
    }

    @Test
    void madeUpTransactionsAreConsistentSegwitTransactions() throws Exception {
        for (MempoolTransaction tx : MEMPOOL.subList(0, 50)) {
            ParsedTransaction p = ParsedTransaction.parse(tx.raw());
            assertTrue(p.segwit());
            assertArrayEquals(org.sv2translator.bitcoin.Sha256d.of(p.stripped()), tx.txid());
            assertArrayEquals(org.sv2translator.bitcoin.Sha256d.of(tx.raw()), tx.wtxid());
            assertEquals(3 * p.stripped().length + tx.raw().length, tx.weight());
            assertEquals(p.inputs().size(), tx.sigopCost());
            assertEquals(2, p.outputs().size());
            int vsize = (tx.weight() + 3) / 4;
            assertTrue(tx.fee() >= vsize && tx.fee() <= 60L * vsize, "1..60 sat/vB");
        }
    }
}
