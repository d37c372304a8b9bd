package org.sv2translator.v1;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class V1CodecTest {

    /** Every miner line of the real cpuminer session and of the message shapes decodes to its typed request. */
    @Test
    void decodesEveryClientLineOfTheVectors() {
        int decoded = 0;
        for (String file : List.of("stratum-v1/cpuminer-2.5.1.jsonl", "stratum-v1/message_shapes.jsonl")) {
            for (JsonNode entry : Vectors.lines(file)) {
                if (!entry.get("dir").asText().equals("c2s")) {
                    continue;
                }
                String line = entry.get("line").asText();
                V1Request request = V1Codec.decodeRequest(line);
                JsonNode original = Vectors.tree(line);
                assertEquals(original.get("method").asText(), request.method(), line);
                assertEquals(original.get("id").toString(), request.id().toString(), line);
                if (!(request instanceof V1Request.Unknown) && !line.contains("info.connection-url")) {
                    // Symmetric codec: what a test miner would send is the same JSON value as the real client's.
                    JsonNode encoded = Vectors.tree(V1Codec.encodeToString(request));
                    assertEquals(original.get("params"), encoded.get("params"), line);
                    assertEquals(original.get("id"), encoded.get("id"), line);
                }
                decoded++;
            }
        }
        assertTrue(decoded >= 15, "decoded " + decoded);
    }

    /** Every pool line decodes client-side and re-encodes to the same JSON value. */
    @Test
    void serverLinesRoundTrip() {
        int checked = 0;
        for (String file : List.of("stratum-v1/cpuminer-2.5.1.jsonl", "stratum-v1/message_shapes.jsonl")) {
            for (JsonNode entry : Vectors.lines(file)) {
                if (!entry.get("dir").asText().equals("s2c")) {
                    continue;
                }
                String line = entry.get("line").asText();
                V1Message message = V1Codec.decodeFromServer(line);
                assertEquals(Vectors.tree(line), Vectors.tree(V1Codec.encodeToString(message)), line);
                checked++;
            }
        }
        assertTrue(checked >= 30, "checked " + checked);
    }

    @Test
    void bfgminerShapes() {
        V1Request auth = V1Codec.decodeRequest("{\"id\": \"auth\", \"method\": \"mining.authorize\", \"params\": [\"farm.w1\", \"x\"]}");
        assertEquals(new V1Request.Authorize(RequestId.of("auth"), "farm.w1", "x"), auth);
        V1Request suggest = V1Codec.decodeRequest("{\"id\": null, \"method\": \"mining.suggest_difficulty\", \"params\": [256]}");
        assertEquals(new V1Request.SuggestDifficulty(RequestId.NULL, 256), suggest);
        assertTrue(suggest.id().isNull());
        V1Request caps = V1Codec.decodeRequest("{\"id\": null, \"method\": \"mining.capabilities\", \"params\": [{\"notify\": []}]}");
        assertEquals(new V1Request.Unknown(RequestId.NULL, "mining.capabilities"), caps);
        V1Request.Subscribe resume = (V1Request.Subscribe) V1Codec.decodeRequest(
                "{\"id\": 1, \"method\": \"mining.subscribe\", \"params\": [\"bfgminer/5.5.0\", \"00000001\", \"host\", 3333]}");
        assertEquals("bfgminer/5.5.0", resume.userAgent());
        assertEquals("00000001", resume.sessionId());
        V1Request.Subscribe bare = (V1Request.Subscribe) V1Codec.decodeRequest("{\"id\":1,\"method\":\"mining.subscribe\"}");
        assertEquals(null, bare.userAgent());
    }

    @Test
    void configureDecodesBip310Parameters() {
        V1Request.Configure c = (V1Request.Configure) V1Codec.decodeRequest("{\"id\": 1, \"method\": \"mining.configure\", "
                + "\"params\": [[\"minimum-difficulty\", \"version-rolling\"], {\"minimum-difficulty.value\": 2048, "
                + "\"version-rolling.mask\": \"1fffe000\", \"version-rolling.min-bit-count\": 2}]}");
        assertEquals(List.of("minimum-difficulty", "version-rolling"), c.extensions());
        assertEquals(0x1fffe000, c.versionRollingMask());
        assertEquals(2, c.versionRollingMinBitCount());
        assertEquals(2048.0, c.minimumDifficulty());
        V1Request.Configure noMask = (V1Request.Configure) V1Codec.decodeRequest(
                "{\"id\":2,\"method\":\"mining.configure\",\"params\":[[\"version-rolling\"],{}]}");
        assertEquals(0xffffffff, noMask.versionRollingMask(), "BIP310 default mask");
        assertTrue(Double.isNaN(noMask.minimumDifficulty()));
    }

    /** The worked shares: notify and submit decode into exactly the header fields the vector re-validated. */
    @Test
    void workedSharesDecodeIntoHeaderFields() {
        JsonNode shares = Vectors.load("stratum-v1/worked_shares.json").get("shares");
        for (JsonNode share : shares) {
            String notifyLine = "{\"id\":null,\"method\":\"mining.notify\",\"params\":" + share.get("job") + "}";
            V1Notification.Notify notify = (V1Notification.Notify) V1Codec.decodeFromServer(notifyLine);
            byte[] header = Vectors.hex(share.get("header").asText());
            assertArrayEquals(Arrays.copyOfRange(header, 4, 36), notify.prevHash(), "prevhash held as header bytes");
            ByteBuffer h = ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN);
            assertEquals(h.getInt(0), notify.version());
            assertEquals(h.getInt(68), notify.ntime());
            assertEquals(h.getInt(72), notify.nbits());
            assertEquals(share.get("job").get(1).asText(), Vectors.tree(V1Codec.encodeToString(notify)).get("params").get(1).asText(),
                    "encoding word-swaps back");

            String submitLine = "{\"id\":4,\"method\":\"mining.submit\",\"params\":" + share.get("submit") + "}";
            V1Request.Submit submit = (V1Request.Submit) V1Codec.decodeRequest(submitLine);
            assertEquals(h.getInt(68), submit.ntime());
            assertEquals(h.getInt(76), submit.nonce());
            assertArrayEquals(Vectors.hex(share.get("submit").get(2).asText()), submit.extranonce2());
            assertFalse(submit.hasVersionBits());
        }
    }

    @Test
    void versionRollingShareDecodes() {
        JsonNode v = Vectors.load("stratum-v1/version_rolling_share.json");
        V1Request.Configure c = (V1Request.Configure) V1Codec.decodeRequest(v.get("configure_request").toString());
        V1Request.Submit s = (V1Request.Submit) V1Codec.decodeRequest(v.get("submit").toString());
        assertTrue(s.hasVersionBits());
        int jobVersion = Integer.parseUnsignedInt(v.get("job").get(5).asText(), 16);
        int mask = c.versionRollingMask();
        assertEquals(0, s.versionBits() & ~mask);
        int headerVersion = ByteBuffer.wrap(Vectors.hex(v.get("header").asText())).order(ByteOrder.LITTLE_ENDIAN).getInt(0);
        assertEquals(headerVersion, (jobVersion & ~mask) | (s.versionBits() & mask));
        V1Response response = new V1Response(RequestId.of(1), new V1Response.ConfigureResult(
                Map.of("version-rolling", true, "version-rolling.mask", "1fffe000")), null);
        assertEquals(v.get("configure_response"), Vectors.tree(V1Codec.encodeToString(response)));
    }

    @Test
    void acceptsCrLfFramedBufferSlicesAndDirectBuffers() {
        byte[] line = "{\"id\":7,\"method\":\"mining.extranonce.subscribe\",\"params\":[]}".getBytes(StandardCharsets.UTF_8);
        ByteBuf direct = ByteBufAllocator.DEFAULT.directBuffer().writeBytes(line);
        ByteBuf slice = Unpooled.wrappedBuffer(new byte[3], line).slice(3, line.length);
        try {
            assertEquals(new V1Request.ExtranonceSubscribe(RequestId.of(7)), V1Codec.decodeRequest(direct));
            assertEquals(new V1Request.ExtranonceSubscribe(RequestId.of(7)), V1Codec.decodeRequest(Unpooled.copiedBuffer(slice)));
            assertEquals(line.length, direct.readableBytes(), "not consumed");
        } finally {
            direct.release();
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "`{\"id\":1,\"method\":\"mining.subscribe\"`|Invalid JSON|1",
        "`not json`|Invalid JSON|null",
        "`[1,2]`|Invalid JSON-RPC message: not an object|null",
        "`{\"id\":3,\"method\":\"mining.submit\"} {}`|Invalid JSON|3",
        "`{\"id\":{},\"method\":\"mining.submit\"}`|Invalid request id|null",
        "`{\"id\":2,\"params\":[]}`|Missing method|2",
        "`{\"id\":2,\"method\":5}`|Invalid method|2",
        "`{\"id\":\"a\",\"method\":\"mining.authorize\",\"params\":[5,\"x\"]}`|mining.authorize: worker name must be a string|\"a\"",
        "`{\"id\":4,\"method\":\"mining.authorize\",\"params\":{\"user\":\"w\"}}`|mining.authorize: params must be an array|4",
        "`{\"id\":4,\"method\":\"mining.submit\",\"params\":[\"w\",\"1\",\"0000\",\"6b058d24\"]}`|mining.submit: nonce is missing|4",
        "`{\"id\":4,\"method\":\"mining.submit\",\"params\":[\"w\",\"1\",\"0000\",\"6b058d24\",12345]}`|mining.submit: nonce must be a string|4",
        "`{\"id\":4,\"method\":\"mining.submit\",\"params\":[\"w\",\"1\",\"0000\",\"6b058d2\",\"00000000\"]}`|mining.submit: ntime must be 8 hex digits|4",
        "`{\"id\":4,\"method\":\"mining.submit\",\"params\":[\"w\",\"1\",\"zz00\",\"6b058d24\",\"00000000\"]}`|mining.submit: extranonce2 must be hex of at most 32 bytes|4",
        "`{\"id\":4,\"method\":\"mining.submit\",\"params\":[\"w\",\"1\",\"000\",\"6b058d24\",\"00000000\"]}`|mining.submit: extranonce2 must be hex of at most 32 bytes|4",
        "`{\"id\":4,\"method\":\"mining.submit\",\"params\":[\"w\",\"1\",\"00\",\"6b058d24\",\"00000000\",\"+0000000\"]}`|mining.submit: version bits must be 8 hex digits|4",
        "`{\"id\":5,\"method\":\"mining.suggest_difficulty\",\"params\":[-1]}`|mining.suggest_difficulty: difficulty must be a positive number|5",
        "`{\"id\":5,\"method\":\"mining.suggest_target\",\"params\":[\"00ff\"]}`|mining.suggest_target: target must be hex of 32 bytes|5",
        "`{\"id\":6,\"method\":\"mining.configure\",\"params\":[\"version-rolling\"]}`|mining.configure: extensions must be an array|6",
        "`{\"id\":6,\"method\":\"mining.configure\",\"params\":[[\"version-rolling\"],{\"version-rolling.mask\":\"xyz\"}]}`|mining.configure: version-rolling.mask must be 8 hex digits|6",
    })
    void badInputGivesOneTypedError(String line, String message, String id) {
        V1DecodeException e = assertThrows(V1DecodeException.class, () -> V1Codec.decodeRequest(line));
        assertEquals(message, e.getMessage());
        assertEquals(V1Error.CODE_OTHER, e.error().code());
        assertEquals(id, e.id().toString());
        assertTrue(e.answerable());
    }

    @Test
    void badNotificationIsNotAnswerable() {
        V1DecodeException e = assertThrows(V1DecodeException.class,
                () -> V1Codec.decodeRequest("{\"id\":null,\"method\":\"mining.suggest_difficulty\",\"params\":[\"x\"]}"));
        assertFalse(e.answerable());
        assertEquals("mining.suggest_difficulty: difficulty must be a number", e.getMessage());
    }

    @Test
    void idsAreEchoedVerbatim() {
        for (String id : List.of("4", "\"auth\"", "12345678901234567890", "1.5", "-3")) {
            V1Request r = V1Codec.decodeRequest("{\"id\":" + id + ",\"method\":\"mining.extranonce.subscribe\"}");
            String out = V1Codec.encodeToString(V1Response.ok(r.id(), true));
            assertEquals("{\"id\":" + id + ",\"result\":true,\"error\":null}", out);
        }
    }

    @Test
    void difficultiesArePlainNumbers() {
        assertEquals("{\"id\":null,\"method\":\"mining.set_difficulty\",\"params\":[1024]}",
                V1Codec.encodeToString(new V1Notification.SetDifficulty(1024)));
        assertEquals("{\"id\":null,\"method\":\"mining.set_difficulty\",\"params\":[0.0001]}",
                V1Codec.encodeToString(new V1Notification.SetDifficulty(0.0001)));
    }

    @Test
    void aReconnectToTheSameServerCarriesNoParameters() {
        String same = V1Codec.encodeToString(V1Notification.Reconnect.SAME_SERVER);
        assertEquals("{\"id\":null,\"method\":\"client.reconnect\",\"params\":[]}", same);
        assertEquals(V1Notification.Reconnect.SAME_SERVER, V1Codec.decodeFromServer(same));
        assertEquals("{\"id\":null,\"method\":\"client.reconnect\",\"params\":[\"pool.example\",3333,5]}",
                V1Codec.encodeToString(new V1Notification.Reconnect("pool.example", 3333, 5)));
    }

    @Test
    void clientSideDecodesResponsesByShape() {
        V1Response sub = (V1Response) V1Codec.decodeFromServer(
                "{\"id\": 1, \"result\": [[[\"mining.set_difficulty\", \"1\"], [\"mining.notify\", \"1\"]], \"00000001\", 4], \"error\": null}");
        V1Response.SubscribeResult r = assertInstanceOf(V1Response.SubscribeResult.class, sub.result());
        assertArrayEquals(new byte[] {0, 0, 0, 1}, r.extranonce1());
        assertEquals(4, r.extranonce2Size());
        V1Response err = (V1Response) V1Codec.decodeFromServer("{\"id\":9,\"result\":null,\"error\":{\"code\":22,\"message\":\"dup\"}}");
        assertEquals(new V1Error(22, "dup"), err.error());
        assertThrows(V1DecodeException.class, () -> V1Codec.decodeFromServer("{\"id\":1,\"result\":[1,2,3],\"error\":null}"));
    }
}
