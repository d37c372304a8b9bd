package org.sv2translator.bitcoin;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteOrder;
import java.util.HexFormat;

/**
 * A 256-bit unsigned target: a hash meets it when the hash, read as a little-endian integer, is less than or
 * <em>equal to</em> it. Immutable; held as four longs so {@link #isMetBy(byte[])} is a few word compares with no
 * allocation and no BigInteger, cheap enough for every share.
 *
 * <p>Difficulty follows the pool convention: {@code target = floor(diff1 / difficulty)} with
 * {@code diff1 = 0x00000000FFFF0000...0000} ({@link #DIFF1}). SV2 carries targets as U256, 32 bytes
 * little-endian ({@link #fromLittleEndian(byte[])}, {@link #toLittleEndian()}); {@link #toString()} prints the
 * big-endian "display" hex.
 */
public final class Target implements Comparable<Target> {
    private static final VarHandle LONG_LE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final int SIZE = 32;
    private static final BigInteger TWO_POW_256 = BigInteger.ONE.shiftLeft(256);

    /** Difficulty 1: {@code 0x00000000FFFF0000...0000} (also the target of nbits {@code 0x1d00ffff}). */
    public static final Target DIFF1 = new Target(0x00000000FFFF0000L, 0, 0, 0);
    /** The easiest target, 2^256 - 1: every hash meets it. */
    public static final Target MAX = new Target(-1L, -1L, -1L, -1L);
    private static final Target ZERO = new Target(0, 0, 0, 0);

    private static final BigInteger DIFF1_INT = DIFF1.toBigInteger();
    private static final double DIFF1_DOUBLE = 65535.0 * 0x1p208;
    /** Difficulties beyond these decimal exponents are clamped without arithmetic (see fromDifficulty). */
    private static final int MIN_DIFFICULTY_EXPONENT = -20;
    private static final int MAX_DIFFICULTY_EXPONENT = 80;
    private static final int MAX_DIFFICULTY_DIGITS = 100;

    // w3 is the most significant 64 bits, w0 the least.
    private final long w3;
    private final long w2;
    private final long w1;
    private final long w0;

    private Target(long w3, long w2, long w1, long w0) {
        this.w3 = w3;
        this.w2 = w2;
        this.w1 = w1;
        this.w0 = w0;
    }

    /**
     * Reads an SV2 U256: 32 bytes, little-endian.
     *
     * @throws BitcoinFormatException if {@code u256} is not 32 bytes
     */
    public static Target fromLittleEndian(byte[] u256) {
        if (u256.length != SIZE) {
            throw new BitcoinFormatException("U256 target must be 32 bytes, got " + u256.length);
        }
        return fromLittleEndian(u256, 0);
    }

    /** Reads a 32-byte little-endian U256 at {@code offset}. */
    public static Target fromLittleEndian(byte[] buf, int offset) {
        BitcoinFormatException.checkRange(buf, offset, SIZE, "U256 target");
        return new Target(word(buf, offset, 3), word(buf, offset, 2), word(buf, offset, 1), word(buf, offset, 0));
    }

    /**
     * Converts a non-negative integer below 2^256.
     *
     * @throws BitcoinFormatException if it is negative or does not fit 256 bits
     */
    public static Target fromBigInteger(BigInteger value) {
        if (value.signum() < 0 || value.bitLength() > 256) {
            throw new BitcoinFormatException("target out of the U256 range: " + value.toString(16));
        }
        return new Target(value.shiftRight(192).longValue(), value.shiftRight(128).longValue(),
                value.shiftRight(64).longValue(), value.longValue());
    }

    /**
     * {@code floor(diff1 / difficulty)}, where the double is taken as the decimal it prints as
     * ({@link BigDecimal#valueOf(double)}): {@code 0.001} means exactly 1/1000, as the operator or miner who wrote
     * it meant, not the binary fraction nearest to it. See {@link #fromDifficulty(BigDecimal)}.
     *
     * @throws BitcoinFormatException if the difficulty is not finite and positive
     */
    public static Target fromDifficulty(double difficulty) {
        if (!Double.isFinite(difficulty) || difficulty <= 0) {
            throw new BitcoinFormatException("difficulty must be finite and positive, got " + difficulty);
        }
        return fromDifficulty(BigDecimal.valueOf(difficulty));
    }

