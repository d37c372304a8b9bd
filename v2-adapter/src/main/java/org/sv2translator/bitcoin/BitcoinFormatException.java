package org.sv2translator.bitcoin;

/**
 * The one error this package throws for malformed input: a hash that is not 32 bytes, a merkle path too long,
 * a header that is not 80 bytes, a negative or non-finite difficulty, an nbits value that encodes a negative
 * or overflowing target. It extends {@link IllegalArgumentException} so callers that treat all bad arguments
 * alike still can.
 */
public final class BitcoinFormatException extends IllegalArgumentException {
    public BitcoinFormatException(String message) {
        super(message);
    }

    static void checkRange(byte[] buf, int offset, int length, String what) {
        if (offset < 0 || offset > buf.length - length) {
            throw new BitcoinFormatException(what + ": need " + length + " bytes at offset " + offset
                    + ", buffer holds " + buf.length);
        }
    }

    static void checkHash(byte[] hash, String what) {
        if (hash.length != Sha256d.HASH_LENGTH) {
            throw new BitcoinFormatException(what + " must be 32 bytes, got " + hash.length);
        }
    }
}
