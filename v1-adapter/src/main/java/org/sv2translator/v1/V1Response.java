package org.sv2translator.v1;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The answer to a request: {@code {"id": .., "result": .., "error": ..}}. Exactly one of {@code result} and
 * {@code error} is non-null, except that a decoded response may carry neither (a pool answering
 * {@code "result": null, "error": null}; clients treat that as a refusal).
 */
public record V1Response(RequestId id, Result result, V1Error error) implements V1Message {
    public V1Response {
        Objects.requireNonNull(id, "id");
        if (result != null && error != null) {
            throw new IllegalArgumentException("a response has a result or an error, not both");
        }
    }

    public static V1Response ok(RequestId id, boolean value) {
        return new V1Response(id, value ? BooleanResult.TRUE : BooleanResult.FALSE, null);
    }

    public static V1Response ok(RequestId id, Result result) {
        return new V1Response(id, Objects.requireNonNull(result, "result"), null);
    }

    public static V1Response error(RequestId id, V1Error error) {
        return new V1Response(id, null, Objects.requireNonNull(error, "error"));
    }

    public boolean isError() {
        return error != null;
    }

    /** The result shapes of the methods this library serves; decoded by shape (boolean, array, object). */
    public sealed interface Result permits BooleanResult, SubscribeResult, ConfigureResult {
    }

    /** {@code true}/{@code false}: authorize, submit, extranonce.subscribe, suggest_*. */
    public record BooleanResult(boolean value) implements Result {
        public static final BooleanResult TRUE = new BooleanResult(true);
        public static final BooleanResult FALSE = new BooleanResult(false);
    }

    /**
     * {@code [[["mining.set_difficulty", id], ["mining.notify", id]], extranonce1, extranonce2_size]}.
     * {@code subscriptions} are the (method, subscription id) pairs.
     */
    public record SubscribeResult(List<List<String>> subscriptions, byte[] extranonce1, int extranonce2Size)
            implements Result {
        public SubscribeResult {
            subscriptions = subscriptions.stream().map(List::copyOf).toList();
            Objects.requireNonNull(extranonce1, "extranonce1");
        }
    }

    /**
     * The BIP310 result object, in order: per extension {@code "name": true|false} plus its return values (e.g.
     * {@code "version-rolling.mask": "1fffe000"}). Values are Boolean, String or Number.
     */
    public record ConfigureResult(Map<String, Object> fields) implements Result {
        public ConfigureResult {
            fields = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(fields));
        }

        /** Whether the server accepted {@code extension}. */
        public boolean accepted(String extension) {
            return Boolean.TRUE.equals(fields.get(extension));
        }
    }
}
