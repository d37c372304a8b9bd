package org.sv2translator.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.sv2translator.v2.noise.NoiseKeys;

class TpCommandTest {
    @Test
    void runsForItsDurationPrintingTheKeyItWasGiven() throws Exception {
        NoiseKeys.AuthorityKeyPair keys = NoiseKeys.generateAuthorityKeyPair();
        PrintStream original = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int status;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            status = Main.commandLine().execute("tp", "--listen", "127.0.0.1:0", "--duration", "1",
                    "--transactions", "100", "--authority-secret-key", keys.secretKey(), "--no-encryption");
        } finally {
            System.setOut(original);
        }
        String printed = out.toString(StandardCharsets.UTF_8);
        assertEquals(0, status, printed);
        assertTrue(printed.contains("(unencrypted)"), printed);
        assertTrue(printed.contains(keys.publicKey()), printed);
        assertTrue(printed.contains("tp: 0 templates sent, 0 solutions received, 0 blocks"), printed);
    }

    @Test
    void refusesABadKeyAndOutOfRangeSettings() {
        assertEquals(2, Main.commandLine().execute("tp", "--listen", "127.0.0.1:0", "--authority-secret-key", "nope"));
        assertEquals(2, Main.commandLine().execute("tp", "--listen", "127.0.0.1:0", "--transactions", "-1"));
    }
}
