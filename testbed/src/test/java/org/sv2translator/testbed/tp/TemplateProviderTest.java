package org.sv2translator.testbed.tp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.sv2translator.bitcoin.BlockHeader;
import org.sv2translator.bitcoin.Merkle;
import org.sv2translator.bitcoin.Sha256d;
import org.sv2translator.bitcoin.Target;
import org.sv2translator.v2.message.CoinbaseOutputConstraints;
import org.sv2translator.v2.message.NewTemplate;
import org.sv2translator.v2.message.RequestTransactionData;
import org.sv2translator.v2.message.RequestTransactionDataError;
import org.sv2translator.v2.message.RequestTransactionDataSuccess;
import org.sv2translator.v2.message.SetupConnection;
import org.sv2translator.v2.message.SetupConnectionError;
import org.sv2translator.v2.message.SetupConnectionSuccess;
import org.sv2translator.v2.message.SubmitSolution;
import org.sv2translator.v2.message.TemplateDistributionSetNewPrevHash;
import org.sv2translator.v2.wire.Bytes;
import org.sv2translator.v2.wire.U256;

/**
 * The Template Provider end to end, as a pool uses it: setup for protocol 2, the first template and its prevhash,
 * the transactions behind the template (checked against its merkle path and witness commitment), a solution that
 * becomes the next tip, refusals, template updates, and the unencrypted mode.
 */
class TemplateProviderTest {
    /** Low enough that a few hundred nonces find a block, so a test can mine one. */
    private static final double EASY_NETWORK = 1e-7;
    /** A pool's payout output: P2WPKH, 31 bytes serialized, no sigops of the legacy kind. */
    private static final byte[] PAYOUT_SCRIPT = HexFormat.of().parseHex("0014" + "ab".repeat(20));

    private TemplateProvider tp;

    @AfterEach
    void stop() {
        if (tp != null) {
            tp.close();
        }
    }

    private TemplateProvider start(TemplateProviderConfig config) throws Exception {
        tp = new TemplateProvider(config, null, 1, 42).start(new InetSocketAddress("127.0.0.1", 0));
        return tp;
    }

    private static TemplateProviderConfig quiet() {
        // Clocks far beyond a test's length: the test drives blocks and updates itself.
        return TemplateProviderConfig.defaults().withBlockInterval(Duration.ofHours(1))
                .withTemplateInterval(Duration.ofHours(1)).withNetworkDifficulty(EASY_NETWORK);
    }

    static SetupConnection setup(int protocol) {
        return new SetupConnection(protocol, 2, 2, 0, "127.0.0.1", 8442, "sv2-translator tests", "", "", "");
    }

