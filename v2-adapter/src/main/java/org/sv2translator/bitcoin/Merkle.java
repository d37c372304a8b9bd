package org.sv2translator.bitcoin;

import java.util.ArrayList;
import java.util.List;

/**
 * Coinbase txid and merkle tree computations. The share path uses {@link ShareHasher} instead; these are for
 * building jobs (a pool turning a block template into a {@link MerklePath}) and for checks off the hot path.
 * All hashes are 32 bytes in wire order.
 */
public final class Merkle {
    private Merkle() {
    }

    /**
     * The coinbase txid of spec 5.3.16: {@code sha256d(coinbase_tx_prefix || extranonce_prefix || extranonce ||
     * coinbase_tx_suffix)}. For V1 the same four parts are coinb1, extranonce1, extranonce2, coinb2. Any middle part
     * may be empty (a standard channel has no extranonce).
     */
    public static byte[] coinbaseTxid(byte[] coinbasePrefix, byte[] extranoncePrefix, byte[] extranonce,
                                      byte[] coinbaseSuffix) {
        return new Sha256d().update(coinbasePrefix).update(extranoncePrefix).update(extranonce)
                .update(coinbaseSuffix).digest();
    }

    /**
     * The merkle root of a block's transactions (txids in block order, coinbase first), as Bitcoin builds it:
     * pairs are hashed level by level and an odd level's last node is paired with itself.
     *
     * @throws BitcoinFormatException if the list is empty or a txid is not 32 bytes
     */
    public static byte[] rootOfTxids(List<byte[]> txids) {
        List<byte[]> level = copyOf(txids);
        Sha256d sha = new Sha256d();
        while (level.size() > 1) {
            level = nextLevel(level, sha);
        }
        return level.get(0).clone();
    }

    /**
     * The coinbase's merkle path in a block with these txids (coinbase first; its own txid does not matter): the
     * sibling of the coinbase's ancestor at each level, deepest first. This is what a pool sends as
     * {@code merkle_path}.
     *
     * @throws BitcoinFormatException if the list is empty or a txid is not 32 bytes
     */
    public static MerklePath coinbasePath(List<byte[]> txids) {
        List<byte[]> level = copyOf(txids);
        List<byte[]> path = new ArrayList<>();
        Sha256d sha = new Sha256d();
        while (level.size() > 1) {
            // The coinbase's ancestor is always at index 0, so its sibling is index 1 (itself when alone, which
            // cannot happen here as the level has at least two nodes).
            path.add(level.get(1));
            level = nextLevel(level, sha);
        }
        return MerklePath.of(path);
    }

    private static List<byte[]> copyOf(List<byte[]> txids) {
        if (txids.isEmpty()) {
            throw new BitcoinFormatException("a block has at least one transaction");
        }
        List<byte[]> level = new ArrayList<>(txids.size());
        for (int i = 0; i < txids.size(); i++) {
            byte[] txid = txids.get(i);
            BitcoinFormatException.checkHash(txid, "txid " + i);
            level.add(txid);
        }
        return level;
    }

    private static List<byte[]> nextLevel(List<byte[]> level, Sha256d sha) {
        List<byte[]> next = new ArrayList<>((level.size() + 1) / 2);
        for (int i = 0; i < level.size(); i += 2) {
            byte[] left = level.get(i);
            byte[] right = i + 1 < level.size() ? level.get(i + 1) : left;
            next.add(sha.update(left).update(right).digest());
        }
        return next;
    }
}
