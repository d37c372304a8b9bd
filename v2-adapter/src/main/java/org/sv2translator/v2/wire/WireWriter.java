package org.sv2translator.v2.wire;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Writes the SV2 data types of spec 3.1 to a {@link ByteBuf} (little-endian). Length limits are enforced here too:
 * a value that does not fit its type is a programming error and throws {@link IllegalArgumentException} before
 * anything is written for that field. The writer never releases the buffer: the caller owns it.
 */
public final class WireWriter {
    /** Writes one element of a SEQ0_255, SEQ0_64K or OPTION. */
    @FunctionalInterface
    public interface ElementWriter<T> {
        void write(WireWriter writer, T value);
    }

    private final ByteBuf buf;

    public WireWriter(ByteBuf out) {
        this.buf = out;
    }

    public WireWriter writeBool(boolean value) {
        buf.writeByte(value ? 1 : 0);
        return this;
    }

    public WireWriter writeU8(int value) {
        buf.writeByte(checkRange(value, 0xFF, "U8"));
        return this;
    }

    public WireWriter writeU16(int value) {
        buf.writeShortLE(checkRange(value, 0xFFFF, "U16"));
        return this;
    }

    public WireWriter writeU24(int value) {
        buf.writeMediumLE(checkRange(value, 0xFFFFFF, "U24"));
        return this;
    }

    /** Writes the 32 bits of {@code value} (an unsigned U32 held in an int). */
    public WireWriter writeU32(int value) {
        buf.writeIntLE(value);
        return this;
    }

    /** Writes the 64 bits of {@code value} (an unsigned U64 held in a long). */
    public WireWriter writeU64(long value) {
        buf.writeLongLE(value);
        return this;
    }

    public WireWriter writeU256(U256 value) {
        value.writeTo(buf);
        return this;
    }

    public WireWriter writeF32(float value) {
        buf.writeFloatLE(value);
        return this;
    }

    public WireWriter writePubkey(Bytes xOnlyKey) {
        if (xOnlyKey.size() != 32) {
            throw new IllegalArgumentException("PUBKEY must be 32 bytes, got " + xOnlyKey.size());
        }
        xOnlyKey.writeTo(buf);
        return this;
    }

    /** BYTES: the bytes alone, no length prefix. */
    public WireWriter writeBytes(Bytes bytes) {
        bytes.writeTo(buf);
        return this;
    }

    /** STR0_255: the UTF-8 encoding of {@code value}, at most 255 bytes. */
    public WireWriter writeStr0_255(String value) {
        int length = ByteBufUtil.utf8Bytes(value);
        buf.writeByte(checkRange(length, 255, "STR0_255 length"));
        ByteBufUtil.reserveAndWriteUtf8(buf, value, length);
        return this;
    }

    public WireWriter writeB0_32(Bytes value) {
        buf.writeByte(checkRange(value.size(), 32, "B0_32 length"));
        value.writeTo(buf);
        return this;
    }

    public WireWriter writeB0_255(Bytes value) {
        buf.writeByte(checkRange(value.size(), 255, "B0_255 length"));
        value.writeTo(buf);
        return this;
    }

    public WireWriter writeB0_64K(Bytes value) {
        buf.writeShortLE(checkRange(value.size(), 0xFFFF, "B0_64K length"));
        value.writeTo(buf);
        return this;
    }

    public WireWriter writeB0_16M(Bytes value) {
        buf.writeMediumLE(checkRange(value.size(), 0xFFFFFF, "B0_16M length"));
        value.writeTo(buf);
        return this;
    }

    public <T> WireWriter writeSeq0_255(List<T> values, ElementWriter<T> element) {
        buf.writeByte(checkRange(values.size(), 255, "SEQ0_255 count"));
        return writeAll(values, element);
    }

    public <T> WireWriter writeSeq0_64K(List<T> values, ElementWriter<T> element) {
        buf.writeShortLE(checkRange(values.size(), 0xFFFF, "SEQ0_64K count"));
        return writeAll(values, element);
    }

    private <T> WireWriter writeAll(List<T> values, ElementWriter<T> element) {
        for (T value : values) {
            element.write(this, value);
        }
        return this;
    }

    public <T> WireWriter writeOption(Optional<T> value, ElementWriter<T> element) {
        buf.writeByte(value.isPresent() ? 1 : 0);
        value.ifPresent(v -> element.write(this, v));
        return this;
    }

    public WireWriter writeOptionU32(OptionalInt value) {
        buf.writeByte(value.isPresent() ? 1 : 0);
        if (value.isPresent()) {
            buf.writeIntLE(value.getAsInt());
        }
        return this;
    }

    private static int checkRange(int value, int max, String what) {
        if (value < 0 || value > max) {
            throw new IllegalArgumentException(what + " " + value + " outside 0.." + max);
        }
        return value;
    }
}
