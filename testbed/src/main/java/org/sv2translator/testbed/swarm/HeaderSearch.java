package org.sv2translator.testbed.swarm;

import org.sv2translator.bitcoin.BlockHeader;
import org.sv2translator.bitcoin.Merkle;
import org.sv2translator.bitcoin.MerklePath;
import org.sv2translator.bitcoin.Sha256d;
import org.sv2translator.bitcoin.Target;

/**
 * Real proof of work for the swarm's hashing mode: fixes a header for one (job, extranonce2, version) and scans
 * nonces through sha256d, as an ASIC does. The merkle root is computed once; each nonce costs one header hash.
 * Not thread-safe: one per hashing thread.
 */
public final class HeaderSearch {
    private static final int NONCE_OFFSET = 76;

    private final byte[] header;
    private final byte[] hash = new byte[Sha256d.HASH_LENGTH];
    private final Sha256d sha = new Sha256d();

    /**
     * @param prevHash previous block hash in header order
     * @param version  the header version, rolled bits already applied
     */
    public HeaderSearch(byte[] coinb1, byte[] extranonce1, byte[] extranonce2, byte[] coinb2, MerklePath merklePath,
                 int version, byte[] prevHash, int ntime, int nbits) {
        byte[] root = merklePath.root(Merkle.coinbaseTxid(coinb1, extranonce1, extranonce2, coinb2));
        header = new BlockHeader(version, prevHash, root, ntime, nbits, 0).toBytes();
    }

    /**
     * Tries nonces {@code from, from + 1, ...} ({@code count} of them, wrapping as unsigned 32-bit) and returns
     * the first that meets {@code target} as an unsigned value, or -1.
     */
    public long search(Target target, int from, int count) {
        for (int i = 0; i < count; i++) {
            int nonce = from + i;
            header[NONCE_OFFSET] = (byte) nonce;
            header[NONCE_OFFSET + 1] = (byte) (nonce >>> 8);
            header[NONCE_OFFSET + 2] = (byte) (nonce >>> 16);
            header[NONCE_OFFSET + 3] = (byte) (nonce >>> 24);
            sha.hash(header, 0, BlockHeader.SIZE, hash, 0);
            if (target.isMetBy(hash)) {
                return Integer.toUnsignedLong(nonce);
            }
        }
        return -1;
    }

    /** The hash of the last nonce tried (the winning one right after a successful {@link #search}). */
    byte[] lastHash() {
        return hash.clone();
    }
}
