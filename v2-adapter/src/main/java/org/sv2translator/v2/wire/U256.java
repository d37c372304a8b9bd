package org.sv2translator.v2.wire;

import io.netty.buffer.ByteBuf;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.HexFormat;

/**
 * An SV2 U256 (spec 3.1): 32 bytes, a little-endian unsigned integer; targets, prev hashes, merkle roots and
 * merkle path entries. Immutable value, held as four longs so decoding one is a single small allocation.
 * {@link #toString()} and {@link #fromHex(String)} use the 32 bytes in <em>wire</em> order (not the reversed
 * "display" order of block explorers); {@code org.sv2translator.bitcoin.Target.fromLittleEndian(u.toLittleEndian())}
 * turns a target into arithmetic.
 */
public final class U256 {
    public static final int SIZE = 32;
    private static final VarHandle LONG_LE =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    public static final U256 ZERO = new U256(0, 0, 0, 0);
    public static final U256 MAX = new U256(-1L, -1L, -1L, -1L);

    // l0 holds wire bytes 0..7 (least significant), l3 bytes 24..31.
    private final long l0;
    private final long l1;
    private final long l2;
    private final long l3;

    private U256(long l0, long l1, long l2, long l3) {
        this.l0 = l0;
        this.l1 = l1;
        this.l2 = l2;
        this.l3 = l3;
    }

    /** @throws IllegalArgumentException unless {@code bytes} has 32 bytes */
    public static U256 fromLittleEndian(byte[] bytes) {
        if (bytes.length != SIZE) {
            throw new IllegalArgumentException("U256 needs 32 bytes, got " + bytes.length);
        }
        return new U256((long) LONG_LE.get(bytes, 0), (long) LONG_LE.get(bytes, 8),
                (long) LONG_LE.get(bytes, 16), (long) LONG_LE.get(bytes, 24));
    }

    /** Parses 64 hex digits giving the bytes in wire (little-endian) order. */
    public static U256 fromHex(String wireHex) {
        return fromLittleEndian(HexFormat.of().parseHex(wireHex));
    }

    /** Reads 32 bytes; the caller checked they are there. */
    static U256 read(ByteBuf buf) {
        return new U256(buf.readLongLE(), buf.readLongLE(), buf.readLongLE(), buf.readLongLE());
    }

    void writeTo(ByteBuf buf) {
        buf.writeLongLE(l0).writeLongLE(l1).writeLongLE(l2).writeLongLE(l3);
    }

    public byte[] toLittleEndian() {
        byte[] out = new byte[SIZE];
        copyTo(out, 0);
        return out;
    }

    /** Writes the 32 wire bytes into {@code dst} at {@code offset}. */
    public void copyTo(byte[] dst, int offset) {
        LONG_LE.set(dst, offset, l0);
        LONG_LE.set(dst, offset + 8, l1);
        LONG_LE.set(dst, offset + 16, l2);
        LONG_LE.set(dst, offset + 24, l3);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof U256 u && l0 == u.l0 && l1 == u.l1 && l2 == u.l2 && l3 == u.l3;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(l0) * 31 * 31 * 31 + Long.hashCode(l1) * 31 * 31 + Long.hashCode(l2) * 31
                + Long.hashCode(l3);
    }

    @Override
    public String toString() {
        return HexFormat.of().formatHex(toLittleEndian());
    }
}
