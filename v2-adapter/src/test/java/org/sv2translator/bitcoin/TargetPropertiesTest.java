package org.sv2translator.bitcoin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/** Target arithmetic against BigInteger on random values. */
class TargetPropertiesTest {

    private static final BigInteger DIFF1 = Target.DIFF1.toBigInteger();

    /** 32 bytes, biased toward leading zero bytes as real hashes and targets have. */
    @Provide
    Arbitrary<byte[]> u256() {
        return Arbitraries.integers().between(0, 31).flatMap(zeros ->
                Arbitraries.bytes().array(byte[].class).ofSize(32).map(b -> {
                    for (int i = 0; i < zeros; i++) {
                        b[31 - i] = 0;
                    }
                    return b;
                }));
    }

    /** Log-uniform over the difficulties anyone uses, 1e-9 (CPU test miners) to 1e15 (network). */
    @Provide
    Arbitrary<Double> difficulty() {
        return Arbitraries.doubles().between(-9, 15).map(exponent -> Math.pow(10, exponent));
    }

    private static BigInteger littleEndian(byte[] b) {
        return new BigInteger(1, Vectors.reversed(b));
    }

    @Property(tries = 400)
    void meetsAgreesWithBigInteger(@ForAll("u256") byte[] hash, @ForAll("u256") byte[] target) {
        Target t = Target.fromLittleEndian(target);
        assertEquals(littleEndian(hash).compareTo(littleEndian(target)) <= 0, t.isMetBy(hash));
    }

    @Property(tries = 300)
    void nearbyTargetsDecideOnTheRightWord(@ForAll("u256") byte[] hash, @ForAll @IntRange(max = 31) int index,
                                            @ForAll byte delta) {
        byte[] target = hash.clone();
        target[index] += delta;
        Target t = Target.fromLittleEndian(target);
        assertEquals(littleEndian(hash).compareTo(littleEndian(target)) <= 0, t.isMetBy(hash));
        assertTrue(Target.fromLittleEndian(hash).isMetBy(hash), "equality meets");
    }

    @Property(tries = 200)
    void representationsRoundTripAndOrderAgrees(@ForAll("u256") byte[] a, @ForAll("u256") byte[] b) {
        Target ta = Target.fromLittleEndian(a);
        Target tb = Target.fromLittleEndian(b);
        assertEquals(littleEndian(a), ta.toBigInteger());
        assertEquals(ta, Target.fromBigInteger(ta.toBigInteger()));
        assertEquals(ta.toBigInteger().toString(16), new BigInteger(ta.toString(), 16).toString(16));
        assertEquals(Integer.signum(littleEndian(a).compareTo(littleEndian(b))), Integer.signum(ta.compareTo(tb)));
        assertEquals(ta.equals(tb), ta.compareTo(tb) == 0);
    }

    @Property(tries = 300)
    void difficultyToTargetIsExactFloorMonotoneAndRoundTrips(
            @ForAll("difficulty") double d1, @ForAll("difficulty") double d2) {
        Target t1 = Target.fromDifficulty(d1);
        BigDecimal exact = BigDecimal.valueOf(d1);
        assertEquals(new BigDecimal(DIFF1).divide(exact, 0, RoundingMode.FLOOR).toBigInteger(), t1.toBigInteger());

        Target t2 = Target.fromDifficulty(d2);
        if (d1 <= d2) {
            assertTrue(t1.compareTo(t2) >= 0, "higher difficulty, lower target");
        } else {
            assertTrue(t1.compareTo(t2) <= 0, "lower difficulty, higher target");
        }
        double back = t1.difficulty();
        assertTrue(Math.abs(back - d1) <= d1 * 1e-12, d1 + " came back as " + back);
    }

    @Property(tries = 200)
    void achievedDifficultyMatchesBigDecimal(@ForAll("u256") byte[] hash) {
        BigInteger value = littleEndian(hash);
        double actual = Target.difficultyOf(hash);
        if (value.signum() == 0) {
            assertEquals(Double.POSITIVE_INFINITY, actual);
            return;
        }
        double expected = new BigDecimal(DIFF1).divide(new BigDecimal(value), java.math.MathContext.DECIMAL64)
                .doubleValue();
        assertTrue(Math.abs(actual - expected) <= expected * 1e-14, expected + " vs " + actual);
    }

    /** nbits keeps 23 bits: encoding rounds down, and never by more than the dropped low bits. */
    @Property(tries = 300)
    void nbitsEncodingRoundsDown(@ForAll("u256") byte[] le) {
        Target target = Target.fromLittleEndian(le);
        int nbits = target.toNBits();
        Target compact = Target.fromNBits(nbits);
        assertTrue(compact.compareTo(target) <= 0, "compact form must not be easier");
        BigInteger value = target.toBigInteger();
        // The mantissa's last bit is worth 256^(exponent - 3).
        int dropped = 8 * Math.max(0, (nbits >>> 24) - 3);
        assertTrue((nbits & 0x00800000) == 0, "sign bit never set");
        assertTrue(value.subtract(compact.toBigInteger()).compareTo(BigInteger.ONE.shiftLeft(dropped)) < 0,
                "compact form loses only what its exponent cannot hold");
        assertEquals(compact, Target.fromNBits(compact.toNBits()), "compact form is a fixed point");
    }
}
