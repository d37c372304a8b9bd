package org.sv2translator.v2.noise;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

/** SIGNATURE_NOISE_MESSAGE encoding, the verifier's window and skew, and the key tool. */
class CertificateTest {
    private static final NoiseKeys.AuthorityKeyPair AUTHORITY = NoiseKeys.generateAuthorityKeyPair();
    private static final NoiseKeyPair SERVER = NoiseKeyPair.generate();

    private static CertificateVerifier verifier(long now, long skewSeconds) throws Exception {
        return new CertificateVerifier(AuthorityKey.decodePublicKey(AUTHORITY.publicKey()),
                Clock.fixed(Instant.ofEpochSecond(now), ZoneOffset.UTC), Duration.ofSeconds(skewSeconds));
    }

    private static SignatureNoiseMessage issue(long from, long until) throws Exception {
        return NoiseKeys.issueCertificate(AUTHORITY.secretKey(), SERVER.xOnlyPublicKey(), Instant.ofEpochSecond(from),
                Instant.ofEpochSecond(until));
    }

    private static NoiseException.Reason refusal(CertificateVerifier verifier, SignatureNoiseMessage cert) {
        return assertThrows(NoiseException.class, () -> verifier.verify(cert.encode(), SERVER.ellswift())).reason();
    }

    @Test
    void keyToolRoundTrip() throws Exception {
        assertEquals(AUTHORITY.publicKey(), NoiseKeys.publicKeyOf(AUTHORITY.secretKey()));
        SignatureNoiseMessage cert = issue(1000, 2000);
        assertEquals(NoiseKeys.CERTIFICATE_VERSION, cert.version());
        assertEquals(cert, SignatureNoiseMessage.decode(cert.encode()));
        assertDoesNotThrow(() -> verifier(1500, 0).verify(cert.encode(), SERVER.ellswift()));
        assertThrows(InvalidAuthorityKeyException.class, () -> NoiseKeys.publicKeyOf(AUTHORITY.publicKey()));
    }

    @Test
    void encodingIsLittleEndian() {
        byte[] sig = new byte[64];
        sig[0] = 9;
        byte[] encoded = new SignatureNoiseMessage(0x0102, 0x03040506L, 0xF0F1F2F3L, sig).encode();
        assertArrayEquals(Vectors.hex("0201" + "06050403" + "f3f2f1f0" + "09"), java.util.Arrays.copyOf(encoded, 11));
        assertEquals(SignatureNoiseMessage.LENGTH, encoded.length);
    }

    @Test
    void windowAndSkewBoundaries() throws Exception {
        SignatureNoiseMessage cert = issue(1000, 2000);
        assertDoesNotThrow(() -> verifier(1000, 0).verify(cert.encode(), SERVER.ellswift()));
        assertDoesNotThrow(() -> verifier(2000, 0).verify(cert.encode(), SERVER.ellswift()));
        assertEquals(NoiseException.Reason.CERTIFICATE_NOT_YET_VALID, refusal(verifier(999, 0), cert));
        assertEquals(NoiseException.Reason.CERTIFICATE_EXPIRED, refusal(verifier(2001, 0), cert));
        assertDoesNotThrow(() -> verifier(990, 10).verify(cert.encode(), SERVER.ellswift()));
        assertDoesNotThrow(() -> verifier(2010, 10).verify(cert.encode(), SERVER.ellswift()));
        assertEquals(NoiseException.Reason.CERTIFICATE_NOT_YET_VALID, refusal(verifier(989, 10), cert));
        assertEquals(NoiseException.Reason.CERTIFICATE_EXPIRED, refusal(verifier(2011, 10), cert));
    }

    @Test
    void signatureCoversEveryFieldAndTheServerKey() throws Exception {
        SignatureNoiseMessage cert = issue(1000, 2000);
        CertificateVerifier v = verifier(1500, 0);
        SignatureNoiseMessage stretched = new SignatureNoiseMessage(0, 1000, 3000, cert.signature());
        assertEquals(NoiseException.Reason.CERTIFICATE_BAD_SIGNATURE, refusal(v, stretched));
        SignatureNoiseMessage otherVersion = new SignatureNoiseMessage(1, 1000, 2000, cert.signature());
        assertEquals(NoiseException.Reason.CERTIFICATE_BAD_SIGNATURE, refusal(v, otherVersion));
        NoiseKeyPair impostor = NoiseKeyPair.generate();
        NoiseException e = assertThrows(NoiseException.class, () -> v.verify(cert.encode(), impostor.ellswift()));
        assertEquals(NoiseException.Reason.CERTIFICATE_BAD_SIGNATURE, e.reason());
    }

    @Test
    void malformedCertificates() throws Exception {
        CertificateVerifier v = verifier(1500, 0);
        NoiseException e = assertThrows(NoiseException.class, () -> v.verify(new byte[73], SERVER.ellswift()));
        assertEquals(NoiseException.Reason.CERTIFICATE_MALFORMED, e.reason());
        // An inverted window, even when properly signed, is refused as malformed.
        byte[] secret = AuthorityKey.decodeSecretKey(AUTHORITY.secretKey());
        SignatureNoiseMessage unsignedShape = new SignatureNoiseMessage(0, 2000, 1000, new byte[64]);
        byte[] sig = Bip340.sign(unsignedShape.signedHash(SERVER.xOnlyPublicKey()), secret);
        SignatureNoiseMessage inverted = new SignatureNoiseMessage(0, 2000, 1000, sig);
        assertEquals(NoiseException.Reason.CERTIFICATE_MALFORMED, refusal(v, inverted));
        assertThrows(IllegalArgumentException.class, () -> issue(2000, 1000));
        assertThrows(IllegalArgumentException.class, () -> new SignatureNoiseMessage(0, -1, 5, new byte[64]));
    }
}
