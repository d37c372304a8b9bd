package org.sv2translator.v2.wire;

import io.netty.buffer.ByteBuf;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * An immutable byte string, so that message records holding byte fields (B0_32, B0_64K, BYTES...) have value
 * equality. Copies on the way in ({@link #of(byte...)}) and out ({@link #toByteArray()}); {@link #toString()} is
 * the lowercase hex of the bytes in wire order.
 */
public final class Bytes {
    private static final HexFormat HEX = HexFormat.of();
    public static final Bytes EMPTY = new Bytes(new byte[0]);

    private final byte[] data;

    private Bytes(byte[] data) {
        this.data = data;
    }

    /** A copy of {@code bytes}. */
    public static Bytes of(byte... bytes) {
        return bytes.length == 0 ? EMPTY : new Bytes(bytes.clone());
    }

    /** @throws IllegalArgumentException if {@code hex} is not an even number of hex digits */
    public static Bytes fromHex(String hex) {
        return wrap(HEX.parseHex(hex));
    }

    /** Takes ownership of {@code bytes} without copying: only for arrays nobody else holds. */
    static Bytes wrap(byte[] bytes) {
        return bytes.length == 0 ? EMPTY : new Bytes(bytes);
    }

    /** Reads {@code length} bytes from {@code buf}, advancing its reader index; the caller checked the length. */
    static Bytes read(ByteBuf buf, int length) {
        if (length == 0) {
            return EMPTY;
        }
        byte[] bytes = new byte[length];
        buf.readBytes(bytes);
        return new Bytes(bytes);
    }

    public int size() {
        return data.length;
    }

    public byte get(int index) {
        return data[index];
    }

    public byte[] toByteArray() {
        return data.clone();
    }

    /** Copies the bytes into {@code dst} at {@code offset}, e.g. to assemble a coinbase without an extra array. */
    public void copyTo(byte[] dst, int offset) {
        System.arraycopy(data, 0, dst, offset, data.length);
    }

    /** Writes the bytes (no length prefix) to {@code buf}. */
    public void writeTo(ByteBuf buf) {
        buf.writeBytes(data);
    }

    public String hex() {
        return HEX.formatHex(data);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Bytes other && Arrays.equals(data, other.data);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return hex();
    }
}
