package org.sv2translator.testbed.pool;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.sv2translator.bitcoin.Merkle;
import org.sv2translator.bitcoin.Sha256d;
import org.sv2translator.bitcoin.Target;

class CoinbaseTest {
    private static final HexFormat HEX = HexFormat.of();

    @Test
    void bip34HeightPushIsMinimal() {
        // Block 800000's coinbase scriptSig starts 03 00 35 0c.
        assertEquals("0300350c", HEX.formatHex(Coinbase.scriptNumPush(800_000)));
        assertEquals("028000", HEX.formatHex(Coinbase.scriptNumPush(128)), "top bit set needs a zero byte");
        assertEquals("0111", HEX.formatHex(Coinbase.scriptNumPush(17)));
    }

    /** Parses the BIP141 serialization independently and checks each field, then the stripping rule. */
    @Test
    void strippedPartsAreTheWitnessSerializationWithoutBip141Fields() {
        byte[] commitment = new byte[32];
        Arrays.fill(commitment, (byte) 0x5a);
        byte[] tag = "/testbed/".getBytes();
        Coinbase cb = Coinbase.build(850_000, tag, 12, 312_500_000L, new byte[] {0x51}, commitment);
        byte[] extranonce = HEX.parseHex("0102030405060708090a0b0c");
        ByteBuffer tx = ByteBuffer.wrap(cb.withWitness(extranonce)).order(ByteOrder.LITTLE_ENDIAN);

        assertEquals(2, tx.getInt(), "version");
        assertEquals(0, tx.get(), "marker");
        assertEquals(1, tx.get(), "flag");
        assertEquals(1, tx.get(), "inputs");
        byte[] prevout = new byte[32];
        tx.get(prevout);
        assertArrayEquals(new byte[32], prevout);
        assertEquals(-1, tx.getInt(), "null prevout index");
        int scriptSigLength = tx.get();
        assertEquals(4 + tag.length + 12, scriptSigLength);
        byte[] scriptSig = new byte[scriptSigLength];
        tx.get(scriptSig);
        assertEquals("0350f80c", HEX.formatHex(scriptSig, 0, 4), "BIP34 height 850000");
        assertArrayEquals(extranonce, Arrays.copyOfRange(scriptSig, scriptSigLength - 12, scriptSigLength));
        assertEquals(-1, tx.getInt(), "sequence");
        assertEquals(2, tx.get(), "outputs");
        assertEquals(312_500_000L, tx.getLong());
        assertEquals(1, tx.get());
        assertEquals(0x51, tx.get());
        assertEquals(0L, tx.getLong());
        byte[] commitmentScript = new byte[tx.get()];
        tx.get(commitmentScript);
        assertEquals("6a24aa21a9ed" + "5a".repeat(32), HEX.formatHex(commitmentScript));
        assertEquals(1, tx.get(), "witness items");
        assertEquals(32, tx.get(), "reserved value length");
        tx.position(tx.position() + 32);
        assertEquals(0, tx.getInt(), "lock time");
        assertEquals(0, tx.remaining());

        byte[] full = cb.withWitness(extranonce);
        byte[] legacy = new byte[full.length - 2 - 34];
        System.arraycopy(full, 0, legacy, 0, 4);
        System.arraycopy(full, 6, legacy, 4, full.length - 6 - 38);
        System.arraycopy(full, full.length - 4, legacy, legacy.length - 4, 4);
        assertArrayEquals(Sha256d.of(legacy), Merkle.coinbaseTxid(cb.prefix(), new byte[0], extranonce, cb.suffix()),
                "prefix || extranonce || suffix is the txid serialization");
    }

    @Test
    void refusesAScriptSigOverOneHundredBytes() {
        assertThrows(IllegalArgumentException.class,
                () -> Coinbase.build(850_000, new byte[60], 40, 1, new byte[] {0x51}, new byte[32]));
    }

    /** Rebuilds the factory's made-up transactions from the same seed and checks root, path and commitment. */
    @Test
    void templateMerklePathAndWitnessCommitmentMatchTheWholeBlock() {
        Target network = Target.fromNBits(0x17025105);
        TemplateFactory factory = new TemplateFactory(new Random(42), 2000, network, 16, new byte[0]);
        BlockTemplate t = factory.next(900_000, new byte[32], 1_700_000_000);
        assertEquals(11, t.merklePath().size(), "2001 transactions need 11 levels");
        assertEquals(0x17025105, t.nbits());
        assertEquals(network, t.networkTarget());

        Random replay = new Random(42);
        List<byte[]> txids = new ArrayList<>();
        List<byte[]> wtxids = new ArrayList<>();
        byte[] extranonce = new byte[16];
        extranonce[0] = 7;
        byte[] coinbaseTxid = Merkle.coinbaseTxid(t.coinbase().prefix(), new byte[0], extranonce, t.coinbase().suffix());
        txids.add(coinbaseTxid);
        wtxids.add(new byte[32]);
        for (int i = 0; i < 2000; i++) {
            byte[] a = new byte[32];
            byte[] b = new byte[32];
            replay.nextBytes(a);
            replay.nextBytes(b);
            txids.add(a);
            wtxids.add(b);
        }
        assertArrayEquals(Merkle.rootOfTxids(txids), t.merklePath().root(coinbaseTxid));
        byte[] commitment = new Sha256d().update(Merkle.rootOfTxids(wtxids)).update(new byte[32]).digest();
        byte[] suffix = t.coinbase().suffix();
        assertArrayEquals(commitment, Arrays.copyOfRange(suffix, suffix.length - 36, suffix.length - 4));
    }
}
