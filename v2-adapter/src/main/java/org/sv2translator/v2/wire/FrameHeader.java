package org.sv2translator.v2.wire;

import io.netty.buffer.ByteBuf;

/**
 * The 6-byte SV2 frame header (spec 3.2): {@code extension_type} U16, {@code msg_type} U8, {@code msg_length} U24,
 * all little-endian. {@code extensionType} is the raw U16: its most significant bit (0x8000, "bit 15") is the
 * {@code channel_msg} flag, the other 15 bits the extension ({@link #extension()}).
 */
public record FrameHeader(int extensionType, int msgType, int msgLength) {
    public static final int SIZE = 6;
    public static final int CHANNEL_MSG_BIT = 0x8000;
    /** The largest payload a U24 length can describe. */
    public static final int MAX_MSG_LENGTH = 0xFFFFFF;

    /** @throws IllegalArgumentException if a field does not fit its wire type */
    public FrameHeader {
        if ((extensionType & ~0xFFFF) != 0 || (msgType & ~0xFF) != 0 || (msgLength & ~MAX_MSG_LENGTH) != 0) {
            throw new IllegalArgumentException("frame header field out of range: extension_type=" + extensionType
                    + " msg_type=" + msgType + " msg_length=" + msgLength);
        }
    }

    /** A header for extension {@code extension} (0..0x7FFF) with the {@code channel_msg} flag as given. */
    public static FrameHeader of(int extension, boolean channelMsg, int msgType, int msgLength) {
        if ((extension & ~0x7FFF) != 0) {
            throw new IllegalArgumentException("extension " + extension + " outside 0..0x7FFF");
        }
        return new FrameHeader(channelMsg ? extension | CHANNEL_MSG_BIT : extension, msgType, msgLength);
    }

    /** Whether the first four payload bytes are the U32 {@code channel_id} the message is for. */
    public boolean channelMsg() {
        return (extensionType & CHANNEL_MSG_BIT) != 0;
    }

    /** The extension without the {@code channel_msg} flag: 0 for the core protocols. */
    public int extension() {
        return extensionType & ~CHANNEL_MSG_BIT;
    }

    /**
     * Reads a header from {@code buf}, advancing its reader index.
     *
     * @throws Sv2DecodeException ({@code TRUNCATED}) with fewer than 6 readable bytes
     */
    public static FrameHeader read(ByteBuf buf) {
        if (buf.readableBytes() < SIZE) {
            throw new Sv2DecodeException(Sv2DecodeException.Reason.TRUNCATED,
                    "frame header needs 6 bytes, " + buf.readableBytes() + " available");
        }
        return new FrameHeader(buf.readUnsignedShortLE(), buf.readUnsignedByte(), buf.readUnsignedMediumLE());
    }

    public void writeTo(ByteBuf buf) {
        buf.writeShortLE(extensionType).writeByte(msgType).writeMediumLE(msgLength);
    }

    @Override
    public String toString() {
        return String.format("FrameHeader[extension=0x%04x, channelMsg=%b, msgType=0x%02x, msgLength=%d]",
                extension(), channelMsg(), msgType, msgLength);
    }
}
