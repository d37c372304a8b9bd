package org.sv2translator.v1;

import java.util.HexFormat;

/** Hex conversions of the V1 wire format. Every parser returns a sentinel or null instead of throwing. */
final class Hex {
    static final HexFormat HEX = HexFormat.of();

    private Hex() {
    }

    /** Big-endian 8-digit hex of a 32-bit header field, as V1 prints version, nbits, ntime, nonce and masks. */
    static String u32(int value) {
        return HEX.toHexDigits(value);
    }

    /** True when {@code s} is exactly 8 hex digits (either case), the only form V1 32-bit fields take. */
    static boolean isU32(String s) {
        if (s.length() != 8) {
            return false;
        }
        for (int i = 0; i < 8; i++) {
            if (!HexFormat.isHexDigit(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** Parses a string already checked with {@link #isU32}. */
    static int parseU32(String s) {
        return HexFormat.fromHexDigits(s);
    }

    /** Decodes even-length hex of at most {@code maxBytes} bytes, or returns null. */
    static byte[] bytes(String s, int maxBytes) {
        int n = s.length();
        if ((n & 1) != 0 || n / 2 > maxBytes) {
            return null;
        }
        for (int i = 0; i < n; i++) {
            if (!HexFormat.isHexDigit(s.charAt(i))) {
                return null;
            }
        }
        return HEX.parseHex(s);
    }

    static String of(byte[] bytes) {
        return HEX.formatHex(bytes);
    }

    /**
     * V1 prints the previous block hash as the header's 32 bytes with each 4-byte word byte-reversed (a historical
     * artefact of cgminer treating the header as 32-bit words). The transform is its own inverse.
     */
    static byte[] swapWords(byte[] in) {
        byte[] out = new byte[in.length];
        for (int w = 0; w < in.length; w += 4) {
            out[w] = in[w + 3];
            out[w + 1] = in[w + 2];
            out[w + 2] = in[w + 1];
            out[w + 3] = in[w];
        }
        return out;
    }
}
