package org.sv2translator.v2.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

class FrameHeaderTest {

    @Test
    void channelMsgIsTheTopBitOfTheLittleEndianExtensionType() {
        // SubmitSharesExtended header from the spec vectors: 00 80 | 1b | 21 00 00
        ByteBuf buf = Unpooled.wrappedBuffer(ByteBufUtil.decodeHexDump("00801b210000"));
        FrameHeader h = FrameHeader.read(buf);
        assertTrue(h.channelMsg());
        assertEquals(0, h.extension());
        assertEquals(0x1b, h.msgType());
        assertEquals(0x21, h.msgLength());
        assertEquals(h, FrameHeader.of(0, true, 0x1b, 0x21));

        ByteBuf out = Unpooled.buffer();
        FrameHeader.of(1, false, 2, 0xABCDEF).writeTo(out);
        assertEquals("010002efcdab", ByteBufUtil.hexDump(out));
        assertFalse(FrameHeader.read(out).channelMsg());
    }

    @Test
    void shortHeaderIsTruncatedAndOutOfRangeFieldsAreRefused() {
        Sv2DecodeException e = assertThrows(Sv2DecodeException.class,
                () -> FrameHeader.read(Unpooled.wrappedBuffer(new byte[] {0, 0, 0x13})));
        assertEquals(Sv2DecodeException.Reason.TRUNCATED, e.reason());
        assertThrows(IllegalArgumentException.class, () -> new FrameHeader(0x10000, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new FrameHeader(0, 256, 0));
        assertThrows(IllegalArgumentException.class, () -> new FrameHeader(0, 0, 0x1000000));
        assertThrows(IllegalArgumentException.class, () -> FrameHeader.of(0x8000, false, 0, 0));
    }
}
