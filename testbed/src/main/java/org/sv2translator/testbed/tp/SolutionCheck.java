package org.sv2translator.testbed.tp;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.sv2translator.bitcoin.BlockHeader;
import org.sv2translator.bitcoin.Sha256d;
import org.sv2translator.v2.message.NewTemplate;
import org.sv2translator.v2.message.SubmitSolution;
import org.sv2translator.v2.wire.U256;

/**
 * Rebuilds the block a SubmitSolution claims (spec 7.7) and checks it the way a node would before broadcasting: the
 * coinbase against the template's rules (spec 7.2, 3.7), the header's version bits and time, and the hash against
 * the target. Written from the spec; it shares nothing with the pool's share validation.
 */
final class SolutionCheck {
    /** BIP320: the header version bits a miner may roll; all others must be the template's. */
    static final int VERSION_ROLLING_MASK = 0x1fffe000;
    /** Consensus: a block's time may be at most two hours ahead of the node's clock. */
    static final int MAX_FUTURE_SECONDS = 2 * 60 * 60;

    /** The verdict, and the block's hash in wire order when it was accepted (the next tip's prev hash). */
    record Verdict(SubmittedSolution solution, byte[] blockHash) {
    }

    private SolutionCheck() {
    }

    /**
     * @param template        the template the solution names
     * @param current         the chain tip now
     * @param prevHashTimestamp the header_timestamp of the SetNewPrevHash the client last got for this tip
     * @param nowSeconds      the node's clock
     */
    static Verdict check(ProvidedTemplate template, SubmitSolution solution, ChainTip current, int prevHashTimestamp,
                         long nowSeconds) {
        ChainTip tip = template.tip();
        int height = tip.height();
        if (tip.tipId() != current.tipId()) {
            return refuse(solution, "stale-template: built on a block that is no longer the tip", height);
        }
        NewTemplate t = template.message();
        ParsedTransaction coinbase;
        try {
            coinbase = ParsedTransaction.parse(solution.coinbaseTx().toByteArray());
        } catch (ParsedTransaction.MalformedTransactionException e) {
            return refuse(solution, "bad-coinbase: " + e.getMessage(), height);
        }
        String coinbaseError = coinbaseError(t, coinbase);
        if (coinbaseError != null) {
            return refuse(solution, "bad-coinbase: " + coinbaseError, height);
        }
        if (((solution.version() ^ t.version()) & ~VERSION_ROLLING_MASK) != 0) {
            return refuse(solution, "bad-version: bits outside the BIP320 mask differ from the template's", height);
        }
        long time = Integer.toUnsignedLong(solution.headerTimestamp());
        if (time < Integer.toUnsignedLong(prevHashTimestamp)) {
            return refuse(solution, "time-too-old: before SetNewPrevHash.header_timestamp", height);
        }
        if (time > nowSeconds + MAX_FUTURE_SECONDS) {
            return refuse(solution, "time-too-new", height);
        }
        byte[] root = Sha256d.of(coinbase.stripped());
        for (U256 node : t.merklePath()) {
            root = new Sha256d().update(root).update(node.toLittleEndian()).digest();
        }
        BlockHeader header = new BlockHeader(solution.version(), tip.prevHash(), root, solution.headerTimestamp(),
                tip.nbits(), solution.headerNonce());
        byte[] hash = header.hash();
        String display = displayHex(hash);
        if (!tip.target().isMetBy(hash)) {
            return new Verdict(new SubmittedSolution(solution.templateId(), false, "high-hash", display, height),
                    null);
        }
        return new Verdict(new SubmittedSolution(solution.templateId(), true, null, display, height), hash);
    }

    /** Why this coinbase cannot go with the template, or null if it can. */
    static String coinbaseError(NewTemplate t, ParsedTransaction cb) {
        if (cb.version() != t.coinbaseTxVersion()) {
            return "version " + cb.version() + ", template says " + t.coinbaseTxVersion();
        }
        if (cb.inputs().size() != 1) {
            return cb.inputs().size() + " inputs";
        }
        ParsedTransaction.Input in = cb.inputs().get(0);
        if (!Arrays.equals(in.prevTxid(), new byte[32]) || in.prevIndex() != -1) {
            return "the input is not the null outpoint";
        }
        byte[] scriptSig = in.scriptSig();
        byte[] prefix = t.coinbasePrefix().toByteArray();
        if (scriptSig.length < 2 || scriptSig.length > 100) {
            return "scriptSig of " + scriptSig.length + " bytes (consensus: 2..100)";
        }
        if (scriptSig.length < prefix.length || !Arrays.equals(scriptSig, 0, prefix.length, prefix, 0, prefix.length)) {
            return "scriptSig does not start with coinbase_prefix";
        }
        if (in.sequence() != t.coinbaseTxInputSequence()) {
            return "input sequence differs from coinbase_tx_input_sequence";
        }
        if (cb.lockTime() != t.coinbaseTxLocktime()) {
            return "lock time differs from coinbase_tx_locktime";
        }
        // Spec 7.2: the template's outputs are the last ones, byte for byte.
        byte[] all = cb.outputBytes();
        byte[] tail = t.coinbaseTxOutputs().toByteArray();
        if (cb.outputs().size() < Integer.toUnsignedLong(t.coinbaseTxOutputsCount()) || all.length < tail.length
                || !Arrays.equals(all, all.length - tail.length, all.length, tail, 0, tail.length)) {
            return "the template's coinbase_tx_outputs are not its last outputs";
        }
        long total = 0;
        for (ParsedTransaction.Output o : cb.outputs()) {
            total += o.value();
            if (o.value() < 0 || total < 0) {
                return "output value out of range";
            }
        }
        if (Long.compareUnsigned(total, t.coinbaseTxValueRemaining()) > 0) {
            return "outputs pay " + total + " sat, coinbase_tx_value_remaining is "
                    + Long.toUnsignedString(t.coinbaseTxValueRemaining());
        }
        // Spec 7.7 and 3.7.3: the coinbase comes with its BIP141 witness, the 32-byte reserved value.
        if (!cb.segwit()) {
            return "no witness: the template commits to witnesses, so the coinbase must carry its reserved value";
        }
        List<byte[]> witness = cb.witnesses().get(0);
        if (witness.size() != 1 || !Arrays.equals(witness.get(0), TemplateBuilder.WITNESS_RESERVED_VALUE)) {
            return "the coinbase witness is not the 32-byte reserved value";
        }
        return null;
    }

    private static Verdict refuse(SubmitSolution s, String reason, int height) {
        return new Verdict(new SubmittedSolution(s.templateId(), false, reason, null, height), null);
    }

    private static String displayHex(byte[] wireHash) {
        byte[] reversed = new byte[wireHash.length];
        for (int i = 0; i < wireHash.length; i++) {
            reversed[i] = wireHash[wireHash.length - 1 - i];
        }
        return HexFormat.of().formatHex(reversed);
    }
}
