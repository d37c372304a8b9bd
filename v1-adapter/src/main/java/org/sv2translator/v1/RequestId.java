package org.sv2translator.v1;

import java.util.Objects;

/**
 * The {@code id} of a JSON-RPC request, echoed verbatim in its response. Firmware sends numbers ({@code 4}), strings
 * (bfgminer's {@code "auth"}) or {@code null} (a notification, which is never answered). Immutable.
 */
public final class RequestId {
    /** The id of a notification: a message with this id is never answered. */
    public static final RequestId NULL = new RequestId(null, 0, false);

    private static final RequestId[] SMALL = new RequestId[256];

    static {
        for (int i = 0; i < SMALL.length; i++) {
            SMALL[i] = new RequestId(null, i, true);
        }
    }

    /** Text of a string id, or of a number id that is not a long (kept as sent); null for long and null ids. */
    private final String text;
    private final long number;
    /** True for a number id, false for a string or null id. */
    private final boolean numeric;

    private RequestId(String text, long number, boolean numeric) {
        this.text = text;
        this.number = number;
        this.numeric = numeric;
    }

    /** A number id. Small ids are cached because firmware reuses a handful (cpuminer sends 4 for every submit). */
    public static RequestId of(long number) {
        return number >= 0 && number < SMALL.length ? SMALL[(int) number] : new RequestId(null, number, true);
    }

    /** A string id. */
    public static RequestId of(String text) {
        return new RequestId(Objects.requireNonNull(text, "text"), 0, false);
    }

    /** A number id that does not fit a long (e.g. {@code 1.5}), kept as its JSON text so it is echoed unchanged. */
    static RequestId ofNumberText(String jsonNumber) {
        return new RequestId(jsonNumber, 0, true);
    }

    public boolean isNull() {
        return this == NULL;
    }

    public boolean isNumber() {
        return numeric;
    }

    public boolean isString() {
        return !numeric && text != null;
    }

    /** The number of a number id that fits a long. */
    public long number() {
        if (!numeric || text != null) {
            throw new IllegalStateException("not a long id: " + this);
        }
        return number;
    }

    /** The text of a string id. */
    public String string() {
        if (!isString()) {
            throw new IllegalStateException("not a string id: " + this);
        }
        return text;
    }

    /** Text of a non-long number id, or null. */
    String numberText() {
        return numeric ? text : null;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RequestId other && numeric == other.numeric && number == other.number
                && Objects.equals(text, other.text);
    }

    @Override
    public int hashCode() {
        return Objects.hash(text, number, numeric);
    }

    /** The id as JSON text: {@code 4}, {@code "auth"} (unescaped) or {@code null}. */
    @Override
    public String toString() {
        if (isNull()) {
            return "null";
        }
        if (numeric) {
            return text != null ? text : Long.toString(number);
        }
        return '"' + text + '"';
    }
}
