package org.sv2translator.v2.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Consumer;
import java.util.function.Function;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;

/** Every data type of spec 3.1 reads back what was written, consuming exactly the bytes written. */
class WireTypesPropertyTest {

    private static <T> T roundTrip(Consumer<WireWriter> write, Function<WireReader, T> read, int expectedSize) {
        ByteBuf buf = Unpooled.buffer();
        try {
            write.accept(new WireWriter(buf));
            assertEquals(expectedSize, buf.readableBytes(), "encoded size");
            WireReader reader = new WireReader(buf);
            T value = read.apply(reader);
            reader.expectEnd();
            return value;
        } finally {
            buf.release();
        }
    }

    @Property
    void bool(@ForAll boolean v) {
        assertEquals(v, roundTrip(w -> w.writeBool(v), WireReader::readBool, 1));
    }

    @Property
    void u8(@ForAll @IntRange(max = 0xFF) int v) {
        assertEquals(v, roundTrip(w -> w.writeU8(v), WireReader::readU8, 1));
    }

    @Property
    void u16(@ForAll @IntRange(max = 0xFFFF) int v) {
        assertEquals(v, roundTrip(w -> w.writeU16(v), WireReader::readU16, 2));
    }

    @Property
    void u24(@ForAll @IntRange(max = 0xFFFFFF) int v) {
        assertEquals(v, roundTrip(w -> w.writeU24(v), WireReader::readU24, 3));
    }

    @Property
    void u32(@ForAll int v) {
        assertEquals(v, roundTrip(w -> w.writeU32(v), WireReader::readU32, 4));
    }

    @Property
    void u64(@ForAll long v) {
        assertEquals(v, roundTrip(w -> w.writeU64(v), WireReader::readU64, 8));
    }

    @Property
    void f32(@ForAll float v) {
        float back = roundTrip(w -> w.writeF32(v), WireReader::readF32, 4);
        assertEquals(Float.floatToRawIntBits(v), Float.floatToRawIntBits(back));
    }

    @Property
    void u256(@ForAll @Size(32) byte[] v) {
        U256 value = U256.fromLittleEndian(v);
        U256 back = roundTrip(w -> w.writeU256(value), WireReader::readU256, 32);
        assertEquals(value, back);
        assertEquals(Bytes.of(v), Bytes.of(back.toLittleEndian()));
    }

    @Property
    void pubkey(@ForAll @Size(32) byte[] v) {
        assertEquals(Bytes.of(v), roundTrip(w -> w.writePubkey(Bytes.of(v)), WireReader::readPubkey, 32));
    }

    @Property
    void bytes(@ForAll @Size(max = 300) byte[] v) {
        assertEquals(Bytes.of(v), roundTrip(w -> w.writeBytes(Bytes.of(v)), r -> r.readBytes(v.length), v.length));
    }

    @Property
    void str0_255(@ForAll("utf8UpTo255Bytes") String v) {
        int size = 1 + v.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        assertEquals(v, roundTrip(w -> w.writeStr0_255(v), WireReader::readStr0_255, size));
    }

    @Provide
    Arbitrary<String> utf8UpTo255Bytes() {
        return Arbitraries.strings().withCharRange('\u0000', '\uD7FF').ofMaxLength(85);
    }

    @Property
    void b0_32(@ForAll @Size(max = 32) byte[] v) {
        assertEquals(Bytes.of(v), roundTrip(w -> w.writeB0_32(Bytes.of(v)), WireReader::readB0_32, 1 + v.length));
    }

    @Property
    void b0_255(@ForAll @Size(max = 255) byte[] v) {
        assertEquals(Bytes.of(v), roundTrip(w -> w.writeB0_255(Bytes.of(v)), WireReader::readB0_255, 1 + v.length));
    }

    @Property(tries = 50)
    void b0_64K(@ForAll @Size(max = 70_000) byte[] v) {
        if (v.length > 0xFFFF) {
            return;
        }
        assertEquals(Bytes.of(v), roundTrip(w -> w.writeB0_64K(Bytes.of(v)), WireReader::readB0_64K, 2 + v.length));
    }

    @Property(tries = 20)
    void b0_16M(@ForAll @IntRange(max = 200_000) int length, @ForAll byte fill) {
        byte[] v = new byte[length];
        java.util.Arrays.fill(v, fill);
        assertEquals(Bytes.of(v), roundTrip(w -> w.writeB0_16M(Bytes.of(v)), WireReader::readB0_16M, 3 + length));
    }

    @Property
    void seq0_255OfU256(@ForAll @Size(max = 255) List<@Size(32) byte[]> v) {
        List<U256> values = v.stream().map(U256::fromLittleEndian).toList();
        assertEquals(values, roundTrip(w -> w.writeSeq0_255(values, WireWriter::writeU256),
                r -> r.readSeq0_255(32, WireReader::readU256), 1 + 32 * values.size()));
    }

    @Property(tries = 100)
    void seq0_64KOfU32(@ForAll @Size(max = 2000) List<Integer> v) {
        assertEquals(v, roundTrip(w -> w.writeSeq0_64K(v, WireWriter::writeU32),
                r -> r.readSeq0_64K(4, WireReader::readU32), 2 + 4 * v.size()));
    }

    @Property
    void seq0_64KOfVariableStrings(@ForAll @Size(max = 20) List<@StringLength(max = 30) String> v) {
        List<String> ascii = v.stream().map(s -> s.replaceAll("[^\\x00-\\x7f]", "x")).toList();
        int size = 2 + ascii.stream().mapToInt(s -> 1 + s.length()).sum();
        assertEquals(ascii, roundTrip(w -> w.writeSeq0_64K(ascii, WireWriter::writeStr0_255),
                r -> r.readSeq0_64K(1, WireReader::readStr0_255), size));
    }

    @Property
    void optionOfU16(@ForAll Optional<@IntRange(max = 0xFFFF) Integer> v) {
        assertEquals(v, roundTrip(w -> w.writeOption(v, WireWriter::writeU16),
                r -> r.readOption(WireReader::readU16), v.isPresent() ? 3 : 1));
    }

    @Property
    void optionU32(@ForAll Optional<Integer> v) {
        OptionalInt value = v.map(OptionalInt::of).orElse(OptionalInt.empty());
        assertEquals(value, roundTrip(w -> w.writeOptionU32(value), WireReader::readOptionU32,
                value.isPresent() ? 5 : 1));
    }
}
