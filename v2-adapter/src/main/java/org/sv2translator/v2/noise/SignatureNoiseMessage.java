package org.sv2translator.v2.noise;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * SIGNATURE_NOISE_MESSAGE (spec 4.5.2), the certificate payload of handshake message 2: 74 bytes of
 * {@code version} U16, {@code valid_from} U32, {@code not_valid_after} U32 (unix seconds, little-endian like every
 * SV2 integer) and a 64-byte BIP340 {@code signature} by the pool's authority key over
 * {@code m = SHA-256(version || valid_from || not_valid_after || server_public_key)} (spec 4.5.3), where
 * server_public_key is the 32-byte x-only form of the responder's static key.
 *
 * <p>Immutable: the signature is copied in and out.
 *
 * @param version certificate format version, 0..65535 (the reference implementations send 0)
 * @param validFrom first second of validity, unix time, 0..2^32-1
 * @param notValidAfter last second of validity, unix time, 0..2^32-1
 * @param signature 64-byte BIP340 signature
 */
public record SignatureNoiseMessage(int version, long validFrom, long notValidAfter, byte[] signature) {
    /** Encoded length: 2 + 4 + 4 + 64. */
    public static final int LENGTH = 74;
    private static final long U32_MAX = 0xFFFF_FFFFL;

    public SignatureNoiseMessage {
        if (version < 0 || version > 0xFFFF) {
            throw new IllegalArgumentException("version must fit a U16: " + version);
        }
        if (validFrom < 0 || validFrom > U32_MAX || notValidAfter < 0 || notValidAfter > U32_MAX) {
            throw new IllegalArgumentException("validity times must fit a U32: " + validFrom + ", " + notValidAfter);
        }
        if (signature == null || signature.length != 64) {
            throw new IllegalArgumentException("signature must be 64 bytes");
        }
        signature = signature.clone();
    }

    /**
     * Parses the 74 bytes decrypted from handshake message 2.
     *
     * @throws NoiseException {@link NoiseException.Reason#CERTIFICATE_MALFORMED} if it is not 74 bytes
     */
    public static SignatureNoiseMessage decode(byte[] bytes) throws NoiseException {
        if (bytes == null || bytes.length != LENGTH) {
            throw new NoiseException(NoiseException.Reason.CERTIFICATE_MALFORMED, "SIGNATURE_NOISE_MESSAGE must be "
                    + LENGTH + " bytes, got " + (bytes == null ? "none" : bytes.length));
        }
        int version = (bytes[0] & 0xff) | (bytes[1] & 0xff) << 8;
        return new SignatureNoiseMessage(version, u32(bytes, 2), u32(bytes, 6), Arrays.copyOfRange(bytes, 10, 74));
    }

    /**
     * Signs a certificate for a server's static key with the authority's secret key (BIP340 with fresh aux_rand).
     *
     * @throws IllegalArgumentException for a field out of range or {@code validFrom > notValidAfter}
     * @throws InvalidCryptoInputException for an invalid secret key or a server key that is not 32 bytes
     */
    public static SignatureNoiseMessage sign(byte[] authoritySecretKey, byte[] serverStaticXOnly, int version,
            long validFrom, long notValidAfter) {
        return sign(authoritySecretKey, serverStaticXOnly, version, validFrom, notValidAfter, null);
    }

    /**
     * As {@link #sign(byte[], byte[], int, long, long)} with a given BIP340 aux_rand (32 bytes), to reproduce a
     * recorded certificate; {@code null} draws fresh randomness.
     */
    public static SignatureNoiseMessage sign(byte[] authoritySecretKey, byte[] serverStaticXOnly, int version,
            long validFrom, long notValidAfter, byte[] auxRand32) {
        if (validFrom > notValidAfter) {
            throw new IllegalArgumentException("valid_from " + validFrom + " is after not_valid_after " + notValidAfter);
        }
        // The constructor checks the ranges before anything is signed.
        SignatureNoiseMessage unsigned = new SignatureNoiseMessage(version, validFrom, notValidAfter, new byte[64]);
        byte[] m = unsigned.signedHash(serverStaticXOnly);
        byte[] sig = auxRand32 == null ? Bip340.sign(m, authoritySecretKey) : Bip340.sign(m, authoritySecretKey, auxRand32);
        return new SignatureNoiseMessage(version, validFrom, notValidAfter, sig);
    }

    /** The 74-byte wire form. */
    public byte[] encode() {
        byte[] out = new byte[LENGTH];
        out[0] = (byte) version;
        out[1] = (byte) (version >>> 8);
        putU32(out, 2, validFrom);
        putU32(out, 6, notValidAfter);
        System.arraycopy(signature, 0, out, 10, 64);
        return out;
    }

    /**
     * The message the signature covers: {@code SHA-256(version || valid_from || not_valid_after || server_public_key)}.
     *
     * @throws InvalidCryptoInputException if the server key is not 32 bytes
     */
    public byte[] signedHash(byte[] serverStaticXOnly) {
        Secp256k1.requireLength(serverStaticXOnly, 32, "server x-only public key");
        MessageDigest sha256;
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from the JDK", e);
        }
        sha256.update(encode(), 0, 10);
        sha256.update(serverStaticXOnly);
        return sha256.digest();
    }

    @Override
    public byte[] signature() {
        return signature.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SignatureNoiseMessage other && version == other.version && validFrom == other.validFrom
                && notValidAfter == other.notValidAfter && Arrays.equals(signature, other.signature);
    }

    @Override
    public int hashCode() {
        return ((version * 31 + Long.hashCode(validFrom)) * 31 + Long.hashCode(notValidAfter)) * 31
                + Arrays.hashCode(signature);
    }

    @Override
    public String toString() {
        return "SignatureNoiseMessage[version=" + version + ", validFrom=" + validFrom + ", notValidAfter="
                + notValidAfter + ", signature=" + HexFormat.of().formatHex(signature) + "]";
    }

    private static long u32(byte[] b, int off) {
        return (b[off] & 0xffL) | (b[off + 1] & 0xffL) << 8 | (b[off + 2] & 0xffL) << 16 | (b[off + 3] & 0xffL) << 24;
    }

    private static void putU32(byte[] b, int off, long v) {
        for (int i = 0; i < 4; i++) {
            b[off + i] = (byte) (v >>> (8 * i));
        }
    }
}
