package org.sv2translator.bitcoin;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sv2translator.bitcoin.Vectors.hex;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Real cpuminer shares (stratum-v1/worked_shares.json, version_rolling_share.json) recomputed from their parts. */
class ShareHasherTest {

    /** One V1 share: the notify's job, the miner's extranonce1 and its submit, with the expected results. */
    private record Share(String name, byte[] coinb1, byte[] extranonce1, byte[] extranonce2, byte[] coinb2,
                         MerklePath branch, int version, byte[] prevHash, int ntime, int nbits, int nonce,
                         double difficulty, JsonNode expected) {

        static Share of(String name, JsonNode job, JsonNode extranonce1, JsonNode submit, int version,
                        double difficulty, JsonNode expected) {
            return new Share(name, hex(job.get(2)), hex(extranonce1), hex(submit.get(2)), hex(job.get(3)),
                    MerklePath.of(Vectors.hexList(job.get(4))), version, v1PrevHash(job.get(1).asText()),
                    Vectors.u32(submit.get(3)), Vectors.u32(job.get(6)), Vectors.u32(submit.get(4)), difficulty,
                    expected);
        }

        byte[] hash(ShareHasher hasher) {
            return hasher.hash(coinb1, extranonce1, extranonce2, coinb2, branch, version, prevHash, ntime, nbits, nonce)
                    .clone();
        }
    }

    /** V1's prevhash rule (the V1 adapter's job, applied here to build header bytes): byte-reverse each 4-byte word. */
    private static byte[] v1PrevHash(String notifyHex) {
        byte[] b = hex(notifyHex);
        byte[] out = new byte[32];
        for (int i = 0; i < 32; i++) {
            out[i] = b[(i & ~3) + 3 - (i & 3)];
        }
        return out;
    }

    private static List<Share> shares() {
        List<Share> shares = new ArrayList<>();
        int i = 0;
        for (JsonNode s : Vectors.load("stratum-v1/worked_shares.json").get("shares")) {
            shares.add(Share.of("worked share " + i++, s.get("job"), s.get("extranonce1"), s.get("submit"),
                    Vectors.u32(s.get("job").get(5)), s.get("difficulty").asDouble(), s));
        }
        JsonNode r = Vectors.load("stratum-v1/version_rolling_share.json");
        JsonNode params = r.get("submit").get("params");
        int mask = Vectors.u32(r.get("configure_response").get("result").get("version-rolling.mask"));
        int version = (Vectors.u32(r.get("job").get(5)) & ~mask) | Vectors.u32(params.get(5));
        assertEquals(Vectors.u32(r.get("header_version")), version);
        shares.add(Share.of("version rolling share", r.get("job"), r.get("extranonce1"), params, version,
                r.get("difficulty").asDouble(), r));
        return shares;
    }

    @Test
    void sharesRecomputeToTheirHash() {
        ShareHasher hasher = new ShareHasher();
        for (Share s : shares()) {
            byte[] hash = s.hash(hasher);
            assertEquals(s.expected.get("hash_wire").asText(), hex(hash), s.name);
            assertEquals(s.expected.get("header").asText(), hex(hasher.lastHeader()), s.name);

            Target shareTarget = Target.fromDifficulty(s.difficulty);
            assertTrue(shareTarget.isMetBy(hash), s.name + " meets its share target");
            assertTrue(Target.difficultyOf(hash) >= s.difficulty, s.name);
            assertFalse(Target.fromNBits(s.nbits).isMetBy(hash), s.name + " is not a block");
        }
    }

    @Test
    void stepByStepMatchesCoinbaseMerkleRootAndHeader() {
        for (Share s : shares()) {
            byte[] txid = Merkle.coinbaseTxid(s.coinb1, s.extranonce1, s.extranonce2, s.coinb2);
            if (s.expected.has("coinbase")) {
                assertArrayEquals(Sha256d.of(hex(s.expected.get("coinbase"))), txid, s.name);
            }
            byte[] root = s.branch.root(txid);
            if (s.expected.has("merkle_root_wire")) {
                assertEquals(s.expected.get("merkle_root_wire").asText(), hex(root), s.name);
            }
            BlockHeader header = new BlockHeader(s.version, s.prevHash, root, s.ntime, s.nbits, s.nonce);
            assertEquals(s.expected.get("header").asText(), hex(header.toBytes()), s.name);
            assertEquals(s.expected.get("hash_wire").asText(), hex(header.hash()), s.name);
        }
    }

    @Test
    void reusedHasherCarriesNoStateBetweenShares() {
        List<Share> shares = shares();
        ShareHasher hasher = new ShareHasher();
        List<byte[]> first = new ArrayList<>();
        shares.forEach(s -> first.add(s.hash(hasher)));
        for (int i = shares.size() - 1; i >= 0; i--) {
            assertArrayEquals(first.get(i), shares.get(i).hash(hasher), shares.get(i).name);
        }
        // A call that fails halfway (a caller's null part) does not poison the next one.
        Share s = shares.get(0);
        assertThrows(NullPointerException.class, () -> hasher.hash(s.coinb1, s.extranonce1, null, s.coinb2, s.branch,
                s.version, s.prevHash, s.ntime, s.nbits, s.nonce));
        assertArrayEquals(first.get(0), s.hash(hasher));
    }

    @Test
    void returnsItsOwnBufferAndOneInstancePerThread() throws InterruptedException {
        Share s = shares().get(0);
        ShareHasher hasher = ShareHasher.forCurrentThread();
        assertSame(hasher, ShareHasher.forCurrentThread());
        byte[] a = hasher.hash(s.coinb1, s.extranonce1, s.extranonce2, s.coinb2, s.branch, s.version, s.prevHash,
                s.ntime, s.nbits, s.nonce);
        byte[] b = hasher.hash(s.coinb1, s.extranonce1, s.extranonce2, s.coinb2, s.branch, s.version, s.prevHash,
                s.ntime, s.nbits, s.nonce + 1);
        assertSame(a, b, "documented: the result buffer is reused");

        AtomicReference<ShareHasher> other = new AtomicReference<>();
        Thread thread = new Thread(() -> other.set(ShareHasher.forCurrentThread()));
        thread.start();
        thread.join();
        assertNotSame(hasher, other.get());
    }

    @Test
    void badPrevHashThrowsTypedError() {
        assertThrows(BitcoinFormatException.class, () -> new ShareHasher().hash(new byte[0], new byte[0], new byte[0],
                new byte[0], MerklePath.EMPTY, 1, new byte[31], 0, 0, 0));
    }
}
