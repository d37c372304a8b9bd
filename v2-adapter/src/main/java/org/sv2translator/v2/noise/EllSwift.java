package org.sv2translator.v2.noise;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.Arrays;

import org.bouncycastle.math.ec.ECFieldElement;
import org.bouncycastle.math.ec.ECPoint;

/**
 * ElligatorSwift encoding of secp256k1 x coordinates and the x-only ECDH built on it, as BIP324 defines them
 * ("ElligatorSwift encoding of curve X coordinates", "Shared secret computation") and SV2 uses them for every
 * public key of the Noise handshake (spec 4.3.1.1, 4.4.2).
 *
 * <p>An encoding is 64 bytes {@code u || t} (two 32-byte big-endian field elements). Every 64-byte string decodes
 * to some curve x coordinate, and the encodings of a random key are indistinguishable from random bytes, which is
 * why the handshake's plaintext first message looks like noise.
 */
public final class EllSwift {
    /** Tag of the hash that turns x-only ECDH into SV2's {@code ECDH()} (BIP324 v2_ecdh). */
    static final String ECDH_TAG = "bip324_ellswift_xonly_ecdh";
    /**
     * Our own tag for deriving encoding choices from (secret key, randomness). BIP324 only requires the choices to
     * be random; deriving them from a hash that includes the secret key keeps the encoding unpredictable even if
     * the caller's randomness is poor. Encodings therefore differ from libsecp256k1's for the same rand, which is
     * fine: any encoding of the key is valid on the wire.
     */
    private static final String ENCODE_TAG = "sv2translator/ellswift_encode";
    /** Tag of the per-draw hashes that expand the seed into candidate u values and cases. */
    private static final String DRAW_TAG = "sv2translator/ellswift_encode/draw";
    private static final SecureRandom RANDOM = new SecureRandom();

    private static final ECFieldElement ONE = Secp256k1.CURVE.fromBigInteger(BigInteger.ONE);
    private static final ECFieldElement TWO = Secp256k1.CURVE.fromBigInteger(BigInteger.TWO);
    private static final ECFieldElement FOUR = Secp256k1.CURVE.fromBigInteger(BigInteger.valueOf(4));
    private static final ECFieldElement THREE = Secp256k1.CURVE.fromBigInteger(BigInteger.valueOf(3));
    /*
     * sqrt(-3) as the field's square root returns it (x^((p+1)/4)), the same root BIP324's reference code uses.
     * The choice matters: the other root swaps two of the decoder's candidates.
     */
    private static final ECFieldElement MINUS_3_SQRT = THREE.negate().sqrt();
    private static final ECFieldElement HALF = TWO.invert();

    private EllSwift() {
    }

    /** The EllSwift encoding of the public key of {@code secretKey32}, with fresh {@link SecureRandom} bytes. */
    public static byte[] encode(byte[] secretKey32) {
        byte[] rand = new byte[32];
        RANDOM.nextBytes(rand);
        return encode(secretKey32, rand);
    }

    /**
     * The EllSwift encoding of the public key of {@code secretKey32}, derived deterministically from
     * {@code rand32} (and the key): the same inputs always give the same 64 bytes.
     *
     * @throws InvalidCryptoInputException if the secret key is not 32 bytes in [1, n-1] or rand is not 32 bytes
     */
    public static byte[] encode(byte[] secretKey32, byte[] rand32) {
        BigInteger d = Secp256k1.secretScalar(secretKey32, "secret key");
        Secp256k1.requireLength(rand32, 32, "rand");
        ECFieldElement x = Secp256k1.multiplySecret(Secp256k1.G, d).getAffineXCoord();
        byte[] seed = Bip340.taggedHash(ENCODE_TAG, secretKey32, rand32);
        return encodeX(x, seed);
    }

