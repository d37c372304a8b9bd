package org.sv2translator.v2.noise;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

import org.sv2translator.v2.noise.InvalidAuthorityKeyException.Reason;

/**
 * Bitcoin's base58check: base58 (alphabet without 0, O, I, l) of payload || first 4 bytes of sha256d(payload).
 * Only short strings are accepted, so the quadratic base conversion stays cheap whatever a user pastes.
 */
final class Base58Check {
    private static final char[] ALPHABET =
            "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz".toCharArray();
    private static final int[] DIGITS = new int[128];
    /** Far above the 51 characters of a versioned public key; bounds the work done on bad input. */
    static final int MAX_CHARS = 128;

    static {
        Arrays.fill(DIGITS, -1);
        for (int i = 0; i < ALPHABET.length; i++) {
            DIGITS[ALPHABET[i]] = i;
        }
    }

    private Base58Check() {
    }

    static String encode(byte[] payload) {
        byte[] checksum = Arrays.copyOf(sha256d(payload), 4);
        byte[] data = Arrays.copyOf(payload, payload.length + 4);
        System.arraycopy(checksum, 0, data, payload.length, 4);
        return base58(data);
    }

    /** The payload of a base58check string, checksum verified and removed. */
    static byte[] decode(String text) throws InvalidAuthorityKeyException {
        if (text == null || text.isEmpty()) {
            throw new InvalidAuthorityKeyException(Reason.NOT_BASE58, "key string is empty");
        }
        if (text.length() > MAX_CHARS) {
            throw new InvalidAuthorityKeyException(Reason.NOT_BASE58,
                    "key string is " + text.length() + " characters, longer than any key encoding (" + MAX_CHARS + ")");
        }
        byte[] data = unbase58(text);
        if (data.length < 4) {
            throw new InvalidAuthorityKeyException(Reason.WRONG_LENGTH,
                    "key string decodes to " + data.length + " bytes, too short to hold a checksum");
        }
        byte[] payload = Arrays.copyOf(data, data.length - 4);
        byte[] checksum = Arrays.copyOfRange(data, data.length - 4, data.length);
        if (!MessageDigest.isEqual(checksum, Arrays.copyOf(sha256d(payload), 4))) {
            throw new InvalidAuthorityKeyException(Reason.BAD_CHECKSUM,
                    "key string checksum does not match (mistyped or truncated?)");
        }
        return payload;
    }

    private static String base58(byte[] data) {
        int zeros = 0;
        while (zeros < data.length && data[zeros] == 0) {
            zeros++;
        }
        // log(256) / log(58) < 1.37: enough base58 digits for the number
        byte[] digits = new byte[data.length * 137 / 100 + 1];
        int used = 0;
        for (int i = zeros; i < data.length; i++) {
            int carry = data[i] & 0xff;
            for (int j = 0; j < used; j++) {
                carry += (digits[j] & 0xff) << 8;
                digits[j] = (byte) (carry % 58);
                carry /= 58;
            }
            while (carry > 0) {
                digits[used++] = (byte) (carry % 58);
                carry /= 58;
            }
        }
        StringBuilder out = new StringBuilder(zeros + used);
        for (int i = 0; i < zeros; i++) {
            out.append(ALPHABET[0]);
        }
        for (int i = used - 1; i >= 0; i--) {
            out.append(ALPHABET[digits[i]]);
        }
        return out.toString();
    }

    private static byte[] unbase58(String text) throws InvalidAuthorityKeyException {
        int zeros = 0;
        while (zeros < text.length() && text.charAt(zeros) == ALPHABET[0]) {
            zeros++;
        }
        // little-endian base-256 accumulator; log(58) / log(256) < 0.74
        byte[] bytes = new byte[text.length() * 74 / 100 + 1];
        int used = 0;
        for (int i = zeros; i < text.length(); i++) {
            char c = text.charAt(i);
            int digit = c < 128 ? DIGITS[c] : -1;
            if (digit < 0) {
                throw new InvalidAuthorityKeyException(Reason.NOT_BASE58,
                        "'" + c + "' at position " + (i + 1) + " is not a base58 character");
            }
            int carry = digit;
            for (int j = 0; j < used; j++) {
                carry += (bytes[j] & 0xff) * 58;
                bytes[j] = (byte) carry;
                carry >>>= 8;
            }
            while (carry > 0) {
                bytes[used++] = (byte) carry;
                carry >>>= 8;
            }
        }
        byte[] out = new byte[zeros + used];
        for (int i = 0; i < used; i++) {
            out[zeros + i] = bytes[used - 1 - i];
        }
        return out;
    }

    private static byte[] sha256d(byte[] data) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            return sha.digest(sha.digest(data));
        } catch (NoSuchAlgorithmException e) {
            // Every Java platform must provide SHA-256 (MessageDigest javadoc).
            throw new AssertionError("SHA-256 missing from the JDK", e);
        }
    }
}
