package org.sv2translator.testbed.tp;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import org.sv2translator.bitcoin.Merkle;
import org.sv2translator.bitcoin.Sha256d;
import org.sv2translator.v2.message.CoinbaseOutputConstraints;
import org.sv2translator.v2.message.NewTemplate;
import org.sv2translator.v2.wire.Bytes;
import org.sv2translator.v2.wire.U256;

/**
 * Turns a {@link ChainTip} and one client's {@link CoinbaseOutputConstraints} into a NewTemplate (spec 7.1-7.2):
 * transactions chosen so the block stays within consensus limits once the client adds its outputs and a 100-byte
 * scriptSig, the witness commitment as the template's one coinbase output, and the coinbase's merkle path.
 */
final class TemplateBuilder {
    /** BIP141 block weight limit. */
    static final long MAX_BLOCK_WEIGHT = 4_000_000;
    /** BIP141 block sigop cost limit (the spec's "80_000"). */
    static final long MAX_BLOCK_SIGOPS_COST = 80_000;
    /**
     * Spec 7.1, SegWit block: header 320 + transaction count 12 + coinbase fixed fields 236 + scriptSig 400 + output
     * count 12 + witness commitment output 188 weight units.
     */
    static final long SEGWIT_FIXED_RESERVATION = 1168;
    /** Spec 7.1: Bitcoin Core never reserves less than this. */
    static final long MIN_RESERVATION = 2000;
    static final int BLOCK_VERSION = 0x20000000;
    static final int COINBASE_TX_VERSION = 2;
    static final int COINBASE_INPUT_SEQUENCE = 0xffffffff;
    static final int COINBASE_LOCK_TIME = 0;
    /** BIP141: OP_RETURN, push 36, the commitment header aa21a9ed; the 32-byte commitment follows. */
    static final byte[] WITNESS_COMMITMENT_HEADER = {0x6a, 0x24, (byte) 0xaa, 0x21, (byte) 0xa9, (byte) 0xed};
    /** BIP141: the coinbase witness, whose one item the commitment is computed with; zeros (spec 7.2). */
    static final byte[] WITNESS_RESERVED_VALUE = new byte[32];

    private TemplateBuilder() {
    }

    /** Weight units to keep free for the coinbase and the client's outputs (spec 7.1's SegWit formula). */
    static long reservedWeight(CoinbaseOutputConstraints constraints) {
        long asked = SEGWIT_FIXED_RESERVATION + 4 * Integer.toUnsignedLong(constraints.maxAdditionalSize());
        return Math.max(MIN_RESERVATION, asked);
    }

    /**
     * Sigop cost to keep free: the client's outputs are legacy scripts, whose sigops count four times in the BIP141
     * cost, so the U16 is scaled by 4 (the spec does not say which unit; this is the one that cannot overflow a block).
     */
    static long reservedSigopCost(CoinbaseOutputConstraints constraints) {
        return 4L * constraints.maxAdditionalSigops();
    }

    /**
     * The template, or null when the constraints leave no room for even an empty block.
     *
     * @param templateId strictly increasing across the Template Provider
     */
    static ProvidedTemplate build(ChainTip tip, CoinbaseOutputConstraints constraints, long templateId,
                                  boolean future) {
        long weightBudget = MAX_BLOCK_WEIGHT - reservedWeight(constraints);
        long sigopBudget = MAX_BLOCK_SIGOPS_COST - reservedSigopCost(constraints);
        if (weightBudget < 0 || sigopBudget < 0) {
            return null;
        }
        List<MempoolTransaction> chosen = new ArrayList<>();
        long weight = 0;
        long sigops = 0;
        long fees = 0;
        for (MempoolTransaction tx : tip.mempool()) {
            if (weight + tx.weight() <= weightBudget && sigops + tx.sigopCost() <= sigopBudget) {
                chosen.add(tx);
                weight += tx.weight();
                sigops += tx.sigopCost();
                fees += tx.fee();
            }
        }
        List<byte[]> txids = new ArrayList<>(chosen.size() + 1);
        List<byte[]> wtxids = new ArrayList<>(chosen.size() + 1);
        // The coinbase's txid is unknown until the client builds it (its path never uses it); BIP141 takes the
        // coinbase's wtxid as zero.
        txids.add(new byte[32]);
        wtxids.add(new byte[32]);
        for (MempoolTransaction tx : chosen) {
            txids.add(tx.txid());
            wtxids.add(tx.wtxid());
        }
        List<U256> path = new ArrayList<>();
        for (byte[] node : Merkle.coinbasePath(txids).toList()) {
            path.add(U256.fromLittleEndian(node));
        }
        byte[] commitment = new Sha256d().update(Merkle.rootOfTxids(wtxids)).update(WITNESS_RESERVED_VALUE).digest();
        NewTemplate message = new NewTemplate(templateId, future, BLOCK_VERSION, COINBASE_TX_VERSION,
                Bytes.of(bip34HeightPush(tip.height())), COINBASE_INPUT_SEQUENCE, subsidy(tip.height()) + fees, 1,
                Bytes.of(witnessCommitmentOutput(commitment)), COINBASE_LOCK_TIME, path);
        return new ProvidedTemplate(message, tip, chosen, weight + reservedWeight(constraints));
    }

    /** The consensus serialization of the witness commitment output: value 0, then the 38-byte script. */
    static byte[] witnessCommitmentOutput(byte[] commitment) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(47);
        LittleEndian.u64(out, 0);
        out.write(WITNESS_COMMITMENT_HEADER.length + commitment.length);
        out.writeBytes(WITNESS_COMMITMENT_HEADER);
        out.writeBytes(commitment);
        return out.toByteArray();
    }

    /** Block subsidy in satoshis: 50 BTC halved every 210,000 blocks. */
    static long subsidy(int height) {
        int halvings = height / 210_000;
        return halvings >= 64 ? 0 : (50 * 100_000_000L) >> halvings;
    }

    /** BIP34: the height as a minimal CScriptNum push, the start of every coinbase scriptSig (at most 5 bytes here). */
    static byte[] bip34HeightPush(int height) {
        if (height <= 16) {
            throw new IllegalArgumentException("heights 1..16 are OP_1..OP_16 in BIP34; the testbed starts higher");
        }
        byte[] le = new byte[6];
        int n = 0;
        for (int v = height; v != 0; v >>>= 8) {
            le[1 + n++] = (byte) v;
        }
        if ((le[n] & 0x80) != 0) {
            n++; // a set top bit would read as negative: a zero byte follows
        }
        le[0] = (byte) n;
        return java.util.Arrays.copyOf(le, n + 1);
    }
}
