package org.sv2translator.v2.noise;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

class Bip340Test {
    private static final byte[] SK = Vectors.hex("0b432b2677937381aef05bb02a66ecd012773062cf3fa2549e44f58ed2401710");

    @Test
    void taggedHashIsShaOfDoubledTagHashThenParts() throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        byte[] tag = sha.digest("some/tag".getBytes(StandardCharsets.UTF_8));
        sha.update(tag);
        sha.update(tag);
        sha.update(new byte[] {1, 2});
        sha.update(new byte[] {3});
        assertArrayEquals(sha.digest(), Bip340.taggedHash("some/tag", new byte[] {1, 2}, new byte[] {3}));
    }

    @Test
    void randomAuxSignaturesDifferAndVerify() {
        byte[] msg = new byte[32];
        byte[] a = Bip340.sign(msg, SK);
        byte[] b = Bip340.sign(msg, SK);
        assertFalse(Arrays.equals(a, b));
        assertTrue(Bip340.verify(msg, Bip340.publicKey(SK), a));
        assertTrue(Bip340.verify(msg, Bip340.publicKey(SK), b));
    }

    /** The certificate of the SV2 handshake vector: the authority's signature over m, reproduced and verified. */
    @Test
    void handshakeVectorCertificateSignature() {
        JsonNode v = Vectors.json("sv2/noise_handshake.json");
        JsonNode cert = v.get("certificate");
        byte[] authoritySecret = Vectors.hex(v.get("authority_secret").asText());
        byte[] authorityX = Vectors.hex(v.get("authority_xonly").asText());
        assertArrayEquals(authorityX, Bip340.publicKey(authoritySecret));
        byte[] m = Vectors.hex(cert.get("signed_hash_m").asText());
        byte[] noiseMessage = Vectors.hex(cert.get("signature_noise_message").asText());
        // version U16 + valid_from U32 + not_valid_after U32, then the 64-byte signature
        byte[] sig = Arrays.copyOfRange(noiseMessage, 10, 74);
        assertEquals(74, noiseMessage.length);
        assertTrue(Bip340.verify(m, authorityX, sig));
        assertArrayEquals(sig, Bip340.sign(m, authoritySecret, Vectors.hex(cert.get("bip340_aux_rand").asText())));
    }

    @Test
    void malformedInputsOfTheRightLengthVerifyFalse() {
        byte[] msg = new byte[32];
        byte[] pub = Bip340.publicKey(SK);
        byte[] sig = Bip340.sign(msg, SK, new byte[32]);
        byte[] ones = Vectors.hex("ff".repeat(32));
        assertFalse(Bip340.verify(msg, ones, sig)); // x >= p
        assertFalse(Bip340.verify(msg, new byte[32], sig)); // x = 0 is not on the curve
        byte[] sigHighS = sig.clone();
        System.arraycopy(ones, 0, sigHighS, 32, 32);
        assertFalse(Bip340.verify(msg, pub, sigHighS));
        byte[] sigHighR = sig.clone();
        System.arraycopy(ones, 0, sigHighR, 0, 32);
        assertFalse(Bip340.verify(msg, pub, sigHighR));
        assertFalse(Bip340.verify(msg, pub, new byte[64]));
        assertFalse(Bip340.verify(msg, pub, concat(ones, ones)));
    }

    @Test
    void wrongLengthsAndBadKeysRaiseOurException() {
        byte[] msg = new byte[32];
        assertThrows(InvalidCryptoInputException.class, () -> Bip340.publicKey(new byte[32]));
        assertThrows(InvalidCryptoInputException.class, () -> Bip340.publicKey(new byte[31]));
        assertThrows(InvalidCryptoInputException.class, () -> Bip340.sign(msg, SK, new byte[31]));
        assertThrows(InvalidCryptoInputException.class, () -> Bip340.sign(null, SK, new byte[32]));
        assertThrows(InvalidCryptoInputException.class, () -> Bip340.sign(msg, Vectors.hex("ff".repeat(32))));
        assertThrows(InvalidCryptoInputException.class, () -> Bip340.verify(msg, new byte[33], new byte[64]));
        assertThrows(InvalidCryptoInputException.class, () -> Bip340.verify(msg, new byte[32], new byte[63]));
        assertThrows(InvalidCryptoInputException.class, () -> Bip340.taggedHash("t", (byte[]) null));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