    /**
     * {@code floor(diff1 / difficulty)} with exact rational arithmetic. A difficulty so low that the quotient
     * exceeds 2^256 - 1 (below about 2.3e-10) gives {@link #MAX}.
     *
     * @throws BitcoinFormatException if the difficulty is not positive or has more than 100 significant digits
     */
    public static Target fromDifficulty(BigDecimal difficulty) {
        if (difficulty.signum() <= 0) {
            throw new BitcoinFormatException("difficulty must be positive, got " + difficulty);
        }
        if (difficulty.precision() > MAX_DIFFICULTY_DIGITS) {
            throw new BitcoinFormatException("difficulty has more than " + MAX_DIFFICULTY_DIGITS + " digits");
        }
        // Bound the powers of ten below: tiny values clamp to MAX, huge ones give zero (diff1 < 1e68).
        int exponent = difficulty.precision() - difficulty.scale() - 1;
        if (exponent < MIN_DIFFICULTY_EXPONENT) {
            return MAX;
        }
        if (exponent > MAX_DIFFICULTY_EXPONENT) {
            return ZERO;
        }
        BigInteger unscaled = difficulty.unscaledValue();
        int scale = difficulty.scale();
        BigInteger quotient = scale >= 0
                ? DIFF1_INT.multiply(BigInteger.TEN.pow(scale)).divide(unscaled)
                : DIFF1_INT.divide(unscaled.multiply(BigInteger.TEN.pow(-scale)));
        return quotient.compareTo(TWO_POW_256) >= 0 ? MAX : fromBigInteger(quotient);
    }

    /**
     * Decodes Bitcoin's compact "nbits" form: {@code mantissa * 256^(exponent - 3)} with the exponent in the top
     * byte and a 23-bit mantissa below a sign bit.
     *
     * @throws BitcoinFormatException if the sign bit is set on a non-zero mantissa or the value exceeds 256 bits
     */
    public static Target fromNBits(int nbits) {
        int exponent = nbits >>> 24;
        int mantissa = nbits & 0x007FFFFF;
        if (mantissa == 0) {
            return ZERO;
        }
        if ((nbits & 0x00800000) != 0) {
            throw new BitcoinFormatException(String.format("nbits %08x encodes a negative target", nbits));
        }
        BigInteger value = exponent <= 3
                ? BigInteger.valueOf(mantissa >>> (8 * (3 - exponent)))
                : BigInteger.valueOf(mantissa).shiftLeft(8 * (exponent - 3));
        if (value.bitLength() > 256) {
            throw new BitcoinFormatException(String.format("nbits %08x overflows 256 bits", nbits));
        }
        return fromBigInteger(value);
    }

    /**
     * Encodes this target in the compact "nbits" form a block header carries. The form keeps only the top 23
     * bits, so the result decodes ({@link #fromNBits(int)}) to this target rounded <em>down</em>: a header built
     * from it never claims an easier network target than the one chosen.
     */
    public int toNBits() {
        BigInteger value = toBigInteger();
        int size = (value.bitLength() + 7) / 8;
        long mantissa = size <= 3
                ? value.longValue() << (8 * (3 - size))
                : value.shiftRight(8 * (size - 3)).longValue();
        // Bit 23 is nbits' sign bit: a mantissa reaching it moves one byte into the exponent instead.
        if ((mantissa & 0x00800000L) != 0) {
            mantissa >>>= 8;
            size++;
        }
        return (size << 24) | (int) mantissa;
    }

    /**
     * Whether {@code hash} (32 bytes as sha256d returns them) meets this target: read little-endian it is
     * {@code <=} the target. Allocates nothing.
     *
     * @throws BitcoinFormatException if {@code hash} is shorter than 32 bytes
     */
    public boolean isMetBy(byte[] hash) {
        return isMetBy(hash, 0);
    }