    @Test
    void aPoolSetsUpGetsATemplateAndItsTransactionsAndItsSolutionBecomesTheNextTip() throws Exception {
        start(quiet());
        try (TdpTestClient pool = new TdpTestClient(tp.localAddress(), tp.authorityPublicKey())) {
            pool.send(setup(SetupConnection.PROTOCOL_TEMPLATE_DISTRIBUTION));
            assertEquals(new SetupConnectionSuccess(2, 0), pool.next(SetupConnectionSuccess.class));
            pool.send(new CoinbaseOutputConstraints(31, 0));

            // Spec 7 / 7.3: the best template at once, as a future one, then the prevhash that activates it.
            NewTemplate template = pool.next(NewTemplate.class);
            assertTrue(template.futureTemplate());
            TemplateDistributionSetNewPrevHash prevHash = pool.next(TemplateDistributionSetNewPrevHash.class);
            assertEquals(template.templateId(), prevHash.templateId());
            assertEquals(Target.fromNBits(prevHash.nbits()).toLittleEndian().length, 32);
            assertArrayEquals(Target.fromNBits(prevHash.nbits()).toLittleEndian(), prevHash.target().toLittleEndian());
            assertEquals(1, template.coinbaseTxOutputsCount());
            assertEquals(312_500_000L, TemplateBuilder.subsidy(tp.height()), "height 900000 is in the 4th era");
            assertTrue(template.coinbaseTxValueRemaining() > 312_500_000L, "subsidy plus fees");
            assertArrayEquals(TemplateBuilder.bip34HeightPush(tp.height()), template.coinbasePrefix().toByteArray());
            assertTrue(template.coinbasePrefix().size() <= 8, "spec 7.2: up to 8 bytes");

            // The transactions behind the template hash to its merkle path and witness commitment.
            pool.send(new RequestTransactionData(template.templateId()));
            RequestTransactionDataSuccess data = pool.next(RequestTransactionDataSuccess.class);
            assertEquals(template.templateId(), data.templateId());
            assertEquals(3000, data.transactionList().size(), "the whole mempool fits a block");
            List<byte[]> txids = new ArrayList<>(List.of(new byte[32]));
            List<byte[]> wtxids = new ArrayList<>(List.of(new byte[32]));
            for (Bytes tx : data.transactionList()) {
                ParsedTransaction parsed = ParsedTransaction.parse(tx.toByteArray());
                assertTrue(parsed.segwit());
                txids.add(Sha256d.of(parsed.stripped()));
                wtxids.add(Sha256d.of(tx.toByteArray()));
            }
            assertEquals(Merkle.coinbasePath(txids).toList().stream().map(U256::fromLittleEndian).toList(),
                    template.merklePath());
            assertEquals(12, template.merklePath().size(), "3001 transactions: 12 levels");
            byte[] commitment = new Sha256d().update(Merkle.rootOfTxids(wtxids)).update(new byte[32]).digest();
            assertArrayEquals(TemplateBuilder.witnessCommitmentOutput(commitment),
                    template.coinbaseTxOutputs().toByteArray());

            // A header that misses the target is refused; one that meets it is a block and the next tip.
            byte[] coinbase = coinbase(template, "/pool/".getBytes(), template.coinbaseTxValueRemaining());
            int version = template.version() | 0x00ffe000; // version rolling inside the BIP320 mask
            int time = prevHash.headerTimestamp();
            pool.send(new SubmitSolution(template.templateId(), version, time,
                    nonce(template, prevHash, coinbase, version, false), Bytes.of(coinbase)));
            int found = nonce(template, prevHash, coinbase, version, true);
            pool.send(new SubmitSolution(template.templateId(), version, time, found, Bytes.of(coinbase)));

            NewTemplate next = pool.await(NewTemplate.class);
            assertTrue(next.futureTemplate());
            assertTrue(next.templateId() > template.templateId(), "template ids strictly increase");
            TemplateDistributionSetNewPrevHash nextPrevHash = pool.next(TemplateDistributionSetNewPrevHash.class);
            byte[] blockHash = header(template, prevHash, coinbase, version, found).hash();
            assertArrayEquals(blockHash, nextPrevHash.prevHash().toLittleEndian(), "the found block is the tip");
            List<SubmittedSolution> solutions = tp.solutions();
            assertEquals(2, solutions.size());
            assertEquals("high-hash", solutions.get(0).reason());
            assertTrue(solutions.get(1).accepted(), solutions.get(1).toString());
            assertEquals(900_000, solutions.get(1).height());
            assertEquals(900_001, tp.height());
            assertArrayEquals(TemplateBuilder.bip34HeightPush(900_001), next.coinbasePrefix().toByteArray());

            // The old template is stale now; a template never sent is unknown.
            pool.send(new RequestTransactionData(template.templateId()));
            assertEquals(new RequestTransactionDataError(template.templateId(), "stale-template-id"),
                    pool.next(RequestTransactionDataError.class));
            pool.send(new RequestTransactionData(999_999));
            assertEquals(new RequestTransactionDataError(999_999, "template-id-not-found"),
                    pool.next(RequestTransactionDataError.class));
        }
    }

