package org.sv2translator.testbed.tp;

import java.io.ByteArrayOutputStream;
import java.util.Random;
import org.sv2translator.bitcoin.Sha256d;

/**
 * A made-up but well-formed SegWit transaction for the Template Provider's mempool: P2WPKH inputs spending random
 * outpoints, a P2WPKH payment and a P2TR change output, witnesses of a DER-sized signature and a compressed key. The
 * signatures are random bytes (nothing here is ever validated against a UTXO set), but the serialization, txid,
 * wtxid, weight and fee are consistent, so a client that checks a template's merkle path or witness commitment
 * against the RequestTransactionData answer gets the same hashes.
 *
 * @param raw       the witness serialization (BIP144), as RequestTransactionData.Success carries it
 * @param txid      sha256d of the serialization without witness, internal byte order (as in merkle trees)
 * @param wtxid     sha256d of {@code raw}
 * @param weight    BIP141 weight: 3 x stripped size + total size
 * @param sigopCost BIP141 sigop cost: one per P2WPKH input
 * @param fee       satoshis this transaction pays
 */
public record MempoolTransaction(byte[] raw, byte[] txid, byte[] wtxid, int weight, int sigopCost, long fee) {

    /** A random transaction of 1 to 3 inputs paying 1 to 60 sat/vB. */
    public static MempoolTransaction random(Random random) {
        int inputs = 1 + random.nextInt(3);
        ByteArrayOutputStream stripped = new ByteArrayOutputStream();
        ByteArrayOutputStream witness = new ByteArrayOutputStream();
        LittleEndian.u32(stripped, 2); // version
        stripped.write(inputs);
        for (int i = 0; i < inputs; i++) {
            stripped.writeBytes(randomBytes(random, 32)); // previous txid
            LittleEndian.u32(stripped, random.nextInt(4)); // previous output index
            stripped.write(0); // empty scriptSig: a native SegWit spend
            LittleEndian.u32(stripped, 0xfffffffd); // sequence: BIP125 opt-in
            witness.write(2); // two stack items
            byte[] signature = randomBytes(random, 71 + random.nextInt(2));
            signature[0] = 0x30; // DER SEQUENCE, as a real signature starts
            signature[signature.length - 1] = 0x01; // SIGHASH_ALL
            witness.write(signature.length);
            witness.writeBytes(signature);
            byte[] key = randomBytes(random, 33);
            key[0] = (byte) (2 + random.nextInt(2)); // compressed key prefix
            witness.write(33);
            witness.writeBytes(key);
        }
        stripped.write(2); // outputs
        long amount = 10_000 + (long) random.nextInt(100_000_000);
        LittleEndian.u64(stripped, amount);
        stripped.write(22);
        stripped.write(0x00); // OP_0
        stripped.write(0x14); // push 20: P2WPKH
        stripped.writeBytes(randomBytes(random, 20));
        LittleEndian.u64(stripped, amount / 3);
        stripped.write(34);
        stripped.write(0x51); // OP_1
        stripped.write(0x20); // push 32: P2TR
        stripped.writeBytes(randomBytes(random, 32));
        LittleEndian.u32(stripped, 0); // lock time

        byte[] base = stripped.toByteArray();
        byte[] witnessBytes = witness.toByteArray();
        // BIP144: version, marker 00, flag 01, inputs and outputs, the witnesses, lock time.
        ByteArrayOutputStream full = new ByteArrayOutputStream(base.length + 2 + witnessBytes.length);
        full.write(base, 0, 4);
        full.write(0x00);
        full.write(0x01);
        full.write(base, 4, base.length - 8);
        full.writeBytes(witnessBytes);
        full.write(base, base.length - 4, 4);
        byte[] raw = full.toByteArray();
        int weight = 3 * base.length + raw.length;
        int vsize = (weight + 3) / 4;
        long fee = (long) vsize * (1 + random.nextInt(60));
        return new MempoolTransaction(raw, Sha256d.of(base), Sha256d.of(raw), weight, inputs, fee);
    }

    private static byte[] randomBytes(Random random, int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    @Override
    public byte[] raw() {
        return raw.clone();
    }

    @Override
    public byte[] txid() {
        return txid.clone();
    }

    @Override
    public byte[] wtxid() {
        return wtxid.clone();
    }

    /** {@link #raw()} without the copy, for the connection building a RequestTransactionData answer. */
    byte[] rawUnsafe() {
        return raw;
    }
}
