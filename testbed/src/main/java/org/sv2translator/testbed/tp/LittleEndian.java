package org.sv2translator.testbed.tp;

import java.io.ByteArrayOutputStream;

/** Little-endian writers for Bitcoin serializations. */
final class LittleEndian {
    private LittleEndian() {
    }

    static void u32(ByteArrayOutputStream out, int v) {
        out.write(v);
        out.write(v >>> 8);
        out.write(v >>> 16);
        out.write(v >>> 24);
    }

    static void u64(ByteArrayOutputStream out, long v) {
        u32(out, (int) v);
        u32(out, (int) (v >>> 32));
    }

    static void compactSize(ByteArrayOutputStream out, long n) {
        if (n < 0xfd) {
            out.write((int) n);
        } else if (n <= 0xffff) {
            out.write(0xfd);
            out.write((int) n);
            out.write((int) (n >>> 8));
        } else {
            out.write(0xfe);
            u32(out, (int) n);
        }
    }
}