    @Test
    void solutionsThatBreakTheTemplatesRulesAreRefusedWithTheReason() throws Exception {
        start(quiet());
        try (TdpTestClient pool = new TdpTestClient(tp.localAddress(), tp.authorityPublicKey())) {
            pool.send(setup(SetupConnection.PROTOCOL_TEMPLATE_DISTRIBUTION));
            pool.next(SetupConnectionSuccess.class);
            pool.send(new CoinbaseOutputConstraints(31, 0));
            NewTemplate t = pool.next(NewTemplate.class);
            TemplateDistributionSetNewPrevHash p = pool.next(TemplateDistributionSetNewPrevHash.class);
            long value = t.coinbaseTxValueRemaining();
            byte[] good = coinbase(t, new byte[4], value);
            int time = p.headerTimestamp();

            byte[] overpaying = coinbase(t, new byte[4], value + 1);
            submitMined(pool, t, p, overpaying, t.version(), time);
            byte[] withoutWitness = strip(good);
            submitMined(pool, t, p, withoutWitness, t.version(), time);
            byte[] otherPrefix = coinbase(withPrefix(t, new byte[] {3, 1, 2, 3}), new byte[4], value);
            submitMined(pool, t, p, otherPrefix, t.version(), time);
            submitMined(pool, t, p, good, t.version() ^ 0x00000004, time); // a bit outside the BIP320 mask
            submitMined(pool, t, p, good, t.version(), time - 1);
            pool.send(new SubmitSolution(t.templateId() + 1000, t.version(), time, 0, Bytes.of(good)));

            waitForSolutions(6);
            List<String> reasons = tp.solutions().stream().map(SubmittedSolution::reason).toList();
            assertTrue(reasons.get(0).startsWith("bad-coinbase: outputs pay"), reasons.get(0));
            assertTrue(reasons.get(1).startsWith("bad-coinbase: no witness"), reasons.get(1));
            assertEquals("bad-coinbase: scriptSig does not start with coinbase_prefix", reasons.get(2));
            assertTrue(reasons.get(3).startsWith("bad-version"), reasons.get(3));
            assertTrue(reasons.get(4).startsWith("time-too-old"), reasons.get(4));
            assertEquals("unknown-template-id", reasons.get(5));
            assertTrue(tp.solutions().stream().noneMatch(SubmittedSolution::accepted));
            assertEquals(900_000, tp.height(), "no block");
        }
    }

    @Test
    void theMempoolGrowingSendsAnActiveTemplateAndANewBlockAFutureOneWithItsPrevHash() throws Exception {
        start(quiet().withTransactionCount(200).withTransactionsPerUpdate(20));
        try (TdpTestClient pool = new TdpTestClient(tp.localAddress(), tp.authorityPublicKey())) {
            pool.send(setup(SetupConnection.PROTOCOL_TEMPLATE_DISTRIBUTION));
            pool.next(SetupConnectionSuccess.class);
            pool.send(new CoinbaseOutputConstraints(31, 0));
            NewTemplate first = pool.next(NewTemplate.class);
            TemplateDistributionSetNewPrevHash prevHash = pool.next(TemplateDistributionSetNewPrevHash.class);

            tp.mempoolUpdate();
            NewTemplate update = pool.next(NewTemplate.class);
            assertFalse(update.futureTemplate(), "spec 7.2: builds on the last SetNewPrevHash");
            assertTrue(update.coinbaseTxValueRemaining() > first.coinbaseTxValueRemaining(), "more fees");
            assertArrayEquals(first.coinbasePrefix().toByteArray(), update.coinbasePrefix().toByteArray());
            pool.send(new RequestTransactionData(update.templateId()));
            assertEquals(220, pool.next(RequestTransactionDataSuccess.class).transactionList().size());

            tp.newBlock();
            NewTemplate future = pool.next(NewTemplate.class);
            assertTrue(future.futureTemplate());
            TemplateDistributionSetNewPrevHash next = pool.next(TemplateDistributionSetNewPrevHash.class);
            assertEquals(future.templateId(), next.templateId());
            assertFalse(next.prevHash().equals(prevHash.prevHash()));
            assertTrue(Integer.compareUnsigned(next.headerTimestamp(), prevHash.headerTimestamp()) > 0);
        }
    }

