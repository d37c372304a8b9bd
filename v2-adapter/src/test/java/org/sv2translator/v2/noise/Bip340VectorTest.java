package org.sv2translator.v2.noise;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** Every row of BIP340's test-vectors.csv: signing where a secret key is given, verification everywhere. */
class Bip340VectorTest {

    @TestFactory
    List<DynamicTest> everyBip340Vector() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Map<String, String> row : Vectors.csv("bip340/test-vectors.csv")) {
            String name = "bip340 row " + row.get("index") + " " + row.get("comment");
            tests.add(DynamicTest.dynamicTest(name, () -> {
                byte[] pub = Vectors.hex(row.get("public key"));
                byte[] msg = Vectors.hex(row.get("message"));
                byte[] sig = Vectors.hex(row.get("signature"));
                if (!row.get("secret key").isEmpty()) {
                    byte[] sk = Vectors.hex(row.get("secret key"));
                    assertEquals(row.get("public key"), Vectors.hex(Bip340.publicKey(sk)).toUpperCase());
                    byte[] signed = Bip340.sign(msg, sk, Vectors.hex(row.get("aux_rand")));
                    assertEquals(row.get("signature"), Vectors.hex(signed).toUpperCase());
                }
                assertEquals(Boolean.parseBoolean(row.get("verification result").toLowerCase()),
                        Bip340.verify(msg, pub, sig));
            }));
        }
        return tests;
    }
}
