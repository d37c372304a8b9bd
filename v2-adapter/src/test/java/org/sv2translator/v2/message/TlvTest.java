package org.sv2translator.v2.message;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TlvTest {
    @Test
    void aNameThatFitsIsSentAsItIs() {
        assertEquals("acct.rig0001", Tlv.fitUserIdentity("acct.rig0001"));
        String exactly32 = "a".repeat(32);
        assertEquals(exactly32, Tlv.fitUserIdentity(exactly32));
    }

    @Test
    void aLongNameKeepsItsTailWhereWorkersDiffer() {
        String name = "a-very-long-farm-account-name-here.rig-0001";
        String fitted = Tlv.fitUserIdentity(name);
        assertEquals(32, fitted.getBytes(StandardCharsets.UTF_8).length);
        assertTrue(name.endsWith(fitted));
        assertTrue(fitted.endsWith(".rig-0001"));
    }

    @Test
    void aCutNeverSplitsACharacter() {
        String name = "é".repeat(20); // 40 bytes of two-byte characters
        String fitted = Tlv.fitUserIdentity(name);
        assertEquals("é".repeat(16), fitted);
        String mixed = "x" + "€".repeat(11); // 34 bytes: the cut at byte 2 lands inside the first euro sign
        String f = Tlv.fitUserIdentity(mixed);
        assertTrue(f.getBytes(StandardCharsets.UTF_8).length <= 32);
        assertEquals("€".repeat(10), f);
        Tlv.userIdentity(f); // and the TLV accepts it
    }
}
