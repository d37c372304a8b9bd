package org.sv2translator.v2.noise;

/**
 * The Noise layer refused a connection: a handshake message or transport frame that does not authenticate or is
 * malformed, a certificate that does not verify, an oversized length, or a handshake that took too long.
 * {@link #reason()} says which, so upper layers (failover) can react without parsing messages.
 *
 * <p>Every reason is fatal for the connection: the spec (4.5) requires the session to be terminated.
 */
public final class NoiseException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Why the Noise layer gave up on a connection. */
    public enum Reason {
        /** A handshake message of the wrong length, or a handshake that ended before its message was complete. */
        HANDSHAKE_MALFORMED,
        /** The handshake did not complete within the configured time. */
        HANDSHAKE_TIMEOUT,
        /** ChaCha20-Poly1305 tag mismatch: handshake or transport ciphertext altered, or wrong keys. */
        DECRYPT_FAILED,
        /** The SIGNATURE_NOISE_MESSAGE is not 74 bytes, or its validity window is inverted. */
        CERTIFICATE_MALFORMED,
        /**
         * The certificate's BIP340 signature does not verify against the pinned authority key: either the server is
         * certified by another authority (wrong pinned key) or the signature is corrupt. The two cannot be told
         * apart cryptographically.
         */
        CERTIFICATE_BAD_SIGNATURE,
        /** The certificate's not_valid_after (plus the clock-skew tolerance) is in the past. */
        CERTIFICATE_EXPIRED,
        /** The certificate's valid_from (minus the clock-skew tolerance) is in the future. */
        CERTIFICATE_NOT_YET_VALID,
        /** A decrypted frame header announces a payload longer than the configured maximum. */
        FRAME_TOO_LARGE,
        /** An outbound plaintext frame whose 6-byte header does not match its length. */
        FRAME_MALFORMED,
        /** A CipherState used its last nonce (2^64 - 1 messages): the session must end. */
        NONCE_EXHAUSTED
    }

    private final Reason reason;

    public NoiseException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public NoiseException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }

    @Override
    public String getMessage() {
        return reason + ": " + super.getMessage();
    }
}
