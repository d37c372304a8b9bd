package org.sv2translator.v1;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * Typed, checked access to the positional params of one message. Every failure is a {@link V1DecodeException}
 * whose message names the method and the parameter, e.g. {@code "mining.submit: nonce must be 8 hex digits"}.
 */
final class Params {
    private final LineDecoder.Envelope env;
    private final String method;
    private final List<Object> values;

    Params(LineDecoder.Envelope env, String method) {
        this.env = env;
        this.method = method;
        if (env.paramsNotArray) {
            throw bad("params must be an array");
        }
        this.values = env.params == null ? List.of() : env.params;
    }

    int size() {
        return values.size();
    }

    V1DecodeException bad(String detail) {
        return new V1DecodeException(env.id, env.answerable(), method, method + ": " + detail);
    }

    /** The raw value (String, Long, Double, Boolean, {@link LineDecoder#NULL}, JsonNode), or null when absent. */
    Object raw(int index) {
        return index < values.size() ? values.get(index) : null;
    }

    boolean present(int index) {
        Object v = raw(index);
        return v != null && v != LineDecoder.NULL;
    }

    String string(int index, String name) {
        Object v = raw(index);
        if (v instanceof String s) {
            return s;
        }
        throw bad(v == null ? name + " is missing" : name + " must be a string");
    }

    /** A string, or null when absent or JSON null. */
    String optionalString(int index, String name) {
        return present(index) ? string(index, name) : null;
    }

    /** A number, or a string holding a decimal number (some firmware quotes numbers). */
    double number(int index, String name) {
        Object v = raw(index);
        if (v instanceof Long l) {
            return l;
        }
        if (v instanceof Double d) {
            return d;
        }
        if (v instanceof String s) {
            try {
                return Double.parseDouble(s);
            } catch (NumberFormatException e) {
                throw bad(name + " must be a number");
            }
        }
        throw bad(v == null ? name + " is missing" : name + " must be a number");
    }

    /** A positive finite number. */
    double positive(int index, String name) {
        double d = number(index, name);
        if (!(d > 0) || Double.isInfinite(d)) {
            throw bad(name + " must be a positive number");
        }
        return d;
    }

    /** An integer in [0, max]. */
    int integer(int index, String name, int max) {
        double d = number(index, name);
        if (d != Math.rint(d) || d < 0 || d > max) {
            throw bad(name + " must be an integer from 0 to " + max);
        }
        return (int) d;
    }

    int u32(int index, String name) {
        String s = string(index, name);
        if (!Hex.isU32(s)) {
            throw bad(name + " must be 8 hex digits");
        }
        return Hex.parseU32(s);
    }

    byte[] hex(int index, String name, int maxBytes) {
        byte[] b = Hex.bytes(string(index, name), maxBytes);
        if (b == null) {
            throw bad(name + " must be hex of at most " + maxBytes + " bytes");
        }
        return b;
    }

    byte[] hexExactly(int index, String name, int bytes) {
        byte[] b = Hex.bytes(string(index, name), bytes);
        if (b == null || b.length != bytes) {
            throw bad(name + " must be hex of " + bytes + " bytes");
        }
        return b;
    }

    boolean bool(int index, String name) {
        Object v = raw(index);
        if (v instanceof Boolean b) {
            return b;
        }
        throw bad(v == null ? name + " is missing" : name + " must be a boolean");
    }

    JsonNode array(int index, String name) {
        if (raw(index) instanceof JsonNode n && n.isArray()) {
            return n;
        }
        throw bad(name + " must be an array");
    }

    /** A JSON object, or null when absent or JSON null. */
    JsonNode optionalObject(int index, String name) {
        if (!present(index)) {
            return null;
        }
        if (raw(index) instanceof JsonNode n && n.isObject()) {
            return n;
        }
        throw bad(name + " must be an object");
    }
}
