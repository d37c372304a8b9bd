package org.sv2translator.v2.noise;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

class EllSwiftTest {
    private static final byte[] SK = Vectors.hex("b7e151628aed2a6abf7158809cf4f3c762e7160f38b4da56a784d9045190cfef");

    @Test
    void randomizedEncodingsDifferButDecodeToTheSameKey() {
        byte[] a = EllSwift.encode(SK);
        byte[] b = EllSwift.encode(SK);
        assertFalse(Arrays.equals(a, b));
        assertArrayEquals(EllSwift.decodeX(a), EllSwift.decodeX(b));
        assertEquals("dff1d77f2a671c5f36183726db2341be58feae1da2deced843240f7b502ba659", Vectors.hex(EllSwift.decodeX(a)));
    }

    @Test
    void differentRandGivesDifferentEncodings() {
        byte[] a = EllSwift.encode(SK, new byte[32]);
        byte[] rand = new byte[32];
        rand[31] = 1;
        assertFalse(Arrays.equals(a, EllSwift.encode(SK, rand)));
    }

    @Test
    void handshakeVectorEncodingsAreOfTheListedKeys() {
        JsonNode v = Vectors.json("sv2/noise_handshake.json");
        for (String who : new String[] {"initiator_ephemeral", "responder_ephemeral", "responder_static"}) {
            byte[] sk = Vectors.hex(v.get(who + "_secret").asText());
            byte[] ell = Vectors.hex(v.get(who + "_ellswift").asText());
            assertArrayEquals(Bip340.publicKey(sk), EllSwift.decodeX(ell), who);
        }
        assertEquals(v.get("responder_static_xonly").asText(),
                Vectors.hex(EllSwift.decodeX(Vectors.hex(v.get("responder_static_ellswift").asText()))));
    }

    @Test
    void wrongLengthsAndBadSecretKeysRaiseOurException() {
        byte[] ell = EllSwift.encode(SK, new byte[32]);
        assertThrows(InvalidCryptoInputException.class, () -> EllSwift.decodeX(new byte[63]));
        assertThrows(InvalidCryptoInputException.class, () -> EllSwift.decodeX(null));
        assertThrows(InvalidCryptoInputException.class, () -> EllSwift.encode(new byte[32]));
        assertThrows(InvalidCryptoInputException.class,
                () -> EllSwift.encode(Vectors.hex("fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141")));
        assertThrows(InvalidCryptoInputException.class, () -> EllSwift.encode(SK, new byte[31]));
        assertThrows(InvalidCryptoInputException.class, () -> EllSwift.xOnlyEcdh(ell, new byte[32]));
        assertThrows(InvalidCryptoInputException.class, () -> EllSwift.xOnlyEcdh(new byte[65], SK));
        assertThrows(InvalidCryptoInputException.class, () -> EllSwift.bip324Ecdh(ell, new byte[10], SK, true));
        assertThrows(InvalidCryptoInputException.class, () -> EllSwift.bip324Ecdh(ell, ell, new byte[33], false));
    }
}
