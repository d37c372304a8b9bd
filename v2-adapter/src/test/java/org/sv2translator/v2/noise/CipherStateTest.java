package org.sv2translator.v2.noise;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;

class CipherStateTest {
    private static final byte[] KEY = Vectors.hex("0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f20");

    private static CipherState keyed() {
        CipherState state = new CipherState();
        state.initializeKey(KEY);
        return state;
    }

    @Test
    void emptyKeyPassesThrough() throws Exception {
        CipherState state = new CipherState();
        byte[] data = {1, 2, 3};
        assertArrayEquals(data, state.encryptWithAd(new byte[] {9}, data));
        assertArrayEquals(data, state.decryptWithAd(new byte[] {9}, data));
        assertEquals(0, state.nonce());
    }

    @Test
    void nonceIsFourZeroBytesThenLittleEndianCounter() throws Exception {
        CipherState state = keyed();
        state.setNonceForTest(0x0102030405060708L);
        byte[] ad = {7, 7};
        byte[] pt = "stratum".getBytes();
        byte[] ours = state.encryptWithAd(ad, pt);
        Cipher reference = Cipher.getInstance("ChaCha20-Poly1305");
        byte[] iv = {0, 0, 0, 0, 8, 7, 6, 5, 4, 3, 2, 1};
        reference.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(KEY, "ChaCha20"), new IvParameterSpec(iv));
        reference.updateAAD(ad);
        assertArrayEquals(reference.doFinal(pt), ours);
        assertEquals(0x0102030405060709L, state.nonce());
    }

    @Test
    void failedDecryptionDoesNotAdvanceTheNonce() throws Exception {
        byte[] ct = keyed().encryptWithAd(new byte[0], new byte[20]);
        CipherState receiver = keyed();
        byte[] bad = ct.clone();
        bad[0] ^= 1;
        NoiseException e = assertThrows(NoiseException.class, () -> receiver.decryptWithAd(new byte[0], bad));
        assertEquals(NoiseException.Reason.DECRYPT_FAILED, e.reason());
        assertEquals(0, receiver.nonce());
        assertArrayEquals(new byte[20], receiver.decryptWithAd(new byte[0], ct));
        assertEquals(1, receiver.nonce());
        assertThrows(NoiseException.class, () -> keyed().decryptWithAd(new byte[0], new byte[15]));
    }

    @Test
    void lastNonceIsReserved() throws Exception {
        CipherState state = keyed();
        state.setNonceForTest(-2L);
        state.encryptWithAd(null, new byte[1]);
        NoiseException e = assertThrows(NoiseException.class, () -> state.encryptWithAd(null, new byte[1]));
        assertEquals(NoiseException.Reason.NONCE_EXHAUSTED, e.reason());
    }
}
