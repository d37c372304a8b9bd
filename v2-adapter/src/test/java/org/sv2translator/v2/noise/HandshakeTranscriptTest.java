package org.sv2translator.v2.noise;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Replays sv2/noise_handshake.json byte for byte: ck/h after each act, both messages, certificate, transport keys. */
class HandshakeTranscriptTest {
    private JsonNode v;

    @BeforeEach
    void load() {
        v = Vectors.json("sv2/noise_handshake.json");
    }

    private byte[] hex(String field) {
        return Vectors.hex(v.get(field).asText());
    }

    private NoiseKeyPair key(String prefix) {
        return NoiseKeyPair.of(hex(prefix + "_secret"), hex(prefix + "_ellswift"));
    }

    private SignatureNoiseMessage vectorCertificate() {
        JsonNode c = v.get("certificate");
        return SignatureNoiseMessage.sign(hex("authority_secret"), hex("responder_static_xonly"),
                c.get("version").asInt(), c.get("valid_from").asLong(), c.get("not_valid_after").asLong(),
                Vectors.hex(c.get("bip340_aux_rand").asText()));
    }

    private CertificateVerifier verifierAt(byte[] authority, long unixTime) {
        return new CertificateVerifier(authority, Clock.fixed(Instant.ofEpochSecond(unixTime), ZoneOffset.UTC),
                Duration.ZERO);
    }

    @Test
    void initialStateMatches() throws Exception {
        assertEquals(SymmetricState.PROTOCOL_NAME, v.get("protocol_name").asText());
        byte[] h0 = MessageDigest.getInstance("SHA-256").digest(SymmetricState.PROTOCOL_NAME.getBytes(StandardCharsets.US_ASCII));
        SymmetricState state = new SymmetricState();
        assertArrayEquals(hex("initial_ck"), state.chainingKey());
        assertArrayEquals(h0, state.chainingKey());
        assertArrayEquals(hex("initial_h"), state.handshakeHash());
    }

    @Test
    void certificateMatches() {
        SignatureNoiseMessage cert = vectorCertificate();
        JsonNode c = v.get("certificate");
        assertArrayEquals(Vectors.hex(c.get("signed_hash_m").asText()), cert.signedHash(hex("responder_static_xonly")));
        assertArrayEquals(Vectors.hex(c.get("signature_noise_message").asText()), cert.encode());
        assertArrayEquals(hex("authority_xonly"), Bip340.publicKey(hex("authority_secret")));
        assertArrayEquals(hex("responder_static_xonly"), key("responder_static").xOnlyPublicKey());
    }

    @Test
    void fullTranscriptBothRoles() throws Exception {
        HandshakeState initiator = HandshakeState.initiator(() -> key("initiator_ephemeral"));
        HandshakeState responder = HandshakeState.responder(key("responder_static"), () -> key("responder_ephemeral"));

        byte[] m1 = initiator.writeMessage(new byte[0]);
        assertArrayEquals(hex("handshake_message_1"), m1);
        assertStep(initiator, v.get("trace_initiator").get(0));
        assertArrayEquals(new byte[0], responder.readMessage(m1));
        assertStep(responder, v.get("trace_responder").get(0));

        byte[] m2 = responder.writeMessage(vectorCertificate().encode());
        assertEquals(234, m2.length);
        assertEquals(HandshakeState.MESSAGE_2_LENGTH, m2.length);
        assertArrayEquals(hex("handshake_message_2"), m2);
        assertStep(responder, v.get("trace_responder").get(1));
        byte[] payload = initiator.readMessage(m2);
        assertStep(initiator, v.get("trace_initiator").get(1));
        assertArrayEquals(hex("final_h"), initiator.handshakeHash());
        assertArrayEquals(hex("final_ck"), initiator.chainingKey());
        assertArrayEquals(hex("responder_static_ellswift"), initiator.remoteStaticKey());

        SignatureNoiseMessage cert = verifierAt(hex("authority_xonly"), v.get("verify_at_unix_time").asLong())
                .verify(payload, initiator.remoteStaticKey());
        assertArrayEquals(Vectors.hex(v.get("certificate").get("signature_noise_message").asText()), cert.encode());

        HandshakeState.CipherPair ours = initiator.split();
        HandshakeState.CipherPair theirs = responder.split();
        // Keys are checked by behaviour: encrypting with a CipherState keyed from the vector gives the same bytes.
        for (var pair : new HandshakeState.CipherPair[] {ours, theirs}) {
            assertSameKey(hex("c1_key"), pair.c1());
            assertSameKey(hex("c2_key"), pair.c2());
        }
    }

