package org.sv2translator.v2.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.sv2translator.v2.wire.Sv2DecodeException.Reason;

/** Length limits on both sides, truncation, and the typed error for each kind of bad input. */
class WireLimitsTest {

    private static Sv2DecodeException failsToRead(String hex, Consumer<WireReader> read) {
        ByteBuf buf = Unpooled.wrappedBuffer(HexFormat.of().parseHex(hex));
        return assertThrows(Sv2DecodeException.class, () -> {
            WireReader reader = new WireReader(buf);
            read.accept(reader);
            reader.expectEnd();
        });
    }

    private static void failsToWrite(Consumer<WireWriter> write) {
        ByteBuf buf = Unpooled.buffer();
        assertThrows(IllegalArgumentException.class, () -> write.accept(new WireWriter(buf)));
        assertEquals(0, buf.readableBytes(), "nothing written for a refused field");
    }

    @Test
    void fixedSizeTypesRefuseTruncatedInput() {
        assertEquals(Reason.TRUNCATED, failsToRead("", WireReader::readBool).reason());
        assertEquals(Reason.TRUNCATED, failsToRead("01", WireReader::readU16).reason());
        assertEquals(Reason.TRUNCATED, failsToRead("0102", WireReader::readU24).reason());
        assertEquals(Reason.TRUNCATED, failsToRead("010203", WireReader::readU32).reason());
        assertEquals(Reason.TRUNCATED, failsToRead("01020304050607", WireReader::readU64).reason());
        assertEquals(Reason.TRUNCATED, failsToRead("00".repeat(31), WireReader::readU256).reason());
        assertEquals(Reason.TRUNCATED, failsToRead("00".repeat(31), WireReader::readPubkey).reason());
        assertEquals(Reason.TRUNCATED, failsToRead("000000", WireReader::readF32).reason());
    }

    @Test
    void str0_255Claiming255BytesInA10ByteBufferIsTruncatedNotAllocated() {
        Sv2DecodeException e = failsToRead("ff616263646566676869", WireReader::readStr0_255);
        assertEquals(Reason.TRUNCATED, e.reason());
    }

    @Test
    void byteArraysAboveTheirMaximumAreRefusedOnDecode() {
        assertEquals(Reason.LENGTH_LIMIT, failsToRead("21" + "00".repeat(33), WireReader::readB0_32).reason());
        assertEquals(Reason.TRUNCATED, failsToRead("ff" + "00".repeat(254), WireReader::readB0_255).reason());
        assertEquals(Reason.TRUNCATED, failsToRead("ffff" + "00".repeat(100), WireReader::readB0_64K).reason());
        assertEquals(Reason.TRUNCATED, failsToRead("ffffff00", WireReader::readB0_16M).reason());
    }

    @Test
    void sequenceCountsLargerThanTheBytesLeftAreRefusedBeforeAllocating() {
        // 65535 U32 elements claimed, 4 bytes present: refused from the count alone.
        Sv2DecodeException e = failsToRead("ffff01000000", r -> r.readSeq0_64K(4, WireReader::readU32));
        assertEquals(Reason.TRUNCATED, e.reason());
        assertEquals(Reason.TRUNCATED,
                failsToRead("02" + "00".repeat(63), r -> r.readSeq0_255(32, WireReader::readU256)).reason());
    }

    @Test
    void optionPresenceAboveOneIsInvalid() {
        assertEquals(Reason.INVALID_VALUE, failsToRead("0201000000", WireReader::readOptionU32).reason());
        assertEquals(Reason.INVALID_VALUE, failsToRead("020100", r -> r.readOption(WireReader::readU16)).reason());
    }

    @Test
    void invalidUtf8IsRefusedAndValidMultibyteIsRead() {
        assertEquals(Reason.INVALID_VALUE, failsToRead("02c328", WireReader::readStr0_255).reason());
        ByteBuf ok = Unpooled.wrappedBuffer(HexFormat.of().parseHex("03e282ac"));
        assertEquals("\u20ac", new WireReader(ok).readStr0_255());
    }

    @Test
    void trailingBytesAreRefused() {
        assertEquals(Reason.TRAILING_BYTES, failsToRead("010000", WireReader::readU16).reason());
    }

    @Test
    void boolReadsOnlyTheLeastSignificantBit() {
        // Spec 3.1: recipients MUST NOT interpret the other bits, so 0xfe is false and 0x03 is true.
        assertFalse(new WireReader(Unpooled.wrappedBuffer(new byte[] {(byte) 0xfe})).readBool());
        assertTrue(new WireReader(Unpooled.wrappedBuffer(new byte[] {3})).readBool());
    }

    @Test
    void writerEnforcesEveryLimit() {
        failsToWrite(w -> w.writeU8(256));
        failsToWrite(w -> w.writeU8(-1));
        failsToWrite(w -> w.writeU16(0x10000));
        failsToWrite(w -> w.writeU24(0x1000000));
        failsToWrite(w -> w.writeStr0_255("x".repeat(256)));
        failsToWrite(w -> w.writeStr0_255("\u20ac".repeat(86))); // 258 UTF-8 bytes
        failsToWrite(w -> w.writeB0_32(Bytes.of(new byte[33])));
        failsToWrite(w -> w.writeB0_255(Bytes.of(new byte[256])));
        failsToWrite(w -> w.writeB0_64K(Bytes.of(new byte[0x10000])));
        failsToWrite(w -> w.writePubkey(Bytes.of(new byte[31])));
        failsToWrite(w -> w.writeSeq0_255(Collections.nCopies(256, U256.ZERO), WireWriter::writeU256));
        failsToWrite(w -> w.writeSeq0_64K(Collections.nCopies(0x10000, 1), WireWriter::writeU32));
    }

    @Test
    void maximumLengthsAreAccepted() {
        ByteBuf buf = Unpooled.buffer();
        WireWriter w = new WireWriter(buf);
        w.writeStr0_255("y".repeat(255)).writeB0_32(Bytes.of(new byte[32]))
                .writeSeq0_255(Collections.nCopies(255, U256.MAX), WireWriter::writeU256);
        WireReader r = new WireReader(buf);
        assertEquals("y".repeat(255), r.readStr0_255());
        assertEquals(32, r.readB0_32().size());
        List<U256> seq = r.readSeq0_255(32, WireReader::readU256);
        assertEquals(255, seq.size());
        assertEquals(U256.MAX, seq.get(254));
        r.expectEnd();
    }

    @Test
    void valueTypesHaveValueEqualityAndWireOrderHex() {
        assertEquals(Bytes.fromHex("00ff"), Bytes.of((byte) 0, (byte) 0xff));
        assertEquals("00ff", Bytes.of((byte) 0, (byte) 0xff).toString());
        byte[] source = {1, 2};
        Bytes copy = Bytes.of(source);
        source[0] = 9;
        assertEquals(1, copy.get(0), "defensive copy on the way in");
        copy.toByteArray()[1] = 9;
        assertEquals(2, copy.get(1), "defensive copy on the way out");
        String hex = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";
        U256 u = U256.fromHex(hex);
        assertEquals(hex, u.toString());
        assertEquals(u, U256.fromLittleEndian(HexFormat.of().parseHex(hex)));
        assertEquals(u.hashCode(), U256.fromHex(hex).hashCode());
        assertFalse(u.equals(U256.ZERO));
    }
}
