package org.sv2translator.v1;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/** Bounded fuzzing of the line codec and the server pipeline (a few hundred inputs, well under a second each). */
class V1CodecFuzzTest {
    private static final List<String> SEEDS = List.of(
            "{\"id\": 1, \"method\": \"mining.subscribe\", \"params\": [\"cpuminer/2.5.1\"]}",
            "{\"id\": \"auth\", \"method\": \"mining.authorize\", \"params\": [\"farm.w1\", \"x\"]}",
            "{\"method\": \"mining.submit\", \"params\": [\"cpuw.1\", \"1\", \"00000000\", \"6b058d24\", \"1cac0681\"], \"id\":4}",
            "{\"id\": 1, \"method\": \"mining.configure\", \"params\": [[\"minimum-difficulty\", \"version-rolling\"], {\"minimum-difficulty.value\": 2048, \"version-rolling.mask\": \"1fffe000\", \"version-rolling.min-bit-count\": 2}]}",
            "{\"id\": null, \"method\": \"mining.suggest_target\", \"params\": [\"0000000000ffff00000000000000000000000000000000000000000000000000\"]}",
            "{\"id\": 1, \"result\": [[[\"mining.set_difficulty\", \"1\"], [\"mining.notify\", \"1\"]], \"00000001\", 4], \"error\": null}",
            "{\"id\": null, \"method\": \"client.reconnect\", \"params\": [\"backup.example.org\", 3333, 0]}");
    private static final String ALPHABET = "{}[]\",:0123456789abcdefnulltrue-.eE \\\r\n\u00e9";

    /** Real lines with random edits: deletions, insertions and substitutions of JSON-significant characters. */
    @Provide
    Arbitrary<String> mutatedLines() {
        Arbitrary<int[]> edit = Combinators.combine(Arbitraries.integers().between(0, 2), Arbitraries.integers().between(0, 400),
                Arbitraries.integers().between(0, ALPHABET.length() - 1)).as((k, pos, c) -> new int[] {k, pos, c});
        return Combinators.combine(Arbitraries.of(SEEDS), edit.list().ofMinSize(1).ofMaxSize(6)).as((seed, edits) -> {
            StringBuilder s = new StringBuilder(seed);
            for (int[] e : edits) {
                int pos = e[1] % (s.length() + 1);
                char c = ALPHABET.charAt(e[2]);
                if (e[0] == 0 && pos < s.length()) {
                    s.deleteCharAt(pos);
                } else if (e[0] == 1) {
                    s.insert(pos, c);
                } else if (pos < s.length()) {
                    s.setCharAt(pos, c);
                }
            }
            return s.toString();
        });
    }

    @Property(tries = 400)
    void decodersThrowOnlyTheTypedError(@ForAll("mutatedLines") String line) {
        try {
            V1Request r = V1Codec.decodeRequest(line);
            assertTrue(r.method().length() <= V1Codec.MAX_METHOD_LENGTH);
        } catch (V1DecodeException e) {
            assertEquals(V1Error.CODE_OTHER, e.error().code());
        }
        try {
            V1Codec.decodeFromServer(line);
        } catch (V1DecodeException e) {
            assertEquals(V1Error.CODE_OTHER, e.error().code());
        }
    }

    @Property(tries = 200)
    void arbitraryTextOnlyTheTypedError(@ForAll @Size(max = 200) String line) {
        try {
            V1Codec.decodeRequest(line);
        } catch (V1DecodeException e) {
            assertTrue(e.answerable() || line.contains("null"));
        }
    }

    /**
     * Random chunks through the server pipeline: every line the server writes is a JSON-RPC object, there is at
     * most one answer per input line, and every inbound buffer is released.
     */
    @Property(tries = 100)
    void pipelineAnswersAtMostOncePerLineAndReleasesEverything(@ForAll("chunks") List<String> chunks) {
        EmbeddedMiner miner = new EmbeddedMiner(new SimpleV1Backend(),
                V1ServerConfig.defaults().withMaxLineLength(300).withErrorBudget(1000));
        List<ByteBuf> inputs = new ArrayList<>();
        int newlines = 0;
        List<String> out = new ArrayList<>();
        for (String chunk : chunks) {
            if (!miner.channel.isActive()) {
                break;
            }
            ByteBuf buf = Unpooled.copiedBuffer(chunk, java.nio.charset.StandardCharsets.UTF_8);
            inputs.add(buf);
            newlines += (int) chunk.chars().filter(c -> c == '\n').count();
            miner.channel.writeInbound(buf);
            out.addAll(miner.output());
        }
        miner.channel.finishAndReleaseAll();
        assertTrue(out.size() <= newlines + 1, out.size() + " answers for " + newlines + " lines");
        for (String line : out) {
            JsonNode node = Vectors.tree(line);
            assertTrue(node.has("id") && (node.has("result") || node.has("method")), line);
        }
        for (ByteBuf b : inputs) {
            assertEquals(0, b.refCnt(), "inbound buffer released");
        }
    }

    @Provide
    Arbitrary<List<String>> chunks() {
        Arbitrary<String> piece = Arbitraries.oneOf(mutatedLines().map(l -> l + "\n"), mutatedLines(),
                Arbitraries.strings().withChars(ALPHABET).ofMaxLength(400));
        return piece.list().ofMinSize(1).ofMaxSize(8);
    }

    @Property(tries = 200)
    void submitRoundTrips(@ForAll @Size(max = 32) byte[] extranonce2, @ForAll int ntime, @ForAll int nonce,
                          @ForAll boolean hasVersionBits, @ForAll int versionBits, @ForAll long id) {
        V1Request.Submit s = new V1Request.Submit(RequestId.of(id), "w\u00e9.\"1\"", "job" + id, extranonce2, ntime, nonce,
                hasVersionBits, hasVersionBits ? versionBits : 0);
        V1Request.Submit back = (V1Request.Submit) V1Codec.decodeRequest(V1Codec.encodeToString(s));
        assertEquals(s.id(), back.id());
        assertEquals(s.workerName(), back.workerName());
        assertEquals(s.jobId(), back.jobId());
        assertArrayEquals(extranonce2, back.extranonce2());
        assertEquals(List.of(ntime, nonce, hasVersionBits, s.versionBits()),
                List.of(back.ntime(), back.nonce(), back.hasVersionBits(), back.versionBits()));
    }

    @Property(tries = 100)
    void notifyRoundTrips(@ForAll @Size(32) byte[] prevHash, @ForAll @Size(max = 100) byte[] coinbase1,
                          @ForAll @Size(max = 12) List<@Size(32) byte[]> branch, @ForAll int version, @ForAll boolean clean) {
        V1Notification.Notify n = new V1Notification.Notify("j", prevHash, coinbase1, new byte[] {1}, branch, version,
                0x1703a30c, 0x6b058d24, clean);
        V1Notification.Notify back = (V1Notification.Notify) V1Codec.decodeFromServer(V1Codec.encodeToString(n));
        assertArrayEquals(prevHash, back.prevHash());
        assertArrayEquals(coinbase1, back.coinbase1());
        assertEquals(branch.size(), back.merkleBranch().size());
        for (int i = 0; i < branch.size(); i++) {
            assertArrayEquals(branch.get(i), back.merkleBranch().get(i));
        }
        assertEquals(List.of(version, clean), List.of(back.version(), back.cleanJobs()));
    }
}
