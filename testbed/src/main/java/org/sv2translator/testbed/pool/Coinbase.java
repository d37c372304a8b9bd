package org.sv2translator.testbed.pool;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/**
 * A pool's coinbase transaction, split around the extranonce as SV2 sends it (spec 5.3.16): the full
 * transaction is {@code prefix || extranonce_prefix || extranonce || suffix}.
 *
 * <p>The coinbase is a SegWit transaction (it carries a witness commitment), but {@link #prefix()} and
 * {@link #suffix()} are stripped of the BIP141 fields (marker, flag, witness count, witness length and witness
 * reserved value) as the spec requires, so their concatenation hashes to the txid, not the wtxid.
 * {@link #withWitness(byte[])} gives the full serialization a block would contain.
 *
 * @param prefix        version, input count, null prevout, scriptSig length, BIP34 height push and pool tag
 * @param suffix        input sequence, outputs (payout and witness commitment), lock time
 * @param extranonceSpace bytes reserved in the scriptSig between prefix and suffix (extranonce_prefix + extranonce)
 */
public record Coinbase(byte[] prefix, byte[] suffix, int extranonceSpace) {
    /** Consensus limit on a coinbase scriptSig. */
    static final int MAX_SCRIPT_SIG = 100;
    private static final int VERSION = 2;
    private static final byte[] WITNESS_COMMITMENT_HEADER = {0x6a, 0x24, (byte) 0xaa, 0x21, (byte) 0xa9, (byte) 0xed};

    public Coinbase {
        prefix = prefix.clone();
        suffix = suffix.clone();
    }

    @Override
    public byte[] prefix() {
        return prefix.clone();
    }

    @Override
    public byte[] suffix() {
        return suffix.clone();
    }

    /**
     * Builds a coinbase.
     *
     * @param height            block height, pushed first in the scriptSig as BIP34 requires
     * @param tag               free bytes after the height (a pool's signature), before the extranonce
     * @param extranonceSpace   bytes left for extranonce_prefix + extranonce
     * @param valueSats         block reward paid to {@code payoutScript}
     * @param payoutScript      the pool's output script
     * @param witnessCommitment {@code sha256d(witness merkle root || witness reserved value)}, 32 bytes
     * @throws IllegalArgumentException if the scriptSig would exceed 100 bytes or an argument is out of range
     */
    public static Coinbase build(int height, byte[] tag, int extranonceSpace, long valueSats, byte[] payoutScript,
                                 byte[] witnessCommitment) {
        if (height <= 16) {
            // Heights 1..16 are OP_1..OP_16 in BIP34, a different encoding; a testbed never needs them.
            throw new IllegalArgumentException("height must be above 16, got " + height);
        }
        if (witnessCommitment.length != 32) {
            throw new IllegalArgumentException("witness commitment must be 32 bytes");
        }
        byte[] heightPush = scriptNumPush(height);
        int scriptSigLength = heightPush.length + tag.length + extranonceSpace;
        if (extranonceSpace < 0 || scriptSigLength > MAX_SCRIPT_SIG) {
            throw new IllegalArgumentException("coinbase scriptSig of " + scriptSigLength + " bytes exceeds "
                    + MAX_SCRIPT_SIG);
        }
        ByteArrayOutputStream prefix = new ByteArrayOutputStream();
        writeU32(prefix, VERSION);
        prefix.write(1); // one input
        prefix.writeBytes(new byte[32]); // null prevout hash
        writeU32(prefix, 0xffffffff); // null prevout index
        prefix.write(scriptSigLength); // < 0xfd, so a one-byte CompactSize
        prefix.writeBytes(heightPush);
        prefix.writeBytes(tag);

        ByteArrayOutputStream suffix = new ByteArrayOutputStream();
        writeU32(suffix, 0xffffffff); // sequence
        suffix.write(2); // outputs: payout, witness commitment
        writeU64(suffix, valueSats);
        writeCompactSize(suffix, payoutScript.length);
        suffix.writeBytes(payoutScript);
        writeU64(suffix, 0);
        suffix.write(WITNESS_COMMITMENT_HEADER.length + 32);
        suffix.writeBytes(WITNESS_COMMITMENT_HEADER);
        suffix.writeBytes(witnessCommitment);
        writeU32(suffix, 0); // lock time
        return new Coinbase(prefix.toByteArray(), suffix.toByteArray(), extranonceSpace);
    }

    /**
     * The full BIP141 serialization with this extranonce: marker and flag after the version, and before the lock
     * time one witness stack of one item, the 32-byte witness reserved value (zeros).
     */
    public byte[] withWitness(byte[] extranonce) {
        if (extranonce.length != extranonceSpace) {
            throw new IllegalArgumentException("extranonce must be " + extranonceSpace + " bytes");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(prefix, 0, 4);
        out.write(0x00); // marker
        out.write(0x01); // flag
        out.write(prefix, 4, prefix.length - 4);
        out.writeBytes(extranonce);
        out.write(suffix, 0, suffix.length - 4);
        out.write(1); // witness stack items
        out.write(32); // item length
        out.writeBytes(new byte[32]); // witness reserved value
        out.write(suffix, suffix.length - 4, 4);
        return out.toByteArray();
    }

    /** BIP34's minimal CScriptNum push of a positive number. */
    static byte[] scriptNumPush(long value) {
        byte[] le = new byte[9];
        int n = 0;
        for (long v = value; v != 0; v >>>= 8) {
            le[1 + n++] = (byte) v;
        }
        if ((le[n] & 0x80) != 0) {
            n++; // a set top bit would read as negative: add a zero byte
        }
        le[0] = (byte) n;
        return Arrays.copyOf(le, n + 1);
    }

    private static void writeU32(ByteArrayOutputStream out, int v) {
        out.write(v);
        out.write(v >>> 8);
        out.write(v >>> 16);
        out.write(v >>> 24);
    }

    private static void writeU64(ByteArrayOutputStream out, long v) {
        writeU32(out, (int) v);
        writeU32(out, (int) (v >>> 32));
    }

    private static void writeCompactSize(ByteArrayOutputStream out, int n) {
        if (n < 0xfd) {
            out.write(n);
        } else {
            out.write(0xfd);
            out.write(n);
            out.write(n >>> 8);
        }
    }
}
