package org.sv2translator.v2.noise;

import java.math.BigInteger;
import java.util.Arrays;

import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.math.ec.ECCurve;
import org.bouncycastle.math.ec.ECFieldElement;
import org.bouncycastle.math.ec.ECMultiplier;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;

/**
 * The curve, its constants and the few helpers the public classes share. Field and point arithmetic is Bouncy
 * Castle's custom secp256k1 implementation; this class only adapts it to 32-byte big-endian strings.
 */
final class Secp256k1 {
    private static final X9ECParameters PARAMS = CustomNamedCurves.getByName("secp256k1");
    static final ECCurve CURVE = PARAMS.getCurve();
    static final ECPoint G = PARAMS.getG();
    /** Group order. */
    static final BigInteger N = PARAMS.getN();
    /** Field size. */
    static final BigInteger P = CURVE.getField().getCharacteristic();
    static final ECFieldElement SEVEN = CURVE.fromBigInteger(BigInteger.valueOf(7));

    private static final byte[] N_BYTES = bytes32(N);
    private static final byte[] P_BYTES = bytes32(P);

    /*
     * The comb multiplier looks up its precomputed points with a full masked table scan and performs the same
     * sequence of doublings and additions for every scalar of a given size, so the scalar's bits do not steer
     * branches or memory accesses (BC uses it for its own key generation and signing). It also accepts arbitrary
     * points: the precomputation then runs on the public point for each multiplication, roughly doubling the cost,
     * which is acceptable for one ECDH per handshake. BC's default multiplier for this curve (GLV + wNAF) is not
     * constant-time, so it is used only for public scalars (verification).
     */
    private static final ECMultiplier SECRET_MULTIPLIER = new FixedPointCombMultiplier();

    private Secp256k1() {
    }

    /** {@code k * point} for a secret {@code k} in [1, n-1]; normalized (affine). */
    static ECPoint multiplySecret(ECPoint point, BigInteger k) {
        return SECRET_MULTIPLIER.multiply(point, k).normalize();
    }

    /**
     * Parses a 32-byte big-endian secret key, refusing 0 and values at or above n.
     *
     * @throws InvalidCryptoInputException if it is not a valid secret key
     */
    static BigInteger secretScalar(byte[] secretKey32, String what) {
        requireLength(secretKey32, 32, what);
        if (!isInOpenRange(secretKey32)) {
            throw new InvalidCryptoInputException(what + " is not a valid secp256k1 secret key (zero, or not below the group order)");
        }
        return new BigInteger(1, secretKey32);
    }

    /**
     * Whether 0 < value < n, for a 32-byte big-endian value, without branching on its bytes: the comparison is
     * one subtract-with-borrow pass over all 32 bytes, and the zero test ORs them all.
     */
    static boolean isInOpenRange(byte[] value32) {
        int borrow = 0;
        int any = 0;
        for (int i = 31; i >= 0; i--) {
            int v = value32[i] & 0xff;
            any |= v;
            // value - n, byte by byte: a final borrow means value < n.
            int diff = v - (N_BYTES[i] & 0xff) - borrow;
            borrow = (diff >>> 31) & 1;
        }
        int nonZero = ((any | -any) >>> 31) & 1;
        return (borrow & nonZero) == 1;
    }

    /** Whether a 32-byte big-endian value is below the field size p (public data only). */
    static boolean isFieldElement(byte[] value32) {
        return Arrays.compareUnsigned(value32, P_BYTES) < 0;
    }

    /** Field element from 32 big-endian bytes, reduced modulo p (as EllSwift decoding requires). */
    static ECFieldElement fieldElementModP(byte[] bytes, int offset) {
        BigInteger v = new BigInteger(1, Arrays.copyOfRange(bytes, offset, offset + 32));
        return CURVE.fromBigInteger(v.mod(P));
    }

    /** Whether x is the x coordinate of a curve point, i.e. x^3 + 7 is a square. */
    static boolean isValidX(ECFieldElement x) {
        return x.square().multiply(x).add(SEVEN).sqrt() != null;
    }

    /** The point with x coordinate x and even y, or null if x is not on the curve (BIP340 lift_x). */
    static ECPoint liftX(ECFieldElement x) {
        ECFieldElement y = x.square().multiply(x).add(SEVEN).sqrt();
        if (y == null) {
            return null;
        }
        if (y.testBitZero()) {
            y = y.negate();
        }
        return CURVE.createPoint(x.toBigInteger(), y.toBigInteger());
    }

    static boolean hasEvenY(ECPoint normalized) {
        return !normalized.getAffineYCoord().testBitZero();
    }

    static byte[] xBytes(ECPoint normalized) {
        return normalized.getAffineXCoord().getEncoded();
    }

    static byte[] bytes32(BigInteger value) {
        byte[] raw = value.toByteArray();
        byte[] out = new byte[32];
        if (raw.length > 32) {
            // toByteArray adds a sign byte when the top bit is set: drop it.
            System.arraycopy(raw, raw.length - 32, out, 0, 32);
        } else {
            System.arraycopy(raw, 0, out, 32 - raw.length, raw.length);
        }
        return out;
    }

    static void requireLength(byte[] bytes, int length, String what) {
        if (bytes == null) {
            throw new InvalidCryptoInputException(what + " is missing");
        }
        if (bytes.length != length) {
            throw new InvalidCryptoInputException(what + " must be " + length + " bytes, got " + bytes.length);
        }
    }
}
