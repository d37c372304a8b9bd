package org.sv2translator.v1;

/**
 * A line that is not a valid Stratum V1 message: invalid JSON, a missing or unknown method where one is required,
 * wrong parameter types, bad hex. Carries the error to answer with and the request id when it could be read
 * ({@link RequestId#NULL} otherwise). The only exception {@link V1Codec}'s decoders throw.
 */
public final class V1DecodeException extends RuntimeException {
    private final transient RequestId id;
    private final transient V1Error error;
    private final boolean answerable;
    private final String method;

    V1DecodeException(RequestId id, boolean answerable, String message) {
        this(id, answerable, null, message);
    }

    V1DecodeException(RequestId id, boolean answerable, String method, String message) {
        super(message);
        this.id = id;
        this.error = V1Error.other(message);
        this.answerable = answerable;
        this.method = method;
    }

    /**
     * The method of the offending request when it was one this library knows (e.g. {@code mining.submit} with a
     * malformed nonce), else null. Lets the server count a malformed submit as an invalid share.
     */
    public String method() {
        return method;
    }

    /**
     * False when the line was a notification (its id read as {@code null}): it is never answered, even with an error,
     * because some firmware breaks on an unexpected response. True when the id was read, or nothing could be read
     * (invalid JSON is answered with id null, as JSON-RPC does).
     */
    public boolean answerable() {
        return answerable;
    }

    /** The id of the offending request, {@link RequestId#NULL} if none could be read. */
    public RequestId id() {
        return id;
    }

    /** The error to answer with (code 20 for every decoding problem). */
    public V1Error error() {
        return error;
    }
}
