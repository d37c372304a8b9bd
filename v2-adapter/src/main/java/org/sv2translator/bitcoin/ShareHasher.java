package org.sv2translator.bitcoin;

/**
 * The share path's hash: rebuilds a candidate block header from a job and a miner's submission and returns its
 * sha256d, ready for {@link Target#isMetBy(byte[])}. The coinbase is streamed into SHA-256 part by part (never
 * concatenated), the merkle path is folded in place and the header is written into a reused buffer, so a call
 * allocates nothing.
 *
 * <p><b>Not thread-safe</b>, and {@link #hash} returns this instance's own buffer. Use one instance per thread,
 * e.g. {@link #forCurrentThread()} on a Netty event loop, and read (or copy) the result before the next call.
 */
public final class ShareHasher {
    private static final ThreadLocal<ShareHasher> PER_THREAD = ThreadLocal.withInitial(ShareHasher::new);

    private final Sha256d sha = new Sha256d();
    private final byte[] root = new byte[Sha256d.HASH_LENGTH];
    private final byte[] header = new byte[BlockHeader.SIZE];
    private final byte[] hash = new byte[Sha256d.HASH_LENGTH];

    /** This thread's instance. Never hand it, or a hash it returned, to another thread. */
    public static ShareHasher forCurrentThread() {
        return PER_THREAD.get();
    }

    /**
     * The header hash of a share, in wire order.
     *
     * <p>The coinbase is {@code coinbasePrefix || extranoncePrefix || extranonce || coinbaseSuffix} (spec 5.3.16;
     * for V1: coinb1, extranonce1, extranonce2, coinb2); any middle part may be empty. The 32-bit fields are the
     * header's values (the V1 adapter has already applied version rolling and parsed the big-endian hex).
     *
     * @param prevHash the previous block hash, 32 bytes in header (wire) order
     * @return this instance's 32-byte result buffer, overwritten by the next call
     * @throws BitcoinFormatException if {@code prevHash} is not 32 bytes
     */
    public byte[] hash(byte[] coinbasePrefix, byte[] extranoncePrefix, byte[] extranonce, byte[] coinbaseSuffix,
                       MerklePath merklePath, int version, byte[] prevHash, int ntime, int nbits, int nonce) {
        BitcoinFormatException.checkHash(prevHash, "prev hash");
        // A caller's bug (a null part) must not leave half a coinbase pending for this thread's next share.
        sha.reset();
        sha.update(coinbasePrefix).update(extranoncePrefix).update(extranonce).update(coinbaseSuffix)
                .digestInto(root, 0);
        merklePath.foldInto(root, sha);
        BlockHeader.encode(header, version, prevHash, root, ntime, nbits, nonce);
        sha.hash(header, 0, BlockHeader.SIZE, hash, 0);
        return hash;
    }

    /**
     * A copy of the 80-byte header the last {@link #hash} call built, e.g. to report a block candidate. Empty
     * (all zero) before the first call.
     */
    public byte[] lastHeader() {
        return header.clone();
    }
}
