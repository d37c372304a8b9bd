package org.sv2translator.v1;

/**
 * Makes text a miner sent (worker names, user agents, method names, anything from the wire) safe to put in a text
 * log: a miner must not be able to forge log lines (a newline followed by a fake entry), hide text from the operator
 * (bidirectional overrides, zero-width characters), send escape sequences to a terminal, or fill the log with one
 * huge value. Every v1-adapter log statement that prints miner input goes through {@link #forLog(String)}; an
 * application logging miner input (the translator) should do the same.
 *
 * <p>The result is quoted ({@code "farm.w1"}) so that where the value begins and ends is never in doubt, and:
 * <ul>
 *   <li>{@code \n}, {@code \r}, {@code \t}, {@code \"} and {@code \\} are written as those escapes;</li>
 *   <li>other characters that do not print as themselves are written as code points: {@code \xHH} below U+0100 (C0
 *       controls, DEL, C1 controls such as NEL U+0085), {@code \}{@code uHHHH} in the rest of the BMP, {@code \UHHHHHHHH}
 *       above. Those are controls, format characters (bidi overrides, zero-width space, BOM), line and paragraph
 *       separators, unpaired surrogates, private-use and unassigned code points, and every space but U+0020 (a
 *       no-break space looks like a space but is a different name);</li>
 *   <li>a value longer than the limit (64 code points by default) keeps its first 64 and gets
 *       {@code …(N bytes)} after the closing quote, N being the UTF-8 length of the whole value.</li>
 * </ul>
 * Stateless and thread-safe.
 */
public final class MinerText {
    /** Code points kept by {@link #forLog(String)}. */
    public static final int DEFAULT_MAX_CODE_POINTS = 64;

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private MinerText() {
    }

    /** {@code value} quoted, escaped and cut at {@value #DEFAULT_MAX_CODE_POINTS} code points; {@code null} unquoted. */
    public static String forLog(String value) {
        return forLog(value, DEFAULT_MAX_CODE_POINTS);
    }

    /** As {@link #forLog(String)} with another limit (e.g. for a whole error message that embeds miner text). */
    public static String forLog(String value, int maxCodePoints) {
        if (value == null) {
            return "null";
        }
        if (maxCodePoints < 1) {
            throw new IllegalArgumentException("maxCodePoints must be positive: " + maxCodePoints);
        }
        StringBuilder out = new StringBuilder(Math.min(value.length(), maxCodePoints) + 8);
        out.append('"');
        int i = 0;
        int kept = 0;
        while (i < value.length() && kept < maxCodePoints) {
            int cp = value.codePointAt(i);
            escape(cp, out);
            i += Character.charCount(cp);
            kept++;
        }
        out.append('"');
        if (i < value.length()) {
            out.append("…(").append(utf8Length(value)).append(" bytes)");
        }
        return out.toString();
    }

    /**
     * The UTF-8 length of {@code s} without encoding it. An unpaired surrogate counts 3 bytes (what a lenient
     * encoder writes for it as a code point); {@link WorkerName} refuses those anyway.
     */
    public static int utf8Length(CharSequence s) {
        int bytes = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }

    /** Whether {@code codePoint} is written as itself in a log line. */
    static boolean printsAsItself(int codePoint) {
        if (codePoint == ' ') {
            return true;
        }
        switch (Character.getType(codePoint)) {
            case Character.CONTROL, Character.FORMAT, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR,
                    Character.SURROGATE, Character.PRIVATE_USE, Character.UNASSIGNED, Character.SPACE_SEPARATOR -> {
                return false;
            }
            default -> {
                return true;
            }
        }
    }

    private static void escape(int cp, StringBuilder out) {
        switch (cp) {
            case '\n' -> out.append("\\n");
            case '\r' -> out.append("\\r");
            case '\t' -> out.append("\\t");
            case '"' -> out.append("\\\"");
            case '\\' -> out.append("\\\\");
            default -> {
                if (printsAsItself(cp)) {
                    out.appendCodePoint(cp);
                } else if (cp < 0x100) {
                    out.append("\\x");
                    hex(cp, 2, out);
                } else if (cp < 0x10000) {
                    out.append("\\u");
                    hex(cp, 4, out);
                } else {
                    out.append("\\U");
                    hex(cp, 8, out);
                }
            }
        }
    }

    private static void hex(int value, int digits, StringBuilder out) {
        for (int shift = (digits - 1) * 4; shift >= 0; shift -= 4) {
            out.append(HEX[(value >>> shift) & 0xF]);
        }
    }
}
