package org.sv2translator.bitcoin;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;

/**
 * The siblings of the coinbase transaction in a block's merkle tree, deepest first, each 32 bytes in wire order:
 * exactly what SV2 {@code merkle_path} (SEQ0_255[U256]) and V1 {@code merkle_branch} carry. Immutable; the nodes
 * are held in one flat array so folding a path on the share path touches a single contiguous buffer.
 */
public final class MerklePath {
    /** SEQ0_255: the longest path SV2 can carry. It also bounds the hashing one share can cost. */
    public static final int MAX_SIZE = 255;

    /** The path of a block whose only transaction is the coinbase: the merkle root is the coinbase txid. */
    public static final MerklePath EMPTY = new MerklePath(new byte[0]);

    private final byte[] nodes;

    private MerklePath(byte[] nodes) {
        this.nodes = nodes;
    }

    /**
     * Copies the given nodes into a path.
     *
     * @throws BitcoinFormatException if a node is not 32 bytes or there are more than {@value #MAX_SIZE}
     */
    public static MerklePath of(List<byte[]> nodes) {
        if (nodes.size() > MAX_SIZE) {
            throw new BitcoinFormatException("merkle path of " + nodes.size() + " nodes exceeds " + MAX_SIZE);
        }
        byte[] flat = new byte[nodes.size() * Sha256d.HASH_LENGTH];
        for (int i = 0; i < nodes.size(); i++) {
            byte[] node = nodes.get(i);
            BitcoinFormatException.checkHash(node, "merkle path node " + i);
            System.arraycopy(node, 0, flat, i * Sha256d.HASH_LENGTH, Sha256d.HASH_LENGTH);
        }
        return new MerklePath(flat);
    }

    /** Number of nodes, which is the depth of the tree. */
    public int size() {
        return nodes.length / Sha256d.HASH_LENGTH;
    }

    /** A copy of node {@code index} (0 = deepest). */
    public byte[] get(int index) {
        if (index < 0 || index >= size()) {
            throw new BitcoinFormatException("merkle path node " + index + " of " + size());
        }
        int from = index * Sha256d.HASH_LENGTH;
        return Arrays.copyOfRange(nodes, from, from + Sha256d.HASH_LENGTH);
    }

    /** Copies of all nodes, deepest first. */
    public List<byte[]> toList() {
        List<byte[]> list = new ArrayList<>(size());
        for (int i = 0; i < size(); i++) {
            list.add(get(i));
        }
        return Collections.unmodifiableList(list);
    }

    /**
     * The merkle root (wire order) of a block whose coinbase has this txid, by the fold of spec 5.3.16:
     * {@code root = sha256d(root || node)} for each node, starting from the txid.
     */
    public byte[] root(byte[] coinbaseTxid) {
        BitcoinFormatException.checkHash(coinbaseTxid, "coinbase txid");
        byte[] root = coinbaseTxid.clone();
        foldInto(root, new Sha256d());
        return root;
    }

    /** Folds this path into {@code root[0, 32)} in place; allocates nothing. */
    void foldInto(byte[] root, Sha256d sha) {
        for (int off = 0; off < nodes.length; off += Sha256d.HASH_LENGTH) {
            sha.update(root, 0, Sha256d.HASH_LENGTH).update(nodes, off, Sha256d.HASH_LENGTH).digestInto(root, 0);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MerklePath other && Arrays.equals(nodes, other.nodes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(nodes);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("MerklePath[");
        for (int i = 0; i < size(); i++) {
            sb.append(i == 0 ? "" : ", ")
                    .append(HexFormat.of().formatHex(nodes, i * Sha256d.HASH_LENGTH, (i + 1) * Sha256d.HASH_LENGTH));
        }
        return sb.append(']').toString();
    }
}