    /**
     * BIP324 XElligatorSwift: draw (u, case) until the inverse map yields a t. About four draws on average; each
     * draw succeeds with constant probability, so the loop ends. The x coordinate is public, so the variable
     * number of draws and the inverse map's branches reveal nothing secret.
     */
    static byte[] encodeX(ECFieldElement x, byte[] seed32) {
        byte[] counter = new byte[4];
        for (int i = 0; ; i++) {
            counter[0] = (byte) (i >>> 24);
            counter[1] = (byte) (i >>> 16);
            counter[2] = (byte) (i >>> 8);
            counter[3] = (byte) i;
            byte[] uBytes = Bip340.taggedHash(DRAW_TAG, seed32, counter);
            if (!Secp256k1.isFieldElement(uBytes)) {
                continue;
            }
            ECFieldElement u = Secp256k1.CURVE.fromBigInteger(new BigInteger(1, uBytes));
            if (u.isZero()) {
                continue;
            }
            int branch = Bip340.taggedHash(DRAW_TAG, seed32, counter, new byte[] {1})[0] & 7;
            ECFieldElement t = xswiftecInv(x, u, branch);
            // The inverse ignores the decoder's remapping of t = 0 and u^3 + t^2 + 7 = 0 (probability ~2^-256):
            // checking the round trip makes the output correct by construction.
            if (t == null || !xswiftec(u, t).equals(x)) {
                continue;
            }
            byte[] out = new byte[64];
            System.arraycopy(u.getEncoded(), 0, out, 0, 32);
            System.arraycopy(t.getEncoded(), 0, out, 32, 32);
            return out;
        }
    }

    /**
     * The 32-byte big-endian x coordinate a 64-byte encoding stands for. Every 64-byte input is valid (u and t are
     * taken modulo p).
     *
     * @throws InvalidCryptoInputException if the encoding is not 64 bytes
     */
    public static byte[] decodeX(byte[] ellswift64) {
        return decodeField(ellswift64, "EllSwift encoding").getEncoded();
    }

    /**
     * x-only ECDH (BIP324 ellswift_ecdh_xonly): the x coordinate of {@code ourSecretKey * P}, where P is either
     * point with the x coordinate that {@code theirEllswift64} encodes (both give the same x).
     *
     * @throws InvalidCryptoInputException for a wrong length or an invalid secret key
     */
    public static byte[] xOnlyEcdh(byte[] theirEllswift64, byte[] ourSecretKey32) {
        ECFieldElement x = decodeField(theirEllswift64, "their EllSwift encoding");
        BigInteger d = Secp256k1.secretScalar(ourSecretKey32, "our secret key");
        // decodeField only returns valid x coordinates, so the lift exists.
        ECPoint theirs = Secp256k1.liftX(x);
        return Secp256k1.xBytes(Secp256k1.multiplySecret(theirs, d));
    }

    /**
     * SV2's {@code ECDH()} (spec 4.4.2), i.e. BIP324's v2_ecdh: the tagged hash
     * {@code "bip324_ellswift_xonly_ecdh"(initiator's encoding || responder's encoding || x_shared)}. Both sides
     * get the same 32 bytes because the encodings are ordered by role, not by "ours/theirs".
     *
     * @param initiatorEllswift64 the 64-byte encoding the handshake initiator sent
     * @param responderEllswift64 the 64-byte encoding the responder sent
     * @param ourSecretKey32 the secret key behind our own encoding (the one selected by {@code weInitiated})
     * @param weInitiated whether we are the initiator
     * @throws InvalidCryptoInputException for a wrong length or an invalid secret key
     */
    public static byte[] bip324Ecdh(byte[] initiatorEllswift64, byte[] responderEllswift64, byte[] ourSecretKey32,
            boolean weInitiated) {
        Secp256k1.requireLength(initiatorEllswift64, 64, "initiator EllSwift encoding");
        Secp256k1.requireLength(responderEllswift64, 64, "responder EllSwift encoding");
        byte[] theirs = weInitiated ? responderEllswift64 : initiatorEllswift64;
        byte[] xShared = xOnlyEcdh(theirs, ourSecretKey32);
        byte[] secret = Bip340.taggedHash(ECDH_TAG, initiatorEllswift64, responderEllswift64, xShared);
        Arrays.fill(xShared, (byte) 0);
        return secret;
    }

