package org.sv2translator.v2.noise;

import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Objects;

/**
 * Server authentication, the initiator's step 3 (spec 4.5.3): checks that a SIGNATURE_NOISE_MESSAGE is signed by
 * the pinned pool authority key over the server's static key, and that the current time lies within its validity
 * window widened by a clock-skew tolerance on both ends.
 *
 * <p>Checks run in this order and the first failure is reported: length, signature, inverted window, not-yet-valid, expired.
 * The signature comes first so that a certificate from a foreign authority is reported as such even when its
 * dates are also off. The version field is signed but not interpreted: the spec gives no version semantics.
 *
 * <p>Immutable and thread-safe.
 */
public final class CertificateVerifier {
    /** Tolerance used when none is given: generous enough for hosts whose clocks are not NTP-synchronised. */
    public static final Duration DEFAULT_CLOCK_SKEW = Duration.ofMinutes(10);

    private final byte[] authorityXOnly;
    private final Clock clock;
    private final long skewSeconds;

    /**
     * @param authorityXOnly the pinned 32-byte x-only authority public key (see {@link AuthorityKey#decodePublicKey})
     * @param clock the time source (inject a fixed clock in tests)
     * @param clockSkew tolerance added on both ends of the validity window, not negative
     */
    public CertificateVerifier(byte[] authorityXOnly, Clock clock, Duration clockSkew) {
        Secp256k1.requireLength(authorityXOnly, 32, "authority public key");
        if (clockSkew.isNegative()) {
            throw new IllegalArgumentException("clock skew must not be negative: " + clockSkew);
        }
        this.authorityXOnly = authorityXOnly.clone();
        this.clock = Objects.requireNonNull(clock, "clock");
        this.skewSeconds = clockSkew.getSeconds();
    }

    /** A verifier on the system clock with {@link #DEFAULT_CLOCK_SKEW}. */
    public CertificateVerifier(byte[] authorityXOnly) {
        this(authorityXOnly, Clock.systemUTC(), DEFAULT_CLOCK_SKEW);
    }

    /**
     * Verifies the decrypted payload of handshake message 2 against the server's static key as it was sent
     * (64-byte EllSwift), returning the parsed certificate.
     *
     * @throws NoiseException with reason CERTIFICATE_MALFORMED, CERTIFICATE_BAD_SIGNATURE,
     *         CERTIFICATE_NOT_YET_VALID or CERTIFICATE_EXPIRED
     */
    public SignatureNoiseMessage verify(byte[] signatureNoiseMessage, byte[] serverStaticEllswift)
            throws NoiseException {
        SignatureNoiseMessage certificate = SignatureNoiseMessage.decode(signatureNoiseMessage);
        verify(certificate, EllSwift.decodeX(serverStaticEllswift));
        return certificate;
    }

    /**
     * Verifies a parsed certificate against the server's 32-byte x-only static key.
     *
     * @throws NoiseException with reason CERTIFICATE_BAD_SIGNATURE, CERTIFICATE_MALFORMED (inverted window),
     *         CERTIFICATE_NOT_YET_VALID or CERTIFICATE_EXPIRED
     */
    public void verify(SignatureNoiseMessage certificate, byte[] serverStaticXOnly) throws NoiseException {
        byte[] m = certificate.signedHash(serverStaticXOnly);
        if (!Bip340.verify(m, authorityXOnly, certificate.signature())) {
            throw new NoiseException(NoiseException.Reason.CERTIFICATE_BAD_SIGNATURE,
                    "certificate signature does not verify against the pinned authority key "
                            + HexFormat.of().formatHex(authorityXOnly)
                            + " (wrong authority key, or a corrupt certificate)");
        }
        if (certificate.validFrom() > certificate.notValidAfter()) {
            throw new NoiseException(NoiseException.Reason.CERTIFICATE_MALFORMED, "certificate valid_from "
                    + certificate.validFrom() + " is after its not_valid_after " + certificate.notValidAfter());
        }
        long now = clock.instant().getEpochSecond();
        if (now + skewSeconds < certificate.validFrom()) {
            throw new NoiseException(NoiseException.Reason.CERTIFICATE_NOT_YET_VALID, "certificate valid from "
                    + certificate.validFrom() + ", now is " + now + " (tolerance " + skewSeconds + " s)");
        }
        if (now - skewSeconds > certificate.notValidAfter()) {
            throw new NoiseException(NoiseException.Reason.CERTIFICATE_EXPIRED, "certificate expired at "
                    + certificate.notValidAfter() + ", now is " + now + " (tolerance " + skewSeconds + " s)");
        }
    }
}
