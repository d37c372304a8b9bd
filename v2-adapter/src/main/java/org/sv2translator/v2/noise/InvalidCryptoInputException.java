package org.sv2translator.v2.noise;

/**
 * An argument given to the secp256k1 primitives ({@link EllSwift}, {@link Bip340}, {@link Secp256k1Keys}) is not
 * acceptable: a byte array of the wrong length, or a secret key that is zero or not below the group order.
 *
 * <p>These are caller errors: data received from a peer of the right length never raises it (every 64-byte string
 * is a valid EllSwift encoding; a malformed signature or public key makes {@link Bip340#verify} return false).
 */
public final class InvalidCryptoInputException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public InvalidCryptoInputException(String message) {
        super(message);
    }
}
