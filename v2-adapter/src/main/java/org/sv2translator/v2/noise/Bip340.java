package org.sv2translator.v2.noise;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Map;

import org.bouncycastle.math.ec.ECAlgorithms;
import org.bouncycastle.math.ec.ECFieldElement;
import org.bouncycastle.math.ec.ECPoint;

/**
 * BIP340 Schnorr signatures over secp256k1 with 32-byte x-only public keys, as SV2 uses them to sign the
 * Noise certificate (spec 4.5.3). Also home of BIP340's tagged hash, which BIP324's ECDH reuses.
 *
 * <p>Messages may be of any length (BIP340 allows it; SV2 signs a 32-byte SHA-256).
 */
public final class Bip340 {
    private static final String TAG_AUX = "BIP0340/aux";
    private static final String TAG_NONCE = "BIP0340/nonce";
    private static final String TAG_CHALLENGE = "BIP0340/challenge";
    /** SHA-256 of the tags used on every handshake, computed once. */
    private static final Map<String, byte[]> KNOWN_TAGS = Map.of(
            TAG_AUX, sha256(TAG_AUX.getBytes(StandardCharsets.UTF_8)),
            TAG_NONCE, sha256(TAG_NONCE.getBytes(StandardCharsets.UTF_8)),
            TAG_CHALLENGE, sha256(TAG_CHALLENGE.getBytes(StandardCharsets.UTF_8)),
            EllSwift.ECDH_TAG, sha256(EllSwift.ECDH_TAG.getBytes(StandardCharsets.UTF_8)));
    private static final SecureRandom RANDOM = new SecureRandom();

    private Bip340() {
    }

    /**
     * The 32-byte x-only public key of a secret key.
     *
     * @throws InvalidCryptoInputException if the secret key is not 32 bytes in [1, n-1]
     */
    public static byte[] publicKey(byte[] secretKey32) {
        BigInteger d = Secp256k1.secretScalar(secretKey32, "secret key");
        return Secp256k1.xBytes(Secp256k1.multiplySecret(Secp256k1.G, d));
    }

    /** {@link #sign(byte[], byte[], byte[])} with 32 fresh bytes from a {@link SecureRandom} as aux_rand. */
    public static byte[] sign(byte[] msg, byte[] secretKey32) {
        byte[] aux = new byte[32];
        RANDOM.nextBytes(aux);
        return sign(msg, secretKey32, aux);
    }

    /**
     * Signs {@code msg} (BIP340 "Default Signing"), returning the 64-byte signature R.x || s. The signature is
     * verified before it is returned, as BIP340 recommends, to catch faults that would leak the key.
     *
     * @throws InvalidCryptoInputException if the secret key is invalid, aux_rand is not 32 bytes, msg is null,
     *         or (probability ~2^-256) the derived nonce is zero
     * @throws IllegalStateException if the fresh signature does not verify (a computation fault)
     */
    public static byte[] sign(byte[] msg, byte[] secretKey32, byte[] auxRand32) {
        requireMessage(msg);
        BigInteger d0 = Secp256k1.secretScalar(secretKey32, "secret key");
        Secp256k1.requireLength(auxRand32, 32, "aux_rand");

        ECPoint p = Secp256k1.multiplySecret(Secp256k1.G, d0);
        byte[] px = Secp256k1.xBytes(p);
        // P's y parity is public (anyone can lift px), so branching on it reveals nothing.
        BigInteger d = Secp256k1.hasEvenY(p) ? d0 : Secp256k1.N.subtract(d0);

        byte[] t = taggedHash(TAG_AUX, auxRand32);
        byte[] dBytes = Secp256k1.bytes32(d);
        for (int i = 0; i < 32; i++) {
            t[i] ^= dBytes[i];
        }
        Arrays.fill(dBytes, (byte) 0);
        BigInteger k0 = new BigInteger(1, taggedHash(TAG_NONCE, t, px, msg)).mod(Secp256k1.N);
        Arrays.fill(t, (byte) 0);
        if (k0.signum() == 0) {
            throw new InvalidCryptoInputException("derived nonce is zero: sign again with other aux_rand");
        }
        ECPoint r = Secp256k1.multiplySecret(Secp256k1.G, k0);
        byte[] rx = Secp256k1.xBytes(r);
        // R's parity is as public as R itself (it is the even-y lift of the signature's first half).
        BigInteger k = Secp256k1.hasEvenY(r) ? k0 : Secp256k1.N.subtract(k0);
        BigInteger e = challenge(rx, px, msg);
        BigInteger s = k.add(e.multiply(d)).mod(Secp256k1.N);

        byte[] sig = new byte[64];
        System.arraycopy(rx, 0, sig, 0, 32);
        System.arraycopy(Secp256k1.bytes32(s), 0, sig, 32, 32);
        if (!verify(msg, px, sig)) {
            throw new IllegalStateException("BIP340 signature failed its own verification");
        }
        return sig;
    }

