package org.sv2translator.v2.noise;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.sv2translator.v2.noise.InvalidAuthorityKeyException.Reason;

class AuthorityKeyTest {
    /** Words of each vector's "why" text, and the reason it must be refused with. */
    private static final Map<String, Reason> WHY = new LinkedHashMap<>();

    static {
        WHY.put("checksum", Reason.BAD_CHECKSUM);
        WHY.put("version", Reason.UNKNOWN_VERSION);
        WHY.put("31 bytes", Reason.WRONG_LENGTH);
        WHY.put("not a base58 character", Reason.NOT_BASE58);
        WHY.put("not on the curve", Reason.NOT_ON_CURVE);
    }

    @TestFactory
    List<DynamicTest> everyValidPairDecodesEncodesAndMatches() {
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode pair : Vectors.json("sv2/authority_keys.json").get("pairs")) {
            tests.add(DynamicTest.dynamicTest(pair.get("public_key_base58check").asText(), () -> {
                String pubText = pair.get("public_key_base58check").asText();
                String secText = pair.get("secret_key_base58check").asText();
                byte[] x = AuthorityKey.decodePublicKey(pubText);
                byte[] sk = AuthorityKey.decodeSecretKey(secText);
                assertEquals(pair.get("public_key_xonly_hex").asText(), Vectors.hex(x));
                assertEquals(pair.get("secret_key_hex").asText(), Vectors.hex(sk));
                assertEquals(pubText, AuthorityKey.encodePublicKey(x));
                assertEquals(secText, AuthorityKey.encodeSecretKey(sk));
                assertArrayEquals(x, Bip340.publicKey(sk));
                assertEquals(pair.get("decoded_hex").asText(), "0100" + Vectors.hex(x));
            }));
        }
        return tests;
    }

    @TestFactory
    List<DynamicTest> everyInvalidStringIsRefusedForItsReason() {
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode bad : Vectors.json("sv2/authority_keys.json").get("invalid")) {
            String why = bad.get("why").asText();
            tests.add(DynamicTest.dynamicTest(why, () -> {
                Reason expected = WHY.entrySet().stream().filter(e -> why.contains(e.getKey()))
                        .map(Map.Entry::getValue).findFirst()
                        .orElseThrow(() -> new AssertionError("no expected reason for vector: " + why));
                InvalidAuthorityKeyException e = assertThrows(InvalidAuthorityKeyException.class,
                        () -> AuthorityKey.decodePublicKey(bad.get("string").asText()));
                assertEquals(expected, e.reason(), e.getMessage());
            }));
        }
        return tests;
    }

    /** Spec 4.7.1's test vector. */
    @Test
    void specExampleKey() throws Exception {
        byte[] raw = new byte[] {118, 99, 112, 0, (byte) 151, (byte) 156, 28, 17, (byte) 175, 12, 48, 11, (byte) 205,
            (byte) 140, 127, (byte) 228, (byte) 134, 16, (byte) 252, (byte) 233, (byte) 185, (byte) 193, 30, 61,
            (byte) 174, (byte) 227, 90, (byte) 224, (byte) 176, (byte) 138, 116, 85};
        assertEquals("9bXiEd8boQVhq7WddEcERUL5tyyJVFYdU8th3HfbNXK3Yw6GRXh", AuthorityKey.encodePublicKey(raw));
        assertArrayEquals(raw, AuthorityKey.decodePublicKey("9bXiEd8boQVhq7WddEcERUL5tyyJVFYdU8th3HfbNXK3Yw6GRXh"));
    }

    @Test
    void keysOfTheOtherKindAreRefusedByLength() throws Exception {
        JsonNode pair = Vectors.json("sv2/authority_keys.json").get("pairs").get(0);
        InvalidAuthorityKeyException asPublic = assertThrows(InvalidAuthorityKeyException.class,
                () -> AuthorityKey.decodePublicKey(pair.get("secret_key_base58check").asText()));
        assertEquals(Reason.WRONG_LENGTH, asPublic.reason());
        assertTrue(asPublic.getMessage().contains("secret key?"), asPublic.getMessage());
        InvalidAuthorityKeyException asSecret = assertThrows(InvalidAuthorityKeyException.class,
                () -> AuthorityKey.decodeSecretKey(pair.get("public_key_base58check").asText()));
        assertEquals(Reason.WRONG_LENGTH, asSecret.reason());
    }

    @Test
    void outOfRangeSecretKeysAreRefused() {
        String zero = Base58Check.encode(new byte[32]);
        String n = Base58Check.encode(Vectors.hex("fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141"));
        assertEquals(Reason.SECRET_OUT_OF_RANGE,
                assertThrows(InvalidAuthorityKeyException.class, () -> AuthorityKey.decodeSecretKey(zero)).reason());
        assertEquals(Reason.SECRET_OUT_OF_RANGE,
                assertThrows(InvalidAuthorityKeyException.class, () -> AuthorityKey.decodeSecretKey(n)).reason());
    }

    @Test
    void emptyOverlongAndNonAsciiStringsAreNotBase58() {
        for (String s : new String[] {"", "1".repeat(Base58Check.MAX_CHARS + 1), "9auqWEzQé", "9auq WEz", null}) {
            assertEquals(Reason.NOT_BASE58,
                    assertThrows(InvalidAuthorityKeyException.class, () -> AuthorityKey.decodePublicKey(s)).reason());
        }
        assertEquals(Reason.WRONG_LENGTH,
                assertThrows(InvalidAuthorityKeyException.class, () -> AuthorityKey.decodePublicKey("1")).reason());
    }

    @Test
    void encodingRefusesBadKeys() {
        assertThrows(InvalidCryptoInputException.class, () -> AuthorityKey.encodePublicKey(new byte[31]));
        assertThrows(InvalidCryptoInputException.class, () -> AuthorityKey.encodePublicKey(Vectors.hex("ff".repeat(32))));
        assertThrows(InvalidCryptoInputException.class, () -> AuthorityKey.encodeSecretKey(new byte[32]));
    }
}