    @Test
    void unencryptedWhenConfiguredSo() throws Exception {
        start(quiet().withEncryption(false));
        try (TdpTestClient pool = new TdpTestClient(tp.localAddress(), null)) {
            pool.send(setup(SetupConnection.PROTOCOL_TEMPLATE_DISTRIBUTION));
            pool.next(SetupConnectionSuccess.class);
            pool.send(new CoinbaseOutputConstraints(31, 0));
            NewTemplate t = pool.next(NewTemplate.class);
            pool.next(TemplateDistributionSetNewPrevHash.class);
            // About 700 kB: one frame well above the plain decoder's default limit and Noise's 64 kB chunks.
            pool.send(new RequestTransactionData(t.templateId()));
            assertEquals(3000, pool.next(RequestTransactionDataSuccess.class).transactionList().size());
        }
    }

    @Test
    void otherProtocolsAndVersionsAreRefusedAndTemplatesWaitForTheConstraints() throws Exception {
        start(quiet());
        try (TdpTestClient miner = new TdpTestClient(tp.localAddress(), tp.authorityPublicKey())) {
            miner.send(setup(SetupConnection.PROTOCOL_MINING));
            assertEquals(new SetupConnectionError(0, "unsupported-protocol"), miner.next(SetupConnectionError.class));
            assertTrue(miner.awaitClosed());
        }
        try (TdpTestClient old = new TdpTestClient(tp.localAddress(), tp.authorityPublicKey())) {
            old.send(new SetupConnection(2, 1, 1, 0, "", 0, "", "", "", ""));
            assertEquals("protocol-version-mismatch", old.next(SetupConnectionError.class).errorCode());
        }
        try (TdpTestClient early = new TdpTestClient(tp.localAddress(), tp.authorityPublicKey())) {
            early.send(new CoinbaseOutputConstraints(31, 0));
            assertTrue(early.awaitClosed(), "nothing before SetupConnection");
        }
        try (TdpTestClient pool = new TdpTestClient(tp.localAddress(), tp.authorityPublicKey())) {
            pool.send(setup(SetupConnection.PROTOCOL_TEMPLATE_DISTRIBUTION));
            pool.next(SetupConnectionSuccess.class);
            tp.newBlock();
            tp.mempoolUpdate();
            pool.send(new RequestTransactionData(1));
            // Nothing was sent before CoinbaseOutputConstraints: the first message is the answer to this request.
            assertEquals("template-id-not-found", pool.next(RequestTransactionDataError.class).errorCode());
        }
    }

    /**
     * A SetupConnection with every device string empty, as the Stratum reference pool (pool_sv2 0.5.0) sends it to
     * its Template Provider although spec 3.6.1 says vendor MUST be set: refusing it would lock that pool out.
     */
    @Test
    void aSetupConnectionWithEmptyDeviceStringsIsAccepted() throws Exception {
        start(quiet().withTransactionCount(10));
        try (TdpTestClient pool = new TdpTestClient(tp.localAddress(), tp.authorityPublicKey())) {
            pool.send(new SetupConnection(SetupConnection.PROTOCOL_TEMPLATE_DISTRIBUTION, 2, 2, 0, "127.0.0.1", 8442,
                    "", "", "", ""));
            assertEquals(new SetupConnectionSuccess(2, 0), pool.next(SetupConnectionSuccess.class));
            pool.send(new CoinbaseOutputConstraints(74, 5));
            assertTrue(pool.next(NewTemplate.class).futureTemplate());
        }
    }

    private void waitForSolutions(int n) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (tp.solutions().size() < n && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(n, tp.solutions().size(), tp.solutions().toString());
    }

    /** Mines the header (so only the broken rule can refuse it) and submits it. */
    private static void submitMined(TdpTestClient pool, NewTemplate t, TemplateDistributionSetNewPrevHash p,
                                    byte[] coinbase, int version, int time) {
        TemplateDistributionSetNewPrevHash at = new TemplateDistributionSetNewPrevHash(p.templateId(), p.prevHash(),
                time, p.nbits(), p.target());
        pool.send(new SubmitSolution(t.templateId(), version, time, nonce(t, at, coinbase, version, true),
                Bytes.of(coinbase)));
    }