    @Test
    void mustFailWrongAuthority() throws Exception {
        byte[] payload = initiatorPayload();
        byte[] wrongAuthority = Bip340.publicKey(Vectors.hex("66".repeat(32)));
        NoiseException e = assertThrows(NoiseException.class,
                () -> verifierAt(wrongAuthority, v.get("verify_at_unix_time").asLong())
                        .verify(payload, hex("responder_static_ellswift")));
        assertEquals(NoiseException.Reason.CERTIFICATE_BAD_SIGNATURE, e.reason());
    }

    @Test
    void mustFailExpired() throws Exception {
        byte[] payload = initiatorPayload();
        long late = v.get("certificate").get("not_valid_after").asLong() + 1_000_000;
        NoiseException e = assertThrows(NoiseException.class,
                () -> verifierAt(hex("authority_xonly"), late).verify(payload, hex("responder_static_ellswift")));
        assertEquals(NoiseException.Reason.CERTIFICATE_EXPIRED, e.reason());
    }

    @Test
    void mustFailEveryFlippedBitOfMessage2() throws Exception {
        byte[] m2 = hex("handshake_message_2");
        // One bit in every byte after the plaintext ephemeral key (a different bit position in each byte): every
        // encrypted field and both MACs are hit, at an eighth of the cost of all 1,360 bits.
        for (int i = 64; i < m2.length; i++) {
            int bit = i * 8 + i % 8;
            byte[] bad = m2.clone();
            bad[bit / 8] ^= (byte) (1 << (bit % 8));
            HandshakeState initiator = HandshakeState.initiator(() -> key("initiator_ephemeral"));
            initiator.writeMessage(new byte[0]);
            NoiseException e = assertThrows(NoiseException.class, () -> initiator.readMessage(bad), "bit " + bit);
            assertEquals(NoiseException.Reason.DECRYPT_FAILED, e.reason());
        }
    }

    @Test
    void truncatedMessagesAreMalformed() throws Exception {
        HandshakeState initiator = HandshakeState.initiator(() -> key("initiator_ephemeral"));
        initiator.writeMessage(new byte[0]);
        byte[] m2 = hex("handshake_message_2");
        NoiseException e = assertThrows(NoiseException.class,
                () -> initiator.readMessage(java.util.Arrays.copyOf(m2, 170)));
        assertEquals(NoiseException.Reason.HANDSHAKE_MALFORMED, e.reason());
        HandshakeState responder = HandshakeState.responder(key("responder_static"));
        e = assertThrows(NoiseException.class, () -> responder.readMessage(new byte[63]));
        assertEquals(NoiseException.Reason.HANDSHAKE_MALFORMED, e.reason());
    }

    @Test
    void outOfTurnCallsAreRefused() throws Exception {
        HandshakeState initiator = HandshakeState.initiator();
        assertThrows(IllegalStateException.class, () -> initiator.readMessage(new byte[234]));
        assertThrows(IllegalStateException.class, initiator::split);
        initiator.writeMessage(new byte[0]);
        assertThrows(IllegalStateException.class, () -> initiator.writeMessage(new byte[0]));
    }

    private byte[] initiatorPayload() throws NoiseException {
        HandshakeState initiator = HandshakeState.initiator(() -> key("initiator_ephemeral"));
        initiator.writeMessage(new byte[0]);
        return initiator.readMessage(hex("handshake_message_2"));
    }

    private static void assertStep(HandshakeState state, JsonNode step) {
        assertArrayEquals(Vectors.hex(step.get("h").asText()), state.handshakeHash(), step.get("step").asText());
        assertArrayEquals(Vectors.hex(step.get("ck").asText()), state.chainingKey(), step.get("step").asText());
    }

    private static void assertSameKey(byte[] key, CipherState state) throws NoiseException {
        CipherState reference = new CipherState();
        reference.initializeKey(key);
        byte[] probe = "probe".getBytes(StandardCharsets.US_ASCII);
        long n = state.nonce();
        assertEquals(0, n);
        assertArrayEquals(reference.encryptWithAd(new byte[0], probe), state.encryptWithAd(new byte[0], probe));
    }
}