    /** Whether the 32-byte hash at {@code buf[offset]} meets this target. Allocates nothing. */
    public boolean isMetBy(byte[] buf, int offset) {
        BitcoinFormatException.checkRange(buf, offset, SIZE, "hash");
        long h = word(buf, offset, 3);
        if (h != w3) {
            return Long.compareUnsigned(h, w3) < 0;
        }
        h = word(buf, offset, 2);
        if (h != w2) {
            return Long.compareUnsigned(h, w2) < 0;
        }
        h = word(buf, offset, 1);
        if (h != w1) {
            return Long.compareUnsigned(h, w1) < 0;
        }
        return Long.compareUnsigned(word(buf, offset, 0), w0) <= 0;
    }

    /**
     * The difficulty a hash achieved, {@code diff1 / hash} as a double ({@code +Infinity} for a zero hash): the
     * usual share weight for accounting. Accurate to a few ulps; allocates nothing.
     */
    public static double difficultyOf(byte[] hash) {
        return difficultyOf(hash, 0);
    }

    /** {@link #difficultyOf(byte[])} for the 32-byte hash at {@code buf[offset]}. */
    public static double difficultyOf(byte[] buf, int offset) {
        BitcoinFormatException.checkRange(buf, offset, SIZE, "hash");
        return DIFF1_DOUBLE / toDouble(word(buf, offset, 3), word(buf, offset, 2), word(buf, offset, 1),
                word(buf, offset, 0));
    }

    /** {@code diff1 / target} as a double ({@code +Infinity} for a zero target). */
    public double difficulty() {
        return DIFF1_DOUBLE / toDouble(w3, w2, w1, w0);
    }

    /** The 32-byte little-endian U256 SV2 puts on the wire. */
    public byte[] toLittleEndian() {
        byte[] out = new byte[SIZE];
        writeLittleEndian(out, 0);
        return out;
    }

    /** Writes the little-endian U256 to {@code out[offset, offset + 32)}. */
    public void writeLittleEndian(byte[] out, int offset) {
        BitcoinFormatException.checkRange(out, offset, SIZE, "U256 output");
        LONG_LE.set(out, offset, w0);
        LONG_LE.set(out, offset + 8, w1);
        LONG_LE.set(out, offset + 16, w2);
        LONG_LE.set(out, offset + 24, w3);
    }

    public BigInteger toBigInteger() {
        byte[] le = toLittleEndian();
        byte[] be = new byte[SIZE];
        for (int i = 0; i < SIZE; i++) {
            be[i] = le[SIZE - 1 - i];
        }
        return new BigInteger(1, be);
    }

    @Override
    public int compareTo(Target o) {
        if (w3 != o.w3) {
            return Long.compareUnsigned(w3, o.w3);
        }
        if (w2 != o.w2) {
            return Long.compareUnsigned(w2, o.w2);
        }
        if (w1 != o.w1) {
            return Long.compareUnsigned(w1, o.w1);
        }
        return Long.compareUnsigned(w0, o.w0);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Target t && w3 == t.w3 && w2 == t.w2 && w1 == t.w1 && w0 == t.w0;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(w3) * 31 * 31 * 31 + Long.hashCode(w2) * 31 * 31 + Long.hashCode(w1) * 31
                + Long.hashCode(w0);
    }

    /** The big-endian ("display") hex, 64 digits. */
    @Override
    public String toString() {
        HexFormat hex = HexFormat.of();
        return hex.toHexDigits(w3) + hex.toHexDigits(w2) + hex.toHexDigits(w1) + hex.toHexDigits(w0);
    }

    /** Little-endian 64-bit word {@code index} (0 = least significant) of the 32 bytes at {@code offset}. */
    private static long word(byte[] buf, int offset, int index) {
        return (long) LONG_LE.get(buf, offset + 8 * index);
    }

    private static double toDouble(long w3, long w2, long w1, long w0) {
        return unsigned(w3) * 0x1p192 + unsigned(w2) * 0x1p128 + unsigned(w1) * 0x1p64 + unsigned(w0);
    }

    private static double unsigned(long x) {
        return x >= 0 ? (double) x : (double) (x >>> 1) * 2.0 + (x & 1);
    }
}
