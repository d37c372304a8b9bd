package org.sv2translator.v2.wire;

import static org.sv2translator.v2.wire.Sv2DecodeException.Reason.INVALID_VALUE;
import static org.sv2translator.v2.wire.Sv2DecodeException.Reason.LENGTH_LIMIT;
import static org.sv2translator.v2.wire.Sv2DecodeException.Reason.TRAILING_BYTES;
import static org.sv2translator.v2.wire.Sv2DecodeException.Reason.TRUNCATED;

import io.netty.buffer.ByteBuf;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Reads the SV2 data types of spec 3.1 from one message payload. Every length prefix and count is checked against
 * its type's maximum and against the bytes actually left before anything is allocated, so a hostile length can
 * never make the reader allocate more than the payload holds. All failures are {@link Sv2DecodeException}.
 *
 * <p>The reader consumes the readable bytes of the {@link ByteBuf} it is given (advancing its reader index) and
 * never releases it: the caller owns the buffer. Call {@link #expectEnd()} after the last field.
 */
public final class WireReader {
    /** Reads one element of a SEQ0_255, SEQ0_64K or OPTION. */
    @FunctionalInterface
    public interface ElementReader<T> {
        T read(WireReader reader);
    }

    private final ByteBuf buf;

    /** Reads {@code payload}'s readable bytes, and only those. */
    public WireReader(ByteBuf payload) {
        this.buf = payload;
    }

    public int remaining() {
        return buf.readableBytes();
    }

    /** @throws Sv2DecodeException ({@code TRAILING_BYTES}) if any byte is left */
    public void expectEnd() {
        if (buf.isReadable()) {
            throw new Sv2DecodeException(TRAILING_BYTES, buf.readableBytes() + " byte(s) after the last field");
        }
    }

    private void need(int bytes, String what) {
        if (buf.readableBytes() < bytes) {
            throw new Sv2DecodeException(TRUNCATED,
                    what + " needs " + bytes + " byte(s), " + buf.readableBytes() + " left");
        }
    }

    /** BOOL: only the least significant bit counts; spec 3.1 lets senders use the others as flags. */
    public boolean readBool() {
        need(1, "BOOL");
        return (buf.readByte() & 1) != 0;
    }

    public int readU8() {
        need(1, "U8");
        return buf.readUnsignedByte();
    }

    public int readU16() {
        need(2, "U16");
        return buf.readUnsignedShortLE();
    }

    public int readU24() {
        need(3, "U24");
        return buf.readUnsignedMediumLE();
    }

    /** U32 as an int holding the same 32 bits: treat it as unsigned ({@link Integer#toUnsignedLong}). */
    public int readU32() {
        need(4, "U32");
        return buf.readIntLE();
    }

    /** U64 as a long holding the same 64 bits: treat it as unsigned. */
    public long readU64() {
        need(8, "U64");
        return buf.readLongLE();
    }

    public U256 readU256() {
        need(U256.SIZE, "U256");
        return U256.read(buf);
    }

    public float readF32() {
        need(4, "F32");
        return buf.readFloatLE();
    }

    /** PUBKEY: the 32-byte x coordinate of a secp256k1 key (BIP340). */
    public Bytes readPubkey() {
        return readBytes(32);
    }

    /** BYTES of a length the message defines elsewhere. */
    public Bytes readBytes(int length) {
        need(length, "BYTES");
        return Bytes.read(buf, length);
    }

    /** STR0_255, which must be valid UTF-8 (the spec recommends it; we refuse what we could not re-encode). */
    public String readStr0_255() {
        int length = prefixedLength(1, 255, "STR0_255");
        int start = buf.readerIndex();
        String s;
        if (isAscii(start, length)) {
            s = buf.toString(start, length, StandardCharsets.US_ASCII);
        } else {
            try {
                s = StandardCharsets.UTF_8.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(buf.nioBuffer(start, length))
                        .toString();
            } catch (CharacterCodingException e) {
                throw new Sv2DecodeException(INVALID_VALUE, "STR0_255 is not valid UTF-8");
            }
        }
        buf.skipBytes(length);
        return s;
    }

    private boolean isAscii(int start, int length) {
        for (int i = start; i < start + length; i++) {
            if (buf.getByte(i) < 0) {
                return false;
            }
        }
        return true;
    }

    public Bytes readB0_32() {
        return Bytes.read(buf, prefixedLength(1, 32, "B0_32"));
    }

    public Bytes readB0_255() {
        return Bytes.read(buf, prefixedLength(1, 255, "B0_255"));
    }

    public Bytes readB0_64K() {
        return Bytes.read(buf, prefixedLength(2, 0xFFFF, "B0_64K"));
    }

    public Bytes readB0_16M() {
        return Bytes.read(buf, prefixedLength(3, 0xFFFFFF, "B0_16M"));
    }

    /**
     * SEQ0_255[T]. {@code minElementSize} is the fewest bytes one element can take (its size if fixed); the count
     * is checked against it and the bytes left before the list is allocated.
     */
    public <T> List<T> readSeq0_255(int minElementSize, ElementReader<T> element) {
        return readSeq(prefixedCount(1, 255, minElementSize, "SEQ0_255"), element);
    }

    /** SEQ0_64K[T]; see {@link #readSeq0_255}. */
    public <T> List<T> readSeq0_64K(int minElementSize, ElementReader<T> element) {
        return readSeq(prefixedCount(2, 0xFFFF, minElementSize, "SEQ0_64K"), element);
    }

    private <T> List<T> readSeq(int count, ElementReader<T> element) {
        if (count == 0) {
            return List.of();
        }
        List<T> list = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            list.add(element.read(this));
        }
        return Collections.unmodifiableList(list);
    }

    /** OPTION[T]: SEQ0_1, a presence byte of 0 or 1 then the element; any other presence byte is refused. */
    public <T> Optional<T> readOption(ElementReader<T> element) {
        return readPresence() ? Optional.of(element.read(this)) : Optional.empty();
    }

    /** OPTION[U32] without boxing. */
    public OptionalInt readOptionU32() {
        return readPresence() ? OptionalInt.of(readU32()) : OptionalInt.empty();
    }

    private boolean readPresence() {
        int count = readU8();
        if (count > 1) {
            throw new Sv2DecodeException(INVALID_VALUE, "OPTION presence byte " + count + ", must be 0 or 1");
        }
        return count == 1;
    }

    private int prefixedLength(int prefixBytes, int max, String type) {
        return prefixedCount(prefixBytes, max, 1, type);
    }

    private int prefixedCount(int prefixBytes, int max, int minElementSize, String type) {
        need(prefixBytes, type + " length");
        int count = switch (prefixBytes) {
            case 1 -> buf.readUnsignedByte();
            case 2 -> buf.readUnsignedShortLE();
            default -> buf.readUnsignedMediumLE();
        };
        if (count > max) {
            throw new Sv2DecodeException(LENGTH_LIMIT, type + " length " + count + " above " + max);
        }
        long bytes = (long) count * minElementSize;
        if (bytes > buf.readableBytes()) {
            throw new Sv2DecodeException(TRUNCATED,
                    type + " of " + count + " needs at least " + bytes + " byte(s), " + buf.readableBytes() + " left");
        }
        return count;
    }
}
