package org.sv2translator.v2.noise;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

import org.junit.jupiter.api.Test;

class Secp256k1KeysTest {
    private static final String N = "fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141";
    private static final String N_MINUS_1 = "fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364140";

    @Test
    void secretKeyRangeIsOneToNMinusOne() {
        assertFalse(Secp256k1Keys.isValidSecretKey(new byte[32]));
        assertTrue(Secp256k1Keys.isValidSecretKey(Vectors.hex("00".repeat(31) + "01")));
        assertTrue(Secp256k1Keys.isValidSecretKey(Vectors.hex(N_MINUS_1)));
        assertFalse(Secp256k1Keys.isValidSecretKey(Vectors.hex(N)));
        assertFalse(Secp256k1Keys.isValidSecretKey(Vectors.hex("ff".repeat(32))));
        // a byte below n's in a high position makes a value valid even if later bytes are larger
        assertTrue(Secp256k1Keys.isValidSecretKey(Vectors.hex("fffffffffffffffffffffffffffffffd" + "ff".repeat(16))));
        assertFalse(Secp256k1Keys.isValidSecretKey(Vectors.hex("fffffffffffffffffffffffffffffffe" + "ff".repeat(16))));
        assertFalse(Secp256k1Keys.isValidSecretKey(new byte[31]));
        assertFalse(Secp256k1Keys.isValidSecretKey(null));
    }

    @Test
    void newSecretKeyRedrawsOutOfRangeValues() {
        byte[] valid = Vectors.hex("65995eb19631f478a46ffa5cf1e545091efe950eaeac7482ffdc06eb6a89f697");
        Deque<byte[]> draws = new ArrayDeque<>(List.of(Vectors.hex(N), new byte[32], Vectors.hex("ff".repeat(32)), valid));
        SecureRandom scripted = new SecureRandom() {
            private static final long serialVersionUID = 1L;

            @Override
            public void nextBytes(byte[] bytes) {
                System.arraycopy(draws.removeFirst(), 0, bytes, 0, bytes.length);
            }
        };
        assertArrayEquals(valid, Secp256k1Keys.newSecretKey(scripted));
        assertTrue(draws.isEmpty());
    }

    @Test
    void freshKeysAreValidAndDistinct() {
        byte[] a = Secp256k1Keys.newSecretKey();
        byte[] b = Secp256k1Keys.newSecretKey();
        assertTrue(Secp256k1Keys.isValidSecretKey(a));
        assertTrue(Secp256k1Keys.isValidSecretKey(b));
        assertFalse(java.util.Arrays.equals(a, b));
    }

    @Test
    void nullRandomIsRefusedWithOurException() {
        assertThrows(InvalidCryptoInputException.class, () -> Secp256k1Keys.newSecretKey(null));
    }
}
