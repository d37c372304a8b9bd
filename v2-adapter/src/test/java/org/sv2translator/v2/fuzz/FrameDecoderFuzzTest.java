package org.sv2translator.v2.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.List;
import org.sv2translator.v2.wire.FrameHeader;
import org.sv2translator.v2.wire.Sv2DecodeException;
import org.sv2translator.v2.wire.Sv2FrameDecoder;

/**
 * Any byte stream, cut anywhere, through the SV2 frame decoder: frames come out whole and exactly as long as their
 * header says, nothing above the limit is ever buffered, the only failure is {@link Sv2DecodeException}, and every
 * buffer is released.
 */
class FrameDecoderFuzzTest {
    static final int MAX_PAYLOAD = 4096;
    static final int MAX_CHUNK = 700;

    @FuzzTest(maxDuration = "10s")
    void anyStreamInAnyChunks(FuzzedDataProvider data) {
        RecordingAllocator alloc = new RecordingAllocator();
        EmbeddedChannel ch = new EmbeddedChannel();
        ch.config().setAllocator(alloc);
        ch.pipeline().addLast(new Sv2FrameDecoder(MAX_PAYLOAD));
        List<ByteBuf> inputs = new ArrayList<>();
        boolean failed = false;
        try {
            while (data.remainingBytes() > 0 && !failed) {
                byte[] chunk = data.consumeBytes(data.consumeInt(1, MAX_CHUNK));
                if (chunk.length == 0) {
                    break; // (an empty wrapped buffer is the shared EMPTY_BUFFER, never released)
                }
                ByteBuf in = Unpooled.wrappedBuffer(chunk);
                inputs.add(in);
                try {
                    ch.writeInbound(in);
                } catch (Sv2DecodeException e) {
                    failed = true; // the typed error, and the decoder refuses everything after it
                }
                drain(ch);
            }
            if (!failed) {
                try {
                    ch.finish();
                } catch (Sv2DecodeException e) {
                    // a truncated last frame: typed as well
                }
            }
            drain(ch);
        } finally {
            ch.finishAndReleaseAll();
        }
        // Buffering never grows past one whole frame plus the read that completes it, whatever a header claims.
        assertTrue(alloc.largest() <= FrameHeader.SIZE + MAX_PAYLOAD + MAX_CHUNK,
                "allocated " + alloc.largest() + " bytes");
        for (ByteBuf in : inputs) {
            assertEquals(0, in.refCnt(), "every input buffer released");
        }
    }

    private static void drain(EmbeddedChannel ch) {
        for (ByteBuf frame; (frame = ch.readInbound()) != null; ) {
            try {
                int declared = frame.getUnsignedMediumLE(frame.readerIndex() + 3);
                assertEquals(FrameHeader.SIZE + declared, frame.readableBytes(), "a frame is exactly its length");
                assertTrue(declared <= MAX_PAYLOAD, "never above the limit");
            } finally {
                frame.release();
            }
        }
    }
}
