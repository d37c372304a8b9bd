package org.sv2translator.v2.message;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import org.sv2translator.v2.wire.Bytes;
import org.sv2translator.v2.wire.FrameHeader;
import org.sv2translator.v2.wire.Sv2DecodeException;
import org.sv2translator.v2.wire.Sv2DecodeException.Reason;
import org.sv2translator.v2.wire.WireReader;
import org.sv2translator.v2.wire.WireWriter;

/**
 * Turns SV2 frames into {@link Sv2Message} records and back. Each record keeps its own field layout (its
 * {@code read} and {@link Sv2Message#writePayload}); this class only frames, dispatches by {@link MessageType}
 * and enforces that a payload is consumed exactly.
 *
 * <p>Decoding never throws anything but {@link Sv2DecodeException} and never allocates more than the payload's
 * bytes. Unknown (extension, msg_type) pairs decode to {@link UnknownMessage}. The {@code channel_msg} bit is not
 * used to look a type up (spec 3.2: it is ignored in the extension lookup) and a known message whose bit differs
 * from chapter 08 is still decoded; encoding always sets the bit chapter 08 gives.
 *
 * <p>None of these methods release or retain the buffers passed in: the caller owns them.
 */
public final class MessageCodec {
    private MessageCodec() {
    }

    /**
     * Decodes a whole frame (header and payload) from {@code frame}'s readable bytes, which must be exactly one
     * frame: the form {@code Sv2FrameDecoder} and the Noise transport decoder emit.
     */
    public static Sv2Message decodeFrame(ByteBuf frame) {
        FrameHeader header = FrameHeader.read(frame);
        return decode(header, frame);
    }

    /**
     * Decodes the message {@code header} describes from {@code payload}'s readable bytes, which must number
     * {@code header.msgLength()}. Advances {@code payload}'s reader index.
     */
    public static Sv2Message decode(FrameHeader header, ByteBuf payload) {
        int available = payload.readableBytes();
        if (available < header.msgLength()) {
            throw new Sv2DecodeException(Reason.TRUNCATED,
                    header + " but only " + available + " payload byte(s)");
        }
        if (available > header.msgLength()) {
            throw new Sv2DecodeException(Reason.TRAILING_BYTES,
                    header + " followed by " + available + " byte(s)");
        }
        MessageType type = MessageType.lookup(header.extension(), header.msgType());
        if (type == null) {
            return new UnknownMessage(header.extension(), header.channelMsg(), header.msgType(),
                    new WireReader(payload).readBytes(available));
        }
        WireReader reader = new WireReader(payload);
        Sv2Message message;
        try {
            message = type.read(reader);
        } catch (IllegalArgumentException e) {
            // Record constructors only check the limits the reader already enforces, so this is a safety net that
            // keeps the one-error-type contract should a record ever add a stricter rule.
            throw new Sv2DecodeException(Reason.INVALID_VALUE, type.specName() + ": " + e.getMessage());
        }
        reader.expectEnd();
        return message;
    }

    /**
     * Appends {@code message} as one frame (header and payload) to {@code out}.
     *
     * @throws IllegalArgumentException if the payload would exceed the U24 length; {@code out} is then unchanged
     */
    public static void encodeFrame(Sv2Message message, ByteBuf out) {
        int start = out.writerIndex();
        out.writeZero(FrameHeader.SIZE);
        try {
            message.writePayload(new WireWriter(out));
        } catch (RuntimeException e) {
            out.writerIndex(start);
            throw e;
        }
        int length = out.writerIndex() - start - FrameHeader.SIZE;
        if (length > FrameHeader.MAX_MSG_LENGTH) {
            out.writerIndex(start);
            throw new IllegalArgumentException("payload of " + length + " bytes does not fit a U24 length");
        }
        int extensionType = message.channelMsg()
                ? message.extension() | FrameHeader.CHANNEL_MSG_BIT : message.extension();
        out.setShortLE(start, extensionType);
        out.setByte(start + 2, message.msgType());
        out.setMediumLE(start + 3, length);
    }

    /** {@code message} as one frame in a new buffer from {@code alloc}, which the caller owns and must release. */
    public static ByteBuf encodeFrame(Sv2Message message, ByteBufAllocator alloc) {
        ByteBuf out = alloc.buffer();
        try {
            encodeFrame(message, out);
            return out;
        } catch (RuntimeException e) {
            out.release();
            throw e;
        }
    }

    /** {@code message} as the bytes of one frame, for tests and tools off the hot path. */
    public static Bytes toFrameBytes(Sv2Message message) {
        ByteBuf out = Unpooled.buffer();
        try {
            encodeFrame(message, out);
            byte[] bytes = new byte[out.readableBytes()];
            out.readBytes(bytes);
            return Bytes.of(bytes);
        } finally {
            out.release();
        }
    }
}
