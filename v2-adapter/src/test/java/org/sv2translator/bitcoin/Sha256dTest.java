package org.sv2translator.bitcoin;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class Sha256dTest {

    @Test
    void knownAnswers() {
        // Published double-SHA-256 values of "" and "abc".
        assertEquals("5df6e0e2761359d30a8275058e299fcc0381534545f55cf43e41983f5d4c9456",
                Vectors.hex(Sha256d.of(new byte[0])));
        assertEquals("4f8b42c22dd3729b519ba6f68d2da7cc5b2d606d05daed5ad5128cc03e6c6358",
                Vectors.hex(Sha256d.of("abc".getBytes(StandardCharsets.US_ASCII))));
    }

    @Property(tries = 200)
    void streamingInAnyPiecesEqualsOneShot(@ForAll @Size(max = 300) byte[] data, @ForAll @IntRange(max = 300) int cut1,
                                           @ForAll @IntRange(max = 300) int cut2) {
        int a = Math.min(cut1, cut2) % (data.length + 1);
        int b = Math.max(a, Math.max(cut1, cut2) % (data.length + 1));
        Sha256d sha = new Sha256d();
        sha.update(Arrays.copyOfRange(data, 0, a)).update(data, a, b - a).update(data, b, data.length - b);
        byte[] out = new byte[40];
        sha.digestInto(out, 5);
        assertArrayEquals(Sha256d.of(data), Arrays.copyOfRange(out, 5, 37));
        // The instance reset itself: the next hash is independent of the previous one.
        assertArrayEquals(Sha256d.of(data), sha.update(data).digest());
    }

    @Test
    void offsetFormHashesOnlyItsWindow() {
        byte[] buf = "xxabcyy".getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[32];
        new Sha256d().hash(buf, 2, 3, out, 0);
        assertArrayEquals(Sha256d.of("abc".getBytes(StandardCharsets.US_ASCII)), out);
        assertArrayEquals(out, Sha256d.of(buf, 2, 3));
    }

    @Test
    void badRangesThrowTypedErrorAndLeaveNoState() {
        Sha256d sha = new Sha256d();
        assertThrows(BitcoinFormatException.class, () -> sha.update(new byte[4], 2, 3));
        assertThrows(BitcoinFormatException.class, () -> sha.update(new byte[4], -1, 1));
        assertThrows(BitcoinFormatException.class, () -> sha.update(new byte[4], 0, -1));
        assertThrows(BitcoinFormatException.class, () -> sha.digestInto(new byte[40], 9));
        assertThrows(BitcoinFormatException.class, () -> sha.hash(new byte[4], 0, 4, new byte[31], 0));
        assertThrows(BitcoinFormatException.class, () -> Sha256d.of(new byte[4], 3, 2));
        assertArrayEquals(Sha256d.of(new byte[0]), sha.digest());
    }
}
