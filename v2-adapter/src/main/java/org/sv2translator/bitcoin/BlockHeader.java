package org.sv2translator.bitcoin;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * The 80-byte Bitcoin block header: version, prev hash, merkle root, ntime, nbits, nonce, each little-endian as
 * serialized in a block (the two hashes in wire order). Immutable. The 32-bit fields are held as Java ints with
 * the header's unsigned bit pattern ({@code 0x20000000}, {@code 0x1d00ffff}, a nonce above 2^31 is negative).
 */
public final class BlockHeader {
    /** Serialized size in bytes. */
    public static final int SIZE = 80;

    private static final VarHandle INT_LE = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

    private final int version;
    private final byte[] prevHash;
    private final byte[] merkleRoot;
    private final int ntime;
    private final int nbits;
    private final int nonce;

    /**
     * @param prevHash   the previous block's hash, 32 bytes in wire order (copied)
     * @param merkleRoot the merkle root, 32 bytes in wire order (copied)
     * @throws BitcoinFormatException if a hash is not 32 bytes
     */
    public BlockHeader(int version, byte[] prevHash, byte[] merkleRoot, int ntime, int nbits, int nonce) {
        BitcoinFormatException.checkHash(prevHash, "prev hash");
        BitcoinFormatException.checkHash(merkleRoot, "merkle root");
        this.version = version;
        this.prevHash = prevHash.clone();
        this.merkleRoot = merkleRoot.clone();
        this.ntime = ntime;
        this.nbits = nbits;
        this.nonce = nonce;
    }

    /**
     * Reads a serialized header.
     *
     * @throws BitcoinFormatException if {@code header} is not exactly 80 bytes
     */
    public static BlockHeader parse(byte[] header) {
        if (header.length != SIZE) {
            throw new BitcoinFormatException("block header must be 80 bytes, got " + header.length);
        }
        return new BlockHeader((int) INT_LE.get(header, 0), Arrays.copyOfRange(header, 4, 36),
                Arrays.copyOfRange(header, 36, 68), (int) INT_LE.get(header, 68), (int) INT_LE.get(header, 72),
                (int) INT_LE.get(header, 76));
    }

    /** The 80 serialized bytes. */
    public byte[] toBytes() {
        byte[] out = new byte[SIZE];
        encode(out, version, prevHash, merkleRoot, ntime, nbits, nonce);
        return out;
    }

    /** The block hash: sha256d of the 80 bytes, wire order (compare it with {@link Target#isMetBy(byte[])}). */
    public byte[] hash() {
        return Sha256d.of(toBytes());
    }

    /** Writes a header into {@code out[0, 80)}; the caller has checked the two hashes are 32 bytes. */
    static void encode(byte[] out, int version, byte[] prevHash, byte[] merkleRoot, int ntime, int nbits, int nonce) {
        INT_LE.set(out, 0, version);
        System.arraycopy(prevHash, 0, out, 4, Sha256d.HASH_LENGTH);
        System.arraycopy(merkleRoot, 0, out, 36, Sha256d.HASH_LENGTH);
        INT_LE.set(out, 68, ntime);
        INT_LE.set(out, 72, nbits);
        INT_LE.set(out, 76, nonce);
    }

    public int version() {
        return version;
    }

    /** A copy of the previous block's hash, wire order. */
    public byte[] prevHash() {
        return prevHash.clone();
    }

    /** A copy of the merkle root, wire order. */
    public byte[] merkleRoot() {
        return merkleRoot.clone();
    }

    public int ntime() {
        return ntime;
    }

    public int nbits() {
        return nbits;
    }

    public int nonce() {
        return nonce;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BlockHeader h && version == h.version && ntime == h.ntime && nbits == h.nbits
                && nonce == h.nonce && Arrays.equals(prevHash, h.prevHash) && Arrays.equals(merkleRoot, h.merkleRoot);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(toBytes());
    }

    @Override
    public String toString() {
        return "BlockHeader[" + HexFormat.of().formatHex(toBytes()) + "]";
    }
}
