package org.sv2translator.bitcoin;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sv2translator.bitcoin.Vectors.hex;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import org.junit.jupiter.api.Test;

/** difficulty.json known answers and edge cases; random properties are in {@link TargetPropertiesTest}. */
class TargetTest {

    private static final BigInteger DIFF1 = new BigInteger("00000000ffff" + "0".repeat(52), 16);

    private static JsonNode vectors() {
        return Vectors.load("bitcoin/difficulty.json");
    }

    private static void assertClose(double expected, double actual, double relative, String message) {
        assertTrue(Math.abs(actual - expected) <= Math.abs(expected) * relative,
                message + ": expected " + expected + " got " + actual);
    }

    @Test
    void diff1MatchesTheConvention() {
        assertEquals(vectors().get("diff1_display").asText(), Target.DIFF1.toString());
        assertEquals(DIFF1, Target.DIFF1.toBigInteger());
        assertEquals(1.0, Target.DIFF1.difficulty());
    }

    @Test
    void difficultyToTarget() {
        for (JsonNode row : vectors().get("difficulty_to_target")) {
            String difficulty = row.get("difficulty").asText();
            Target exact = Target.fromDifficulty(new BigDecimal(difficulty));
            assertEquals(row.get("target_display").asText(), exact.toString(), difficulty);
            assertEquals(row.get("target_u256_wire").asText(), hex(exact.toLittleEndian()), difficulty);
            assertEquals(exact, Target.fromLittleEndian(hex(row.get("target_u256_wire"))), difficulty);
            assertEquals(exact, Target.fromDifficulty(Double.parseDouble(difficulty)), difficulty + " as a double");
            assertClose(Double.parseDouble(difficulty), exact.difficulty(), 1e-12, difficulty);
        }
    }

    @Test
    void nbitsToTarget() {
        for (JsonNode row : vectors().get("nbits_to_target")) {
            String nbits = row.get("nbits").asText();
            Target target = Target.fromNBits(Vectors.u32(row.get("nbits")));
            assertEquals(row.get("target_display").asText(), target.toString(), nbits);
            assertEquals(row.get("target_u256_wire").asText(), hex(target.toLittleEndian()), nbits);
            assertEquals(Vectors.u32(row.get("nbits")), target.toNBits(), "re-encoding " + nbits);
            // The vectors print difficulty to 12 significant digits.
            assertClose(Double.parseDouble(row.get("difficulty_diff1_over_target").asText()), target.difficulty(),
                    1e-11, nbits);
        }
    }

    @Test
    void hashMeetsTargetAndEqualityMeets() {
        int cases = 0;
        for (JsonNode row : vectors().get("hash_meets_target")) {
            byte[] hash = hex(row.get("hash_wire"));
            Target target = Target.fromBigInteger(new BigInteger(row.get("target_display").asText(), 16));
            assertEquals(row.get("meets").asBoolean(), target.isMetBy(hash), row.toString());
            byte[] padded = new byte[40];
            System.arraycopy(hash, 0, padded, 7, 32);
            assertEquals(row.get("meets").asBoolean(), target.isMetBy(padded, 7), row + " at an offset");
            cases++;
        }
        assertEquals(3, cases);
    }

    @Test
    void compactFormsFromBitcoinCore() {
        // arith_uint256 SetCompact cases: exponents at and below 3 shift the mantissa right.
        assertEquals(BigInteger.ZERO, Target.fromNBits(0x01003456).toBigInteger());
        assertEquals(BigInteger.valueOf(0x12), Target.fromNBits(0x01123456).toBigInteger());
        assertEquals(BigInteger.valueOf(0x1234), Target.fromNBits(0x02123456).toBigInteger());
        assertEquals(BigInteger.valueOf(0x123456), Target.fromNBits(0x03123456).toBigInteger());
        assertEquals(BigInteger.valueOf(0x12345600L), Target.fromNBits(0x04123456).toBigInteger());
        assertEquals(BigInteger.valueOf(0x123456).shiftLeft(8 * 29), Target.fromNBits(0x20123456).toBigInteger());
        assertEquals(BigInteger.ZERO, Target.fromNBits(0x04800000).toBigInteger(), "negative zero is zero");
        assertEquals(BigInteger.valueOf(0x7fffff).shiftLeft(8 * 29), Target.fromNBits(0x207fffff).toBigInteger());
        assertThrows(BitcoinFormatException.class, () -> Target.fromNBits(0x04923456), "negative");
        assertThrows(BitcoinFormatException.class, () -> Target.fromNBits(0x21123456), "overflow");
        assertThrows(BitcoinFormatException.class, () -> Target.fromNBits(0xff123456), "overflow");
    }

