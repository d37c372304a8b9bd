package org.sv2translator.bitcoin;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class MerkleTest {

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static List<byte[]> randomTxids(int n, long seed) {
        Random random = new Random(seed);
        List<byte[]> txids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            byte[] txid = new byte[32];
            random.nextBytes(txid);
            txids.add(txid);
        }
        return txids;
    }

    @Test
    void oddLevelPairsItsLastNodeWithItself() {
        List<byte[]> t = randomTxids(3, 1);
        byte[] left = Sha256d.of(concat(t.get(0), t.get(1)));
        byte[] right = Sha256d.of(concat(t.get(2), t.get(2)));
        byte[] expected = Sha256d.of(concat(left, right));
        assertArrayEquals(expected, Merkle.rootOfTxids(t));
        MerklePath path = Merkle.coinbasePath(t);
        assertEquals(2, path.size());
        assertArrayEquals(t.get(1), path.get(0));
        assertArrayEquals(right, path.get(1));
        assertArrayEquals(expected, path.root(t.get(0)));
    }

    @Property(tries = 60)
    void foldingTheCoinbasePathGivesTheTreeRoot(@ForAll @IntRange(min = 1, max = 70) int n, @ForAll long seed) {
        List<byte[]> txids = randomTxids(n, seed);
        MerklePath path = Merkle.coinbasePath(txids);
        assertEquals(32 - Integer.numberOfLeadingZeros(n - 1), path.size(), "depth");
        assertArrayEquals(Merkle.rootOfTxids(txids), path.root(txids.get(0)));
    }

    @Test
    void singleTransactionRootIsItsTxidAndPathIsEmpty() {
        byte[] txid = randomTxids(1, 2).get(0);
        assertEquals(MerklePath.EMPTY, Merkle.coinbasePath(List.of(txid)));
        byte[] root = Merkle.rootOfTxids(List.of(txid));
        assertArrayEquals(txid, root);
        root[0]++;
        assertArrayEquals(txid, MerklePath.EMPTY.root(txid), "caller's txid untouched");
    }

    @Test
    void pathIsAnImmutableCopy() {
        List<byte[]> nodes = randomTxids(2, 3);
        MerklePath path = MerklePath.of(nodes);
        byte[] first = nodes.get(0).clone();
        nodes.get(0)[0]++;
        path.get(0)[0]++;
        path.toList().get(0)[0]++;
        assertArrayEquals(first, path.get(0));
        assertEquals(MerklePath.of(List.of(first, nodes.get(1))), path);
    }

    @Test
    void badInputThrowsTypedError() {
        assertThrows(BitcoinFormatException.class, () -> MerklePath.of(List.of(new byte[31])));
        assertThrows(BitcoinFormatException.class, () -> MerklePath.of(Collections.nCopies(256, new byte[32])));
        assertEquals(255, MerklePath.of(Collections.nCopies(255, new byte[32])).size());
        assertThrows(BitcoinFormatException.class, () -> MerklePath.EMPTY.get(0));
        assertThrows(BitcoinFormatException.class, () -> MerklePath.EMPTY.root(new byte[33]));
        assertThrows(BitcoinFormatException.class, () -> Merkle.rootOfTxids(List.of()));
        assertThrows(BitcoinFormatException.class, () -> Merkle.coinbasePath(List.of(new byte[32], new byte[3])));
    }
}
