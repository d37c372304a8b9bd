package org.sv2translator.v2.noise.netty;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.security.MessageDigest;
import java.util.Arrays;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;
import org.sv2translator.v2.noise.CipherState;

/** The encrypted frames of sv2/noise_handshake.json, produced and consumed by {@link NoiseTransportCodec}. */
class TransportVectorTest {
    private final JsonNode v = Vectors.json("sv2/noise_handshake.json");

    private CipherState key(String field) {
        CipherState state = new CipherState();
        state.initializeKey(Vectors.hex(v.get(field).asText()));
        return state;
    }

    @Test
    void chunkLengthsFollowTheSpec() {
        assertEquals(0, NoiseTransportCodec.ciphertextLength(0));
        assertEquals(17, NoiseTransportCodec.ciphertextLength(1));
        assertEquals(65_535, NoiseTransportCodec.ciphertextLength(65_519));
        assertEquals(65_535 + 17, NoiseTransportCodec.ciphertextLength(65_520));
        assertEquals(65_535 + 4_497, NoiseTransportCodec.ciphertextLength(70_000));
    }

    @Test
    void encryptedFramesMatchBothWays() throws Exception {
        // Initiator side: sends with c1, receives with c2. Responder side: the reverse.
        EmbeddedChannel initiator = new EmbeddedChannel(new NoiseTransportCodec(key("c1_key"), key("c2_key"), 1 << 20));
        EmbeddedChannel responder = new EmbeddedChannel(new NoiseTransportCodec(key("c2_key"), key("c1_key"), 1 << 20));
        JsonNode t = v.get("transport");

        byte[] setup = Vectors.hex(t.get(0).get("plaintext_frame").asText());
        initiator.writeOutbound(Fixtures.wrap(setup));
        byte[] setupCt = Fixtures.bytes(initiator.readOutbound());
        assertEquals(t.get(0).get("ciphertext").asText(), Vectors.hex(setupCt));
        responder.writeInbound(Fixtures.wrap(setupCt));
        assertArrayEquals(setup, Fixtures.bytes(responder.readInbound()));

        byte[] success = Vectors.hex(t.get(1).get("plaintext_frame").asText());
        responder.writeOutbound(Fixtures.wrap(success));
        byte[] successCt = Fixtures.bytes(responder.readOutbound());
        assertEquals(t.get(1).get("ciphertext").asText(), Vectors.hex(successCt));
        initiator.writeInbound(Fixtures.wrap(successCt));
        assertArrayEquals(success, Fixtures.bytes(initiator.readInbound()));

        // 70,000-byte payload: header chunk, one full 65,535-byte chunk, one 4,497-byte chunk, at nonces 2..4.
        JsonNode big = t.get(2);
        byte[] payload = new byte[70_000];
        for (int i = 0; i < payload.length; i++) {
            payload[i] = (byte) (i % 251);
        }
        byte[] frame = new byte[6 + payload.length];
        frame[0] = 0x00;
        frame[1] = (byte) 0x80; // channel_msg bit of extension_type
        byte[] header = Fixtures.frame(0x1f, payload);
        System.arraycopy(header, 2, frame, 2, frame.length - 2);
        assertEquals(big.get("plaintext_sha256").asText(), sha256(frame));
        initiator.writeOutbound(Fixtures.wrap(frame));
        byte[] bigCt = Fixtures.bytes(initiator.readOutbound());
        assertEquals(big.get("ciphertext_length").asInt(), bigCt.length);
        assertEquals(22 + 65_535 + 4_497, bigCt.length);
        assertEquals(big.get("ciphertext_sha256").asText(), sha256(bigCt));
        assertEquals(big.get("ciphertext_first_64").asText(), Vectors.hex(Arrays.copyOf(bigCt, 64)));
        assertEquals(big.get("ciphertext_last_64").asText(),
                Vectors.hex(Arrays.copyOfRange(bigCt, bigCt.length - 64, bigCt.length)));

        // Delivered in awkward pieces, it still comes out as one whole frame, and only at the end.
        int[] cuts = {0, 5, 22, 23, 1000, 65_557, 65_558, bigCt.length};
        for (int i = 0; i + 1 < cuts.length; i++) {
            responder.writeInbound(Fixtures.wrap(Arrays.copyOfRange(bigCt, cuts[i], cuts[i + 1])));
            if (i + 2 < cuts.length) {
                assertNull(responder.readInbound(), "frame delivered before its last chunk");
            }
        }
        ByteBuf out = responder.readInbound();
        assertArrayEquals(frame, Fixtures.bytes(out));
        assertNull(responder.readInbound());
        initiator.finishAndReleaseAll();
        responder.finishAndReleaseAll();
    }

    private static String sha256(byte[] data) throws Exception {
        return Vectors.hex(MessageDigest.getInstance("SHA-256").digest(data));
    }
}
