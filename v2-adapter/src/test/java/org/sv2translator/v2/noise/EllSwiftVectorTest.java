package org.sv2translator.v2.noise;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.bouncycastle.math.ec.ECFieldElement;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** Every row of the BIP324 ElligatorSwift and ECDH vectors. */
class EllSwiftVectorTest {

    @TestFactory
    List<DynamicTest> decodesEveryBip324DecodeVector() {
        List<DynamicTest> tests = new ArrayList<>();
        int i = 0;
        for (Map<String, String> row : Vectors.csv("bip324/ellswift_decode_test_vectors.csv")) {
            tests.add(DynamicTest.dynamicTest("decode row " + i++ + " " + row.get("comment"), () ->
                    assertEquals(row.get("x"), Vectors.hex(EllSwift.decodeX(Vectors.hex(row.get("ellswift")))))));
        }
        return tests;
    }

    @TestFactory
    List<DynamicTest> decodesTheParityFileToTheSameX() {
        // The parity column is for full-point decoders; we decode x only, which these rows must agree on too.
        List<DynamicTest> tests = new ArrayList<>();
        int i = 0;
        for (Map<String, String> row : Vectors.csv("secp256k1/ellswift_decode_with_parity.csv")) {
            tests.add(DynamicTest.dynamicTest("decode-with-parity row " + i++, () ->
                    assertEquals(row.get("x"), Vectors.hex(EllSwift.decodeX(Vectors.hex(row.get("ellswift")))))));
        }
        return tests;
    }

    /** For each (u, x) and each of the 8 cases: the listed t, or no solution when the cell is empty. */
    @TestFactory
    List<DynamicTest> invertsEveryXswiftecInvVectorCase() {
        List<DynamicTest> tests = new ArrayList<>();
        int i = 0;
        for (Map<String, String> row : Vectors.csv("bip324/xswiftec_inv_test_vectors.csv")) {
            ECFieldElement u = field(row.get("u"));
            ECFieldElement x = field(row.get("x"));
            for (int branch = 0; branch < 8; branch++) {
                String expected = row.get("case" + branch + "_t");
                int c = branch;
                tests.add(DynamicTest.dynamicTest("inverse row " + i + " case " + branch, () -> {
                    ECFieldElement t = EllSwift.xswiftecInv(x, u, c);
                    if (expected.isEmpty()) {
                        assertNull(t, "no solution expected");
                    } else {
                        assertEquals(expected, Vectors.hex(t.getEncoded()));
                        // and it really is an inverse of the decoder
                        assertEquals(x, EllSwift.xswiftec(u, t));
                    }
                }));
            }
            i++;
        }
        return tests;
    }

    @TestFactory
    List<DynamicTest> computesEveryPacketVectorsEcdh() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Map<String, String> row : Vectors.csv("bip324/packet_encoding_test_vectors.csv")) {
            tests.add(DynamicTest.dynamicTest("packet vector " + row.get("in_idx"), () -> assertEcdh(
                    row.get("in_priv_ours"), row.get("in_ellswift_ours"), row.get("in_ellswift_theirs"),
                    row.get("in_initiating"), row.get("mid_x_shared"), row.get("mid_shared_secret"))));
        }
        return tests;
    }

    @TestFactory
    List<DynamicTest> computesEveryXdhVector() {
        List<DynamicTest> tests = new ArrayList<>();
        int i = 0;
        for (Map<String, String> row : Vectors.csv("secp256k1/ellswift_xdh_bip324.csv")) {
            tests.add(DynamicTest.dynamicTest("xdh row " + i++, () -> assertEcdh(
                    row.get("priv_ours"), row.get("ellswift_ours"), row.get("ellswift_theirs"),
                    row.get("initiating"), row.get("x_shared"), row.get("shared_secret"))));
        }
        return tests;
    }

    private static void assertEcdh(String privOurs, String ellOurs, String ellTheirs, String initiating,
            String xShared, String sharedSecret) {
        byte[] priv = Vectors.hex(privOurs);
        byte[] ours = Vectors.hex(ellOurs);
        byte[] theirs = Vectors.hex(ellTheirs);
        boolean weInitiated = initiating.equals("1");
        assertEquals(xShared, Vectors.hex(EllSwift.xOnlyEcdh(theirs, priv)));
        byte[] initiator = weInitiated ? ours : theirs;
        byte[] responder = weInitiated ? theirs : ours;
        assertEquals(sharedSecret, Vectors.hex(EllSwift.bip324Ecdh(initiator, responder, priv, weInitiated)));
        // our listed encoding is an encoding of our own public key
        assertEquals(Vectors.hex(Bip340.publicKey(priv)), Vectors.hex(EllSwift.decodeX(ours)));
    }

    private static ECFieldElement field(String hex) {
        return Secp256k1.CURVE.fromBigInteger(new BigInteger(hex, 16));
    }
}
