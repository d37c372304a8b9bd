package org.sv2translator.v2.message;

import io.netty.buffer.ByteBufUtil;
import java.util.List;
import java.util.Objects;
import org.sv2translator.v2.wire.Bytes;

/**
 * The checks message records run in their constructors: the limits of the fields' wire types (spec 3.1), so a
 * record that exists can always be encoded. Decoded values already satisfy them (WireReader enforces the same
 * limits), so these only fire for records built by our own code.
 */
final class Fields {
    private Fields() {
    }

    static void u8(String name, int value) {
        range(name, value, 0xFF);
    }

    static void u16(String name, int value) {
        range(name, value, 0xFFFF);
    }

    static void str0_255(String name, String value) {
        Objects.requireNonNull(value, name);
        range(name + " UTF-8 length", ByteBufUtil.utf8Bytes(value), 255);
    }

    static void bytes(String name, Bytes value, int maxLength) {
        Objects.requireNonNull(value, name);
        range(name + " length", value.size(), maxLength);
    }

    /** An unmodifiable copy (which also refuses null elements) of at most {@code maxCount} elements. */
    static <T> List<T> seq(String name, List<T> values, int maxCount) {
        List<T> copy = List.copyOf(Objects.requireNonNull(values, name));
        range(name + " count", copy.size(), maxCount);
        return copy;
    }

    static List<Integer> seqU16(String name, List<Integer> values) {
        List<Integer> copy = seq(name, values, 0xFFFF);
        copy.forEach(v -> u16(name + " element", v));
        return copy;
    }

    private static void range(String name, int value, int max) {
        if (value < 0 || value > max) {
            throw new IllegalArgumentException(name + " " + value + " outside 0.." + max);
        }
    }
}
