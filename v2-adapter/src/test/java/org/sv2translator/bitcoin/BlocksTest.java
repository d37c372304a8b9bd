package org.sv2translator.bitcoin;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sv2translator.bitcoin.Vectors.hex;
import static org.sv2translator.bitcoin.Vectors.hexList;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Real mainnet blocks (genesis, 100000): merkle roots, headers and block hashes from their parts. */
class BlocksTest {

    private static Iterable<JsonNode> blocks() {
        return Vectors.load("bitcoin/blocks.json").get("blocks");
    }

    @Test
    void merkleRootFromTxidsAndFromCoinbasePath() {
        for (JsonNode block : blocks()) {
            String name = block.get("name").asText();
            List<byte[]> txids = hexList(block.get("txids_wire"));
            byte[] root = hex(block.get("merkle_root_wire"));

            assertArrayEquals(root, Merkle.rootOfTxids(txids), name + ": tree root");
            MerklePath path = Merkle.coinbasePath(txids);
            assertEquals(MerklePath.of(hexList(block.get("coinbase_merkle_path_wire"))), path, name + ": path");
            assertArrayEquals(root, path.root(txids.get(0)), name + ": folded root");
        }
    }

    @Test
    void genesisCoinbaseTxidIsItsSha256d() {
        JsonNode genesis = blocks().iterator().next();
        byte[] tx = hex(genesis.get("coinbase_tx_hex"));
        assertArrayEquals(hex(genesis.get("txids_wire").get(0)), Sha256d.of(tx));
        // Splitting the transaction anywhere into the four spec parts gives the same txid.
        byte[] txid = Merkle.coinbaseTxid(Arrays.copyOfRange(tx, 0, 42), new byte[0],
                Arrays.copyOfRange(tx, 42, 50), Arrays.copyOfRange(tx, 50, tx.length));
        assertArrayEquals(Sha256d.of(tx), txid);
    }

    @Test
    void headerFromFieldsSerializesAndHashes() {
        for (JsonNode block : blocks()) {
            String name = block.get("name").asText();
            BlockHeader header = new BlockHeader(block.get("version").asInt(), hex(block.get("prev_hash_wire")),
                    hex(block.get("merkle_root_wire")), (int) block.get("time").asLong(), Vectors.u32(block.get("bits")),
                    (int) block.get("nonce").asLong());
            assertEquals(block.get("header_hex").asText(), hex(header.toBytes()), name);
            byte[] hash = header.hash();
            assertArrayEquals(hex(block.get("block_hash_wire")), hash, name);
            assertEquals(block.get("block_hash_display").asText(), hex(Vectors.reversed(hash)), name);

            Target target = Target.fromNBits(Vectors.u32(block.get("bits")));
            assertEquals(block.get("target_from_bits_display").asText(), target.toString(), name);
            assertTrue(target.isMetBy(hash), name + " meets its own nbits");
        }
    }

    @Test
    void headerParsesBackToItsFields() {
        for (JsonNode block : blocks()) {
            BlockHeader header = BlockHeader.parse(hex(block.get("header_hex")));
            assertEquals(block.get("version").asInt(), header.version());
            assertArrayEquals(hex(block.get("prev_hash_wire")), header.prevHash());
            assertArrayEquals(hex(block.get("merkle_root_wire")), header.merkleRoot());
            assertEquals(block.get("time").asLong(), Integer.toUnsignedLong(header.ntime()));
            assertEquals(Vectors.u32(block.get("bits")), header.nbits());
            assertEquals(block.get("nonce").asLong(), Integer.toUnsignedLong(header.nonce()));
            assertEquals(header, BlockHeader.parse(header.toBytes()));
        }
    }
}
