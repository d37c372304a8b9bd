package org.sv2translator.v2.noise;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class Base58CheckTest {

    @Test
    void leadingZeroBytesBecomeOnes() throws Exception {
        // Bitcoin's well-known address of hash160 = 0: version 0x00 and twenty zero bytes.
        byte[] payload = new byte[21];
        assertEquals("1111111111111111111114oLvT2", Base58Check.encode(payload));
        assertArrayEquals(payload, Base58Check.decode("1111111111111111111114oLvT2"));
    }

    @Property(tries = 200)
    void roundTrips(@ForAll @Size(max = 60) byte[] payload) throws Exception {
        assertArrayEquals(payload, Base58Check.decode(Base58Check.encode(payload)));
    }
}
