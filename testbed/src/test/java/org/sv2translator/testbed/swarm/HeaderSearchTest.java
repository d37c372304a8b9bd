package org.sv2translator.testbed.swarm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sv2translator.bitcoin.BlockHeader;
import org.sv2translator.bitcoin.Merkle;
import org.sv2translator.bitcoin.MerklePath;
import org.sv2translator.bitcoin.Target;

class HeaderSearchTest {
    private static final HexFormat HEX = HexFormat.of();

    @Test
    void findsANonceWhoseHeaderHashMeetsTheTargetAndSkipsNoneBefore() {
        byte[] coinb1 = HEX.parseHex("01000000010000");
        byte[] coinb2 = HEX.parseHex("ffffffff0100");
        byte[] e1 = HEX.parseHex("00000001");
        byte[] e2 = HEX.parseHex("deadbeef");
        MerklePath path = MerklePath.of(List.of(new byte[32], HEX.parseHex("11".repeat(32))));
        byte[] prev = HEX.parseHex("22".repeat(32));
        Target target = Target.fromDifficulty(1.0 / (1 << 24)); // one header in about 256 meets it
        HeaderSearch search = new HeaderSearch(coinb1, e1, e2, coinb2, path, 0x20000000, prev, 1_700_000_000, 0x1d00ffff);
        long nonce = search.search(target, 0, 1 << 16);
        assertTrue(nonce >= 0, "none in 65536 nonces: odds e^-256");

        byte[] root = path.root(Merkle.coinbaseTxid(coinb1, e1, e2, coinb2));
        BlockHeader header = new BlockHeader(0x20000000, prev, root, 1_700_000_000, 0x1d00ffff, (int) nonce);
        assertArrayEquals(header.hash(), search.lastHash());
        assertTrue(target.isMetBy(header.hash()));
        for (int n = 0; n < nonce; n++) {
            BlockHeader earlier = new BlockHeader(0x20000000, prev, root, 1_700_000_000, 0x1d00ffff, n);
            assertTrue(!target.isMetBy(earlier.hash()), "nonce " + n + " also met the target");
        }
        assertEquals(-1, search.search(Target.fromDifficulty(1e12), 0, 1000));
    }
}
