package org.sv2translator.v2.noise;

import java.math.BigInteger;
import java.util.Arrays;

import org.sv2translator.v2.noise.InvalidAuthorityKeyException.Reason;

/**
 * The text form of a pool's authority keys, as configured (e.g. {@code --authority-pubkey}) or embedded in a
 * {@code stratum2+tcp://} URL (spec 4.7).
 *
 * <ul>
 *   <li>public key: base58check of {@code 01 00} (version 1 as U16 little-endian) followed by the 32-byte x-only
 *       key, e.g. {@code 9auqWEzQDVyd2oe1JVGFLMLHZtCo2FFqZwtKA5gd9xbuEu7PH72};</li>
 *   <li>secret key: base58check of the 32 raw key bytes (the reference implementation's config convention).</li>
 * </ul>
 *
 * Decoding checks everything a mistyped or foreign string can get wrong and refuses it with one
 * {@link InvalidAuthorityKeyException} naming the reason.
 */
public final class AuthorityKey {
    /** The only public key encoding version the spec defines. */
    public static final int VERSION = 1;
    private static final int PUBLIC_PAYLOAD_LENGTH = 2 + 32;

    private AuthorityKey() {
    }

    /**
     * The 32-byte x-only public key a configured string encodes.
     *
     * @throws InvalidAuthorityKeyException for bad base58, a bad checksum, a payload that is not 34 bytes, a version
     *         other than 1, or an x coordinate with no point on the curve
     */
    public static byte[] decodePublicKey(String base58check) throws InvalidAuthorityKeyException {
        byte[] payload = Base58Check.decode(base58check);
        if (payload.length != PUBLIC_PAYLOAD_LENGTH) {
            String hint = payload.length == 32 ? " (a secret key?)" : "";
            throw new InvalidAuthorityKeyException(Reason.WRONG_LENGTH, "authority public key holds "
                    + payload.length + " bytes" + hint + ", expected 2 (version) + 32 (key)");
        }
        int version = (payload[0] & 0xff) | (payload[1] & 0xff) << 8;
        if (version != VERSION) {
            throw new InvalidAuthorityKeyException(Reason.UNKNOWN_VERSION,
                    String.format("authority public key has unknown version 0x%04x, expected 0x0001", version));
        }
        byte[] x = Arrays.copyOfRange(payload, 2, PUBLIC_PAYLOAD_LENGTH);
        if (!isOnCurve(x)) {
            throw new InvalidAuthorityKeyException(Reason.NOT_ON_CURVE,
                    "authority public key is not a secp256k1 x coordinate");
        }
        return x;
    }

    /**
     * The configuration string of a 32-byte x-only public key.
     *
     * @throws InvalidCryptoInputException if the key is not 32 bytes or not on the curve
     */
    public static String encodePublicKey(byte[] xOnly32) {
        Secp256k1.requireLength(xOnly32, 32, "authority public key");
        if (!isOnCurve(xOnly32)) {
            throw new InvalidCryptoInputException("authority public key is not a secp256k1 x coordinate");
        }
        byte[] payload = new byte[PUBLIC_PAYLOAD_LENGTH];
        payload[0] = (byte) VERSION;
        payload[1] = (byte) (VERSION >>> 8);
        System.arraycopy(xOnly32, 0, payload, 2, 32);
        return Base58Check.encode(payload);
    }

    /**
     * The 32-byte secret key a configured string encodes.
     *
     * @throws InvalidAuthorityKeyException for bad base58, a bad checksum, a payload that is not 32 bytes, or a
     *         value that is zero or not below the group order
     */
    public static byte[] decodeSecretKey(String base58check) throws InvalidAuthorityKeyException {
        byte[] payload = Base58Check.decode(base58check);
        if (payload.length != 32) {
            String hint = payload.length == PUBLIC_PAYLOAD_LENGTH ? " (a public key?)" : "";
            Arrays.fill(payload, (byte) 0);
            throw new InvalidAuthorityKeyException(Reason.WRONG_LENGTH,
                    "authority secret key holds " + payload.length + " bytes" + hint + ", expected 32");
        }
        if (!Secp256k1Keys.isValidSecretKey(payload)) {
            Arrays.fill(payload, (byte) 0);
            throw new InvalidAuthorityKeyException(Reason.SECRET_OUT_OF_RANGE,
                    "authority secret key is zero or not below the secp256k1 group order");
        }
        return payload;
    }

    /**
     * The configuration string of a secret key.
     *
     * @throws InvalidCryptoInputException if it is not 32 bytes in [1, n-1]
     */
    public static String encodeSecretKey(byte[] secretKey32) {
        Secp256k1.secretScalar(secretKey32, "authority secret key");
        return Base58Check.encode(secretKey32);
    }

    private static boolean isOnCurve(byte[] x32) {
        return Secp256k1.isFieldElement(x32)
                && Secp256k1.isValidX(Secp256k1.CURVE.fromBigInteger(new BigInteger(1, x32)));
    }
}
