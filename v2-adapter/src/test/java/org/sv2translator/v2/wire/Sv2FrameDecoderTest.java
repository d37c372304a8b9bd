package org.sv2translator.v2.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;
import org.sv2translator.v2.wire.Sv2DecodeException.Reason;

class Sv2FrameDecoderTest {
    private static final String CLOSE_CHANNEL = "0080180d0000010000000873687574646f776e";
    private static final String SET_TARGET =
            "00802124000001000000000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";

    private static String readFrame(EmbeddedChannel ch) {
        ByteBuf frame = ch.readInbound();
        try {
            return ByteBufUtil.hexDump(frame);
        } finally {
            frame.release();
        }
    }

    @Test
    void emitsWholeFramesIncludingTheHeaderFromByteByByteReads() {
        EmbeddedChannel ch = new EmbeddedChannel(new Sv2FrameDecoder());
        byte[] bytes = ByteBufUtil.decodeHexDump(CLOSE_CHANNEL + SET_TARGET);
        for (byte b : bytes) {
            ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {b}));
        }
        assertEquals(CLOSE_CHANNEL, readFrame(ch));
        assertEquals(SET_TARGET, readFrame(ch));
        assertNull(ch.readInbound());
        ch.finishAndReleaseAll();
    }

    @Test
    void emitsSeveralFramesFromOneReadAndAnEmptyPayloadFrame() {
        EmbeddedChannel ch = new EmbeddedChannel(new Sv2FrameDecoder());
        String empty = "000004000000";
        ch.writeInbound(Unpooled.wrappedBuffer(ByteBufUtil.decodeHexDump(SET_TARGET + empty + CLOSE_CHANNEL)));
        assertEquals(SET_TARGET, readFrame(ch));
        assertEquals(empty, readFrame(ch));
        assertEquals(CLOSE_CHANNEL, readFrame(ch));
        ch.finishAndReleaseAll();
    }

    @Test
    void oversizedLengthIsRejectedFromTheHeaderAloneAndLaterInputIsDiscarded() {
        EmbeddedChannel ch = new EmbeddedChannel(new Sv2FrameDecoder(1024));
        // A header announcing 0x000401 = 1025 bytes, with none of the payload sent yet.
        Sv2DecodeException e = assertThrows(Sv2DecodeException.class,
                () -> ch.writeInbound(Unpooled.wrappedBuffer(ByteBufUtil.decodeHexDump("00801b010400"))));
        assertEquals(Reason.LENGTH_LIMIT, e.reason());
        ch.writeInbound(Unpooled.wrappedBuffer(ByteBufUtil.decodeHexDump(CLOSE_CHANNEL)));
        assertNull(ch.readInbound(), "nothing decoded after the error");
        ch.finishAndReleaseAll();
    }

    @Test
    void limitEqualToThePayloadLengthIsAccepted() {
        EmbeddedChannel ch = new EmbeddedChannel(new Sv2FrameDecoder(13));
        ch.writeInbound(Unpooled.wrappedBuffer(ByteBufUtil.decodeHexDump(CLOSE_CHANNEL)));
        assertEquals(CLOSE_CHANNEL, readFrame(ch));
        ch.finishAndReleaseAll();
    }

    @Test
    void streamEndingInsideAFrameIsTruncated() {
        EmbeddedChannel ch = new EmbeddedChannel(new Sv2FrameDecoder());
        ch.writeInbound(Unpooled.wrappedBuffer(ByteBufUtil.decodeHexDump("0080180d0000010000000873687574646f")));
        assertNull(ch.readInbound());
        Sv2DecodeException e = assertThrows(Sv2DecodeException.class, ch::finish);
        assertEquals(Reason.TRUNCATED, e.reason());
    }

    @Test
    void inputBuffersAreReleasedOnceFramesAreReleased() {
        EmbeddedChannel ch = new EmbeddedChannel(new Sv2FrameDecoder());
        ByteBuf in = Unpooled.buffer().writeBytes(ByteBufUtil.decodeHexDump(SET_TARGET));
        ch.writeInbound(in.retain());
        readFrame(ch);
        ch.finishAndReleaseAll();
        assertEquals(1, in.refCnt(), "only the test's own reference is left");
        in.release();
    }

    @Test
    void refusesALimitAboveU24() {
        assertThrows(IllegalArgumentException.class, () -> new Sv2FrameDecoder(0x1000000));
    }
}
