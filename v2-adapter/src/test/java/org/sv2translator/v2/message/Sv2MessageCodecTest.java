package org.sv2translator.v2.message;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sv2translator.v2.wire.Sv2DecodeException;
import org.sv2translator.v2.wire.Sv2FrameDecoder;

/** The plaintext pipeline: Sv2FrameDecoder + Sv2MessageCodec, in both directions, with buffer ownership checked. */
class Sv2MessageCodecTest {

    @Test
    void messagesWrittenOutComeBackInThroughTheFrameDecoderSplitAnywhere() {
        EmbeddedChannel out = new EmbeddedChannel(new Sv2MessageCodec());
        List<Sv2Message> messages = Samples.all();
        CompositeByteBuf stream = Unpooled.compositeBuffer(Integer.MAX_VALUE);
        for (Sv2Message m : messages) {
            out.writeOutbound(m);
            ByteBuf frame = out.readOutbound();
            assertEquals(MessageCodec.toFrameBytes(m).hex(), io.netty.buffer.ByteBufUtil.hexDump(frame));
            stream.addComponent(true, frame);
        }
        EmbeddedChannel in = new EmbeddedChannel(new Sv2FrameDecoder(), new Sv2MessageCodec());
        // Feed the concatenated frames in uneven chunks so frames and headers straddle reads.
        int[] chunks = {1, 5, 7, 300, 2, 65_000, 13};
        int i = 0;
        while (stream.isReadable()) {
            in.writeInbound(stream.readRetainedSlice(Math.min(chunks[i++ % chunks.length], stream.readableBytes())));
        }
        stream.release();
        List<Sv2Message> received = new ArrayList<>();
        for (Object m; (m = in.readInbound()) != null; ) {
            received.add((Sv2Message) m);
        }
        assertEquals(messages, received);
        assertEquals(false, in.finish());
        assertEquals(false, out.finish());
    }

    @Test
    void inboundFramesAreReleasedAfterDecodingAndOnFailure() {
        EmbeddedChannel ch = new EmbeddedChannel(new Sv2MessageCodec());
        ByteBuf good = Vectors.buf("0080180d0000010000000873687574646f776e");
        ch.writeInbound(good);
        assertEquals(new CloseChannel(1, "shutdown"), ch.readInbound());
        assertEquals(0, good.refCnt());

        ByteBuf bad = Vectors.buf("0080180a000001000000ff6162636465");
        Sv2DecodeException e = assertThrows(Sv2DecodeException.class, () -> ch.writeInbound(bad));
        assertEquals(Sv2DecodeException.Reason.TRUNCATED, e.reason());
        assertEquals(0, bad.refCnt());
        assertNull(ch.readInbound());
        ch.finishAndReleaseAll();
    }
}
