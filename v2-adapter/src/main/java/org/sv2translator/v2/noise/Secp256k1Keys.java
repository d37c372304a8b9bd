package org.sv2translator.v2.noise;

import java.security.SecureRandom;

/** secp256k1 secret keys: 32-byte big-endian scalars in [1, n-1]. */
public final class Secp256k1Keys {
    private static final SecureRandom RANDOM = new SecureRandom();

    private Secp256k1Keys() {
    }

    /** A fresh secret key drawn uniformly from [1, n-1] with a shared {@link SecureRandom}. */
    public static byte[] newSecretKey() {
        return newSecretKey(RANDOM);
    }

    /**
     * A fresh secret key drawn uniformly from [1, n-1]: 32 random bytes, redrawn while out of range (rejection
     * keeps the distribution uniform; n is so close to 2^256 that a redraw happens with probability ~2^-128).
     */
    public static byte[] newSecretKey(SecureRandom random) {
        if (random == null) {
            throw new InvalidCryptoInputException("random source is missing");
        }
        byte[] key = new byte[32];
        do {
            random.nextBytes(key);
        } while (!Secp256k1.isInOpenRange(key));
        return key;
    }

    /** Whether {@code secretKey} is 32 bytes whose big-endian value is in [1, n-1]. Never throws. */
    public static boolean isValidSecretKey(byte[] secretKey) {
        return secretKey != null && secretKey.length == 32 && Secp256k1.isInOpenRange(secretKey);
    }
}