    private static ECFieldElement decodeField(byte[] ellswift64, String what) {
        Secp256k1.requireLength(ellswift64, 64, what);
        return xswiftec(Secp256k1.fieldElementModP(ellswift64, 0), Secp256k1.fieldElementModP(ellswift64, 32));
    }

    /** BIP324 XSwiftEC(u, t): the x coordinate that (u, t) encodes. Always a valid x. */
    static ECFieldElement xswiftec(ECFieldElement u, ECFieldElement t) {
        if (u.isZero()) {
            u = ONE;
        }
        if (t.isZero()) {
            t = ONE;
        }
        ECFieldElement u3plus7 = u.square().multiply(u).add(Secp256k1.SEVEN);
        if (u3plus7.add(t.square()).isZero()) {
            t = t.add(t);
        }
        // After the remaps above, u, t, 2t and X + t are all non-zero, so every division below is defined.
        ECFieldElement bigX = u3plus7.subtract(t.square()).divide(t.add(t));
        ECFieldElement bigY = bigX.add(t).divide(MINUS_3_SQRT.multiply(u));
        ECFieldElement x3 = u.add(FOUR.multiply(bigY.square()));
        if (Secp256k1.isValidX(x3)) {
            return x3;
        }
        ECFieldElement xOverY = bigX.divide(bigY);
        ECFieldElement x2 = xOverY.negate().subtract(u).multiply(HALF);
        if (Secp256k1.isValidX(x2)) {
            return x2;
        }
        // SwiftEC guarantees at least one of the three candidates is on the curve: when x3 and x2 are not, x1 is.
        return xOverY.subtract(u).multiply(HALF);
    }

    /**
     * BIP324 XSwiftECInv(x, u, case): a t with XSwiftEC(u, t) = x, or null when this case has no solution. The
     * eight cases (bit 1: which of the decoder's formulas is inverted; bit 0: which of its two roots; bit 2: the
     * sign of t) together cover all t that decode to x for this u.
     */
    static ECFieldElement xswiftecInv(ECFieldElement x, ECFieldElement u, int branch) {
        ECFieldElement u3plus7 = u.square().multiply(u).add(Secp256k1.SEVEN);
        ECFieldElement v;
        ECFieldElement s;
        if ((branch & 2) == 0) {
            // Inverting x1/x2 is only consistent when the decoder would not have picked x3 = -x - u first.
            if (Secp256k1.isValidX(x.negate().subtract(u))) {
                return null;
            }
            v = (branch & 1) == 0 ? x : x.negate().subtract(u);
            ECFieldElement denominator = u.square().add(u.multiply(v)).add(v.square());
            // Non-zero here: it vanishing would make -x - u a valid x, excluded above.
            s = u3plus7.negate().divide(denominator);
        } else {
            s = x.subtract(u);
            if (s.isZero()) {
                return null;
            }
            ECFieldElement q = s.negate().multiply(FOUR.multiply(u3plus7).add(THREE.multiply(s).multiply(u.square())));
            ECFieldElement r = q.sqrt();
            if (r == null) {
                return null;
            }
            if ((branch & 1) != 0) {
                if (r.isZero()) {
                    return null;
                }
                r = r.negate();
            }
            v = r.divide(s).subtract(u).multiply(HALF);
        }
        ECFieldElement w = s.sqrt();
        if (w == null) {
            return null;
        }
        if ((branch & 4) != 0) {
            w = w.negate();
        }
        return w.multiply(u.multiply(MINUS_3_SQRT.subtract(ONE)).multiply(HALF).subtract(v));
    }
}
