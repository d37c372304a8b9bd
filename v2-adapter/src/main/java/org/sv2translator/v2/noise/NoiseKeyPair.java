package org.sv2translator.v2.noise;

/**
 * A secp256k1 key pair as the Noise handshake uses it (spec 4.3.1.1): the 32-byte secret key and the 64-byte
 * EllSwift encoding of its public key that goes on the wire. Any encoding of the key is valid; a fresh random one
 * per handshake keeps the bytes indistinguishable from noise.
 *
 * <p>Accessors return copies, so an instance can be shared (e.g. a server's static key across connections).
 */
public final class NoiseKeyPair {
    private final byte[] secretKey;
    private final byte[] ellswift;

    private NoiseKeyPair(byte[] secretKey, byte[] ellswift) {
        this.secretKey = secretKey;
        this.ellswift = ellswift;
    }

    /** A fresh key pair with a fresh encoding (both from a {@link java.security.SecureRandom}). */
    public static NoiseKeyPair generate() {
        return of(Secp256k1Keys.newSecretKey());
    }

    /**
     * The key pair of a known secret key, with a fresh random encoding.
     *
     * @throws InvalidCryptoInputException if the secret key is not 32 bytes in [1, n-1]
     */
    public static NoiseKeyPair of(byte[] secretKey32) {
        return new NoiseKeyPair(secretKey32.clone(), EllSwift.encode(secretKey32));
    }

    /**
     * A key pair with a given encoding, to reproduce a recorded transcript. The encoding is checked against the
     * key, so a mismatched pair cannot silently produce a handshake no peer can complete.
     *
     * @throws InvalidCryptoInputException if the secret key is invalid or the encoding is not 64 bytes of its
     *         public key's x coordinate
     */
    public static NoiseKeyPair of(byte[] secretKey32, byte[] ellswift64) {
        byte[] x = Bip340.publicKey(secretKey32);
        if (!java.util.Arrays.equals(x, EllSwift.decodeX(ellswift64))) {
            throw new InvalidCryptoInputException("EllSwift encoding does not encode the secret key's public key");
        }
        return new NoiseKeyPair(secretKey32.clone(), ellswift64.clone());
    }

    /** The 32-byte big-endian secret key (a copy). */
    public byte[] secretKey() {
        return secretKey.clone();
    }

    /** The 64-byte EllSwift encoding of the public key (a copy). */
    public byte[] ellswift() {
        return ellswift.clone();
    }

    /** The 32-byte x-only public key (BIP340), as certificates sign it. */
    public byte[] xOnlyPublicKey() {
        return EllSwift.decodeX(ellswift);
    }

    /** Package-private views without copying, for the handshake. */
    byte[] secretKeyView() {
        return secretKey;
    }

    byte[] ellswiftView() {
        return ellswift;
    }

    @Override
    public String toString() {
        return "NoiseKeyPair[secret hidden]";
    }
}
