package org.sv2translator.v2.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.sv2translator.v2.message.MessageCodec;
import org.sv2translator.v2.message.Sv2Message;
import org.sv2translator.v2.wire.Sv2DecodeException;

/**
 * Any frame (any extension type, message type and payload, with a header length that matches the payload) through
 * the message decoder: a message or {@link Sv2DecodeException}, nothing else; and what decodes re-encodes to a
 * frame that decodes to the same message.
 */
class MessageCodecFuzzTest {
    @FuzzTest(maxDuration = "10s")
    void anyFrame(FuzzedDataProvider data) {
        int extensionType = data.consumeBoolean() ? 0 : data.consumeInt(0, 0xFFFF);
        int msgType = data.consumeInt(0, 0xFF);
        byte[] payload = data.consumeRemainingAsBytes();
        ByteBuf frame = Unpooled.buffer(6 + payload.length);
        frame.writeShortLE(extensionType).writeByte(msgType).writeMediumLE(payload.length).writeBytes(payload);
        Sv2Message message;
        try {
            message = MessageCodec.decodeFrame(frame);
        } catch (Sv2DecodeException e) {
            return; // the one typed refusal
        } finally {
            frame.release();
        }
        ByteBuf again = Unpooled.buffer();
        try {
            MessageCodec.encodeFrame(message, again);
            assertEquals(message, MessageCodec.decodeFrame(again), "decode(encode(m)) == m");
        } finally {
            again.release();
        }
    }
}
