package org.sv2translator.v2.noise;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** Round trips and symmetries over random keys (bounded tries: each case costs a few scalar multiplications). */
class Secp256k1PropertyTest {

    @Provide
    Arbitrary<byte[]> secretKeys() {
        return Arbitraries.bytes().array(byte[].class).ofSize(32).filter(Secp256k1Keys::isValidSecretKey);
    }

    @Provide
    Arbitrary<byte[]> bytes32() {
        return Arbitraries.bytes().array(byte[].class).ofSize(32);
    }

    @Property(tries = 40)
    void encodingDecodesToThePublicKeyX(@ForAll("secretKeys") byte[] sk, @ForAll("bytes32") byte[] rand) {
        byte[] encoded = EllSwift.encode(sk, rand);
        assertEquals(64, encoded.length);
        assertArrayEquals(Bip340.publicKey(sk), EllSwift.decodeX(encoded));
        // deterministic in (sk, rand)
        assertArrayEquals(encoded, EllSwift.encode(sk, rand));
    }

    @Property(tries = 25)
    void ecdhIsSymmetricBetweenTwoKeys(@ForAll("secretKeys") byte[] a, @ForAll("secretKeys") byte[] b) {
        byte[] ellA = EllSwift.encode(a);
        byte[] ellB = EllSwift.encode(b);
        assertArrayEquals(EllSwift.xOnlyEcdh(ellB, a), EllSwift.xOnlyEcdh(ellA, b));
        byte[] initiatorSide = EllSwift.bip324Ecdh(ellA, ellB, a, true);
        byte[] responderSide = EllSwift.bip324Ecdh(ellA, ellB, b, false);
        assertArrayEquals(initiatorSide, responderSide);
        // the roles are part of the hash: swapping them gives another secret
        assertFalse(Arrays.equals(initiatorSide, EllSwift.bip324Ecdh(ellB, ellA, a, false)));
    }

    @Property(tries = 40)
    void signatureVerifiesAndAnyFlippedBitFails(@ForAll("secretKeys") byte[] sk, @ForAll @Size(max = 80) byte[] msg,
            @ForAll("bytes32") byte[] aux, @ForAll @IntRange(min = 0, max = 511) int bit) {
        byte[] pub = Bip340.publicKey(sk);
        byte[] sig = Bip340.sign(msg, sk, aux);
        assertTrue(Bip340.verify(msg, pub, sig));

        byte[] badSig = sig.clone();
        badSig[bit / 8] ^= (byte) (1 << (bit % 8));
        assertFalse(Bip340.verify(msg, pub, badSig));

        byte[] badPub = pub.clone();
        badPub[(bit / 8) % 32] ^= (byte) (1 << (bit % 8));
        assertFalse(Bip340.verify(msg, badPub, sig));

        if (msg.length > 0) {
            byte[] badMsg = msg.clone();
            badMsg[(bit / 8) % msg.length] ^= (byte) (1 << (bit % 8));
            assertFalse(Bip340.verify(badMsg, pub, sig));
        }
    }
}
