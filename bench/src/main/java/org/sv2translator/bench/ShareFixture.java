package org.sv2translator.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.sv2translator.bitcoin.MerklePath;

/** A realistic job for the share benchmarks: a ~200-byte coinbase split V1-style and a 12-level merkle path. */
final class ShareFixture {
    static final int MERKLE_DEPTH = 12;

    final byte[] coinbasePrefix = new byte[100];
    final byte[] extranonce1 = new byte[4];
    final byte[] extranonce2 = new byte[4];
    final byte[] coinbaseSuffix = new byte[92];
    final byte[] prevHash = new byte[32];
    final List<byte[]> pathNodes = new ArrayList<>();
    final MerklePath merklePath;
    final int version = 0x20000000;
    final int ntime = 0x6b058d24;
    final int nbits = 0x1703a30c;

    ShareFixture() {
        SplittableRandom random = new SplittableRandom(42);
        random.nextBytes(coinbasePrefix);
        random.nextBytes(extranonce1);
        random.nextBytes(extranonce2);
        random.nextBytes(coinbaseSuffix);
        random.nextBytes(prevHash);
        for (int i = 0; i < MERKLE_DEPTH; i++) {
            byte[] node = new byte[32];
            random.nextBytes(node);
            pathNodes.add(node);
        }
        merklePath = MerklePath.of(pathNodes);
    }

    int coinbaseLength() {
        return coinbasePrefix.length + extranonce1.length + extranonce2.length + coinbaseSuffix.length;
    }
}
