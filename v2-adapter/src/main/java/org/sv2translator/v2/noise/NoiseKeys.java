package org.sv2translator.v2.noise;

import java.time.Instant;
import java.util.Arrays;

/**
 * The key-tool operations a pool operator needs, as plain functions (the CLI exposes them as commands):
 * generate an authority key pair, print the public key of an authority secret key, and issue a certificate
 * (SIGNATURE_NOISE_MESSAGE) for a server's static key. Keys travel as the base58check strings of spec 4.7
 * ({@link AuthorityKey}).
 */
public final class NoiseKeys {
    /** Version written into issued certificates: 0, as the reference implementations send. */
    public static final int CERTIFICATE_VERSION = 0;

    /** An authority key pair as configuration strings: secret key (keep private) and public key (publish it). */
    public record AuthorityKeyPair(String secretKey, String publicKey) {
        @Override
        public String toString() {
            return "AuthorityKeyPair[publicKey=" + publicKey + ", secretKey hidden]";
        }
    }

    private NoiseKeys() {
    }

    /** A fresh authority key pair from a {@link java.security.SecureRandom}. */
    public static AuthorityKeyPair generateAuthorityKeyPair() {
        byte[] secret = Secp256k1Keys.newSecretKey();
        try {
            return new AuthorityKeyPair(AuthorityKey.encodeSecretKey(secret),
                    AuthorityKey.encodePublicKey(Bip340.publicKey(secret)));
        } finally {
            Arrays.fill(secret, (byte) 0);
        }
    }

    /**
     * The base58check public key belonging to a base58check authority secret key.
     *
     * @throws InvalidAuthorityKeyException if the secret key string is not valid
     */
    public static String publicKeyOf(String authoritySecretKey) throws InvalidAuthorityKeyException {
        byte[] secret = AuthorityKey.decodeSecretKey(authoritySecretKey);
        try {
            return AuthorityKey.encodePublicKey(Bip340.publicKey(secret));
        } finally {
            Arrays.fill(secret, (byte) 0);
        }
    }

    /**
     * Issues a certificate for a server's static key, valid from {@code validFrom} to {@code notValidAfter}
     * (whole seconds; sub-second parts are dropped).
     *
     * @param authoritySecretKey the base58check authority secret key
     * @param serverStaticXOnly the server's 32-byte x-only static public key ({@link NoiseKeyPair#xOnlyPublicKey()})
     * @throws InvalidAuthorityKeyException if the secret key string is not valid
     * @throws IllegalArgumentException if the window is inverted or outside the U32 range of unix seconds
     * @throws InvalidCryptoInputException if the server key is not 32 bytes
     */
    public static SignatureNoiseMessage issueCertificate(String authoritySecretKey, byte[] serverStaticXOnly,
            Instant validFrom, Instant notValidAfter) throws InvalidAuthorityKeyException {
        byte[] secret = AuthorityKey.decodeSecretKey(authoritySecretKey);
        try {
            return SignatureNoiseMessage.sign(secret, serverStaticXOnly, CERTIFICATE_VERSION,
                    validFrom.getEpochSecond(), notValidAfter.getEpochSecond());
        } finally {
            Arrays.fill(secret, (byte) 0);
        }
    }
}
