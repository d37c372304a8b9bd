package org.sv2translator.v2.noise;

/**
 * A configured authority key string (see {@link AuthorityKey}) cannot be used. {@link #reason()} says why, for
 * callers that react differently (tests, configuration validation); the message says it for people.
 */
public final class InvalidAuthorityKeyException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Why a key string was refused. */
    public enum Reason {
        /** Empty, too long, or a character outside the base58 alphabet. */
        NOT_BASE58,
        /** The last four bytes are not the first four of the double SHA-256 of the rest. */
        BAD_CHECKSUM,
        /** The decoded payload has the wrong number of bytes. */
        WRONG_LENGTH,
        /** A public key whose version prefix is not 1 (bytes {@code 01 00}). */
        UNKNOWN_VERSION,
        /** A public key whose x coordinate is not below p or has no point on secp256k1. */
        NOT_ON_CURVE,
        /** A secret key that is zero or not below the group order. */
        SECRET_OUT_OF_RANGE
    }

    private final Reason reason;

    public InvalidAuthorityKeyException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
