package org.sv2translator.bitcoin;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class BlockHeaderTest {

    @Test
    void fieldsAreLittleEndianAtTheirOffsets() {
        byte[] prev = new byte[32];
        byte[] root = new byte[32];
        prev[0] = 1;
        root[31] = 2;
        byte[] b = new BlockHeader(0x20000000, prev, root, 0x6b058d24, 0x1703a30c, 0x8106ac1c).toBytes();
        assertEquals(80, b.length);
        assertArrayEquals(new byte[] {0, 0, 0, 0x20}, Arrays.copyOfRange(b, 0, 4));
        assertEquals(1, b[4]);
        assertEquals(2, b[67]);
        assertArrayEquals(new byte[] {0x24, (byte) 0x8d, 0x05, 0x6b}, Arrays.copyOfRange(b, 68, 72));
        assertArrayEquals(new byte[] {0x0c, (byte) 0xa3, 0x03, 0x17}, Arrays.copyOfRange(b, 72, 76));
        assertArrayEquals(new byte[] {0x1c, (byte) 0xac, 0x06, (byte) 0x81}, Arrays.copyOfRange(b, 76, 80));
    }

    @Test
    void isImmutable() {
        byte[] prev = new byte[32];
        BlockHeader header = new BlockHeader(1, prev, new byte[32], 2, 3, 4);
        byte[] before = header.toBytes();
        prev[0] = 9;
        header.prevHash()[1] = 9;
        header.merkleRoot()[2] = 9;
        assertArrayEquals(before, header.toBytes());
        assertNotEquals(header, new BlockHeader(1, prev, new byte[32], 2, 3, 4));
    }

    @Test
    void rejectsWrongSizes() {
        assertThrows(BitcoinFormatException.class, () -> BlockHeader.parse(new byte[79]));
        assertThrows(BitcoinFormatException.class, () -> BlockHeader.parse(new byte[81]));
        assertThrows(BitcoinFormatException.class, () -> new BlockHeader(1, new byte[31], new byte[32], 0, 0, 0));
        assertThrows(BitcoinFormatException.class, () -> new BlockHeader(1, new byte[32], new byte[33], 0, 0, 0));
    }
}
