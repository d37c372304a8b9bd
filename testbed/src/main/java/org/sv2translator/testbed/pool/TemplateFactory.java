package org.sv2translator.testbed.pool;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.sv2translator.bitcoin.Merkle;
import org.sv2translator.bitcoin.MerklePath;
import org.sv2translator.bitcoin.Sha256d;
import org.sv2translator.bitcoin.Target;

/**
 * Makes realistic block templates without a Bitcoin node: a SegWit coinbase with a BIP34 height, a payout output
 * and a witness commitment over made-up transactions, and the coinbase's merkle path over those transactions
 * (2000 by default, so the path has 11 levels as on mainnet). The transactions are random 32-byte ids: nothing
 * downstream can tell, since miners and proxies only ever see the path.
 */
public final class TemplateFactory {
    /** BIP320: the version bits miners may roll. */
    public static final int VERSION_ROLLING_MASK = 0x1fffe000;
    static final int BLOCK_VERSION = 0x20000000;
    private static final long BLOCK_REWARD_SATS = 312_500_000L;
    /** A P2WPKH output script (OP_0, push 20) paying a fixed made-up key hash. */
    private static final byte[] PAYOUT_SCRIPT = payoutScript();

    private final Random random;
    private final int transactionCount;
    private final Target networkTarget;
    private final int nbits;
    private final int extranonceSpace;
    private final byte[] tag;

    /**
     * @param random           source of the made-up transactions (seed it for reproducible tests)
     * @param transactionCount non-coinbase transactions per template (0 gives an empty merkle path)
     * @param networkTarget    the network target; the header carries its compact form
     * @param extranonceSpace  bytes of extranonce_prefix + extranonce the coinbase reserves
     * @param tag              bytes written after the height in the coinbase scriptSig
     */
    public TemplateFactory(Random random, int transactionCount, Target networkTarget, int extranonceSpace,
                           byte[] tag) {
        if (transactionCount < 0 || transactionCount > 100_000) {
            throw new IllegalArgumentException("transactionCount must be within 0..100000");
        }
        this.random = random;
        this.transactionCount = transactionCount;
        this.nbits = networkTarget.toNBits();
        // The header can only carry the compact form, so that is the target a block really has to meet.
        this.networkTarget = Target.fromNBits(nbits);
        this.extranonceSpace = extranonceSpace;
        this.tag = tag.clone();
    }

    /** A template on top of {@code prevHash} (wire order) at {@code height}, dated {@code ntime}. */
    public BlockTemplate next(int height, byte[] prevHash, int ntime) {
        return next(height, prevHash, ntime, new byte[0]);
    }

    /** As {@link #next(int, byte[], int)}, with {@code extraTag} appended to the scriptSig tag. */
    public BlockTemplate next(int height, byte[] prevHash, int ntime, byte[] extraTag) {
        List<byte[]> txids = new ArrayList<>(transactionCount + 1);
        List<byte[]> wtxids = new ArrayList<>(transactionCount + 1);
        // BIP141: the coinbase's wtxid is taken as zero. Its txid is unknown until the extranonce is, and the
        // coinbase path never uses it, so a placeholder holds its place.
        txids.add(new byte[32]);
        wtxids.add(new byte[32]);
        for (int i = 0; i < transactionCount; i++) {
            txids.add(randomHash());
            wtxids.add(randomHash());
        }
        byte[] witnessRoot = Merkle.rootOfTxids(wtxids);
        byte[] witnessCommitment = new Sha256d().update(witnessRoot).update(new byte[32]).digest();
        byte[] fullTag = new byte[tag.length + extraTag.length];
        System.arraycopy(tag, 0, fullTag, 0, tag.length);
        System.arraycopy(extraTag, 0, fullTag, tag.length, extraTag.length);
        Coinbase coinbase = Coinbase.build(height, fullTag, extranonceSpace, BLOCK_REWARD_SATS, PAYOUT_SCRIPT,
                witnessCommitment);
        MerklePath path = transactionCount == 0 ? MerklePath.EMPTY : Merkle.coinbasePath(txids);
        return new BlockTemplate(height, prevHash, BLOCK_VERSION, nbits, ntime, coinbase, path, networkTarget);
    }

    /** A random 32-byte hash, e.g. a made-up previous block for the next round. */
    public byte[] randomHash() {
        byte[] h = new byte[32];
        random.nextBytes(h);
        return h;
    }

    private static byte[] payoutScript() {
        byte[] script = new byte[22];
        script[0] = 0x00;
        script[1] = 0x14;
        for (int i = 0; i < 20; i++) {
            script[2 + i] = (byte) (0xa0 + i);
        }
        return script;
    }
}