    @Test
    void achievedDifficultyOfAHash() {
        JsonNode genesis = vectors().get("hash_meets_target").get(0);
        byte[] hash = hex(genesis.get("hash_wire"));
        BigInteger value = new BigInteger(1, Vectors.reversed(hash));
        double expected = new BigDecimal(DIFF1).divide(new BigDecimal(value), MathContext.DECIMAL64).doubleValue();
        assertClose(expected, Target.difficultyOf(hash), 1e-14, "genesis");
        assertTrue(Target.difficultyOf(hash) > 2536 && Target.difficultyOf(hash) < 2537);
        assertEquals(Double.POSITIVE_INFINITY, Target.difficultyOf(new byte[32]));
        byte[] diff1 = Target.DIFF1.toLittleEndian();
        assertEquals(1.0, Target.difficultyOf(diff1));
    }

    @Test
    void extremeDifficultiesClampOrVanish() {
        assertEquals(Target.MAX, Target.fromDifficulty(1e-11));
        assertEquals(Target.MAX, Target.fromDifficulty(new BigDecimal("1e-300")));
        // diff1 / 2^-32 = 0xFFFF * 2^240 still fits, just above the clamp threshold. new BigDecimal(double) is the
        // exact binary value; fromDifficulty(double) would take the shortest decimal, a hair above 2^-32.
        assertEquals(DIFF1.shiftLeft(32), Target.fromDifficulty(new BigDecimal(Math.scalb(1.0, -32))).toBigInteger());
        assertTrue(Target.fromDifficulty(Math.scalb(1.0, -32)).toBigInteger().compareTo(DIFF1.shiftLeft(32)) < 0);
        Target zero = Target.fromDifficulty(new BigDecimal("1e200"));
        assertEquals(BigInteger.ZERO, zero.toBigInteger());
        assertTrue(zero.isMetBy(new byte[32]));
        byte[] one = new byte[32];
        one[0] = 1;
        assertFalse(zero.isMetBy(one));
        assertEquals(Double.POSITIVE_INFINITY, zero.difficulty());
        assertTrue(Target.MAX.isMetBy(hex("ff".repeat(32))));
    }

    @Test
    void fractionalDifficultyIsFlooredExactly() {
        BigDecimal d = new BigDecimal("3");
        BigInteger expected = DIFF1.divide(BigInteger.valueOf(3));
        assertEquals(expected, Target.fromDifficulty(d).toBigInteger());
        assertEquals(new BigDecimal(DIFF1).divide(new BigDecimal("0.7"), 0, RoundingMode.FLOOR).toBigInteger(),
                Target.fromDifficulty(0.7).toBigInteger());
    }

    @Test
    void badInputThrowsTypedError() {
        assertThrows(BitcoinFormatException.class, () -> Target.fromDifficulty(0));
        assertThrows(BitcoinFormatException.class, () -> Target.fromDifficulty(-1));
        assertThrows(BitcoinFormatException.class, () -> Target.fromDifficulty(Double.NaN));
        assertThrows(BitcoinFormatException.class, () -> Target.fromDifficulty(Double.POSITIVE_INFINITY));
        assertThrows(BitcoinFormatException.class, () -> Target.fromDifficulty(BigDecimal.ZERO));
        assertThrows(BitcoinFormatException.class, () -> Target.fromDifficulty(new BigDecimal("1." + "1".repeat(100))));
        assertThrows(BitcoinFormatException.class, () -> Target.fromLittleEndian(new byte[31]));
        assertThrows(BitcoinFormatException.class, () -> Target.fromLittleEndian(new byte[40], 9));
        assertThrows(BitcoinFormatException.class, () -> Target.fromBigInteger(BigInteger.ONE.shiftLeft(256)));
        assertThrows(BitcoinFormatException.class, () -> Target.fromBigInteger(BigInteger.ONE.negate()));
        assertThrows(BitcoinFormatException.class, () -> Target.DIFF1.isMetBy(new byte[31]));
        assertThrows(BitcoinFormatException.class, () -> Target.DIFF1.isMetBy(new byte[32], 1));
        assertThrows(BitcoinFormatException.class, () -> Target.difficultyOf(new byte[16]));
        assertThrows(BitcoinFormatException.class, () -> Target.DIFF1.writeLittleEndian(new byte[32], 1));
        assertArrayEquals(Target.DIFF1.toLittleEndian(), Target.fromNBits(0x1d00ffff).toLittleEndian());
    }
}