    /**
     * Verifies a BIP340 signature. Returns false, never throws, for a public key that is not on the curve or not
     * below p, an R.x not below p, an s not below n, or a signature that does not match.
     *
     * @throws InvalidCryptoInputException only for a null message or a key/signature of the wrong length
     */
    public static boolean verify(byte[] msg, byte[] publicKeyX32, byte[] sig64) {
        requireMessage(msg);
        Secp256k1.requireLength(publicKeyX32, 32, "public key");
        Secp256k1.requireLength(sig64, 64, "signature");
        if (!Secp256k1.isFieldElement(publicKeyX32)) {
            return false;
        }
        ECPoint p = Secp256k1.liftX(Secp256k1.CURVE.fromBigInteger(new BigInteger(1, publicKeyX32)));
        if (p == null) {
            return false;
        }
        byte[] rx = Arrays.copyOfRange(sig64, 0, 32);
        if (!Secp256k1.isFieldElement(rx)) {
            return false;
        }
        BigInteger s = new BigInteger(1, Arrays.copyOfRange(sig64, 32, 64));
        if (s.compareTo(Secp256k1.N) >= 0) {
            return false;
        }
        BigInteger e = challenge(rx, publicKeyX32, msg);
        // Everything here is public: the fast variable-time double multiplication is fine.
        ECPoint r = ECAlgorithms.sumOfTwoMultiplies(Secp256k1.G, s, p, Secp256k1.N.subtract(e).mod(Secp256k1.N))
                .normalize();
        if (r.isInfinity() || !Secp256k1.hasEvenY(r)) {
            return false;
        }
        ECFieldElement x = r.getAffineXCoord();
        return Arrays.equals(x.getEncoded(), rx);
    }

    /** BIP340 tagged hash: SHA-256(SHA-256(tag) || SHA-256(tag) || parts...), tag in UTF-8. */
    public static byte[] taggedHash(String tag, byte[]... parts) {
        if (tag == null || parts == null) {
            throw new InvalidCryptoInputException("tagged hash needs a tag and parts");
        }
        byte[] tagHash = KNOWN_TAGS.get(tag);
        if (tagHash == null) {
            tagHash = sha256(tag.getBytes(StandardCharsets.UTF_8));
        }
        MessageDigest digest = newSha256();
        digest.update(tagHash);
        digest.update(tagHash);
        for (byte[] part : parts) {
            if (part == null) {
                throw new InvalidCryptoInputException("tagged hash part is missing");
            }
            digest.update(part);
        }
        return digest.digest();
    }

    private static BigInteger challenge(byte[] rx, byte[] px, byte[] msg) {
        return new BigInteger(1, taggedHash(TAG_CHALLENGE, rx, px, msg)).mod(Secp256k1.N);
    }

    private static void requireMessage(byte[] msg) {
        if (msg == null) {
            throw new InvalidCryptoInputException("message is missing");
        }
    }

    private static byte[] sha256(byte[] data) {
        return newSha256().digest(data);
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            // Every Java platform must provide SHA-256 (MessageDigest javadoc).
            throw new AssertionError("SHA-256 missing from the JDK", e);
        }
    }
}