    private static NewTemplate withPrefix(NewTemplate t, byte[] prefix) {
        return new NewTemplate(t.templateId(), t.futureTemplate(), t.version(), t.coinbaseTxVersion(),
                Bytes.of(prefix), t.coinbaseTxInputSequence(), t.coinbaseTxValueRemaining(),
                t.coinbaseTxOutputsCount(), t.coinbaseTxOutputs(), t.coinbaseTxLocktime(), t.merklePath());
    }

    /**
     * The coinbase a pool builds from a template (spec 7.2): its version, one null input whose scriptSig is the
     * template's prefix then the pool's bytes, the pool's payout then the template's outputs, the BIP141 witness
     * (the 32-byte reserved value), the template's lock time.
     */
    static byte[] coinbase(NewTemplate t, byte[] poolBytes, long payout) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        LittleEndian.u32(out, t.coinbaseTxVersion());
        out.write(0x00); // marker
        out.write(0x01); // flag
        out.write(1);
        out.writeBytes(new byte[32]);
        LittleEndian.u32(out, -1);
        byte[] prefix = t.coinbasePrefix().toByteArray();
        out.write(prefix.length + poolBytes.length);
        out.writeBytes(prefix);
        out.writeBytes(poolBytes);
        LittleEndian.u32(out, t.coinbaseTxInputSequence());
        out.write(1 + t.coinbaseTxOutputsCount());
        LittleEndian.u64(out, payout);
        out.write(PAYOUT_SCRIPT.length);
        out.writeBytes(PAYOUT_SCRIPT);
        out.writeBytes(t.coinbaseTxOutputs().toByteArray());
        out.write(1); // one witness item
        out.write(32);
        out.writeBytes(new byte[32]);
        LittleEndian.u32(out, t.coinbaseTxLocktime());
        return out.toByteArray();
    }

    /** The same transaction without its BIP141 fields. */
    static byte[] strip(byte[] segwitTx) throws Exception {
        ParsedTransaction p = ParsedTransaction.parse(segwitTx);
        return p.stripped();
    }

    static BlockHeader header(NewTemplate t, TemplateDistributionSetNewPrevHash p, byte[] coinbase, int version,
                              int nonce) {
        byte[] root;
        try {
            root = Sha256d.of(strip(coinbase));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        for (U256 node : t.merklePath()) {
            root = new Sha256d().update(root).update(node.toLittleEndian()).digest();
        }
        return new BlockHeader(version, p.prevHash().toLittleEndian(), root, p.headerTimestamp(), p.nbits(), nonce);
    }

    /** The first nonce whose header meets (or, with {@code meets} false, misses) the prevhash's target. */
    static int nonce(NewTemplate t, TemplateDistributionSetNewPrevHash p, byte[] coinbase, int version,
                     boolean meets) {
        Target target = Target.fromLittleEndian(p.target().toLittleEndian());
        for (int nonce = 0; nonce < 10_000_000; nonce++) {
            if (target.isMetBy(header(t, p, coinbase, version, nonce).hash()) == meets) {
                return nonce;
            }
        }
        throw new AssertionError("no nonce found");
    }

    @Test
    void theCoinbaseHelperBuildsWhatTheCheckAccepts() throws Exception {
        ChainTip tip = new ChainTip(0, 900_000, new byte[32], 0x1d00ffff, Target.fromNBits(0x1d00ffff), 0,
                List.of());
        ProvidedTemplate t = TemplateBuilder.build(tip, new CoinbaseOutputConstraints(31, 0), 1, true);
        byte[] cb = coinbase(t.message(), new byte[8], t.message().coinbaseTxValueRemaining());
        assertNull(SolutionCheck.coinbaseError(t.message(), ParsedTransaction.parse(cb)));
        assertTrue(Arrays.equals(strip(cb), ParsedTransaction.parse(strip(cb)).stripped()));
    }
}
