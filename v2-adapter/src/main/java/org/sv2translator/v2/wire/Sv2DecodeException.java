package org.sv2translator.v2.wire;

import io.netty.handler.codec.DecoderException;

/**
 * The one error every SV2 decoder of this library throws for bad input: truncated data, trailing bytes, a length
 * above its type's or the configured limit, or an invalid value (an OPTION presence byte above 1, invalid UTF-8,
 * a frame whose header disagrees with its size). {@link #reason()} says which.
 *
 * <p>It is unchecked and extends Netty's {@link DecoderException} so that, thrown inside a pipeline, it reaches
 * {@code exceptionCaught} as itself rather than wrapped. The connection it came from should be closed: SV2 has
 * no way to resynchronise a byte stream after a malformed frame.
 */
public final class Sv2DecodeException extends DecoderException {
    private static final long serialVersionUID = 1L;

    /** What was wrong with the input. */
    public enum Reason {
        /** Fewer bytes than a header, a length prefix or a fixed-size field needs. */
        TRUNCATED,
        /** Bytes left over after the last field of a message. */
        TRAILING_BYTES,
        /** A length or count above the data type's maximum, or a frame above the configured maximum. */
        LENGTH_LIMIT,
        /** A value outside its domain (OPTION presence byte above 1, invalid UTF-8, inconsistent header). */
        INVALID_VALUE
    }

    private final Reason reason;

    public Sv2DecodeException(Reason reason, String message) {
        super(reason + ": " + message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
