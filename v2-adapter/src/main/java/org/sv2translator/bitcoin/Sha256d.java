package org.sv2translator.bitcoin;

import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Bitcoin's double SHA-256, {@code SHA256(SHA256(data))}, on the JDK's {@link MessageDigest}.
 *
 * <p>Two forms. {@link #of(byte[])} is the simple one: thread-safe, allocates its result. An instance is the
 * hot-path one: it streams input with {@link #update} and writes the digest into a caller's buffer with
 * {@link #digestInto}, allocating nothing per hash. An instance is <b>not thread-safe</b>: keep one per thread
 * (per event loop), as {@link ShareHasher} does.
 */
public final class Sha256d {
    /** Length of a SHA-256 digest in bytes. */
    public static final int HASH_LENGTH = 32;

    private static final ThreadLocal<Sha256d> PER_THREAD = ThreadLocal.withInitial(Sha256d::new);

    private final MessageDigest sha256;

    public Sha256d() {
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            // Every Java platform must provide SHA-256 (MessageDigest javadoc), so this cannot happen on a JDK.
            throw new IllegalStateException("JDK without SHA-256", e);
        }
    }

    /** Returns {@code SHA256(SHA256(data))} as a new 32-byte array. Thread-safe. */
    public static byte[] of(byte[] data) {
        return of(data, 0, data.length);
    }

    /** Returns the double SHA-256 of {@code data[offset, offset + length)} as a new array. Thread-safe. */
    public static byte[] of(byte[] data, int offset, int length) {
        byte[] out = new byte[HASH_LENGTH];
        PER_THREAD.get().hash(data, offset, length, out, 0);
        return out;
    }

    /** Feeds bytes into the pending hash. Returns this instance for chaining. */
    public Sha256d update(byte[] data) {
        sha256.update(data);
        return this;
    }

    /** Feeds {@code data[offset, offset + length)} into the pending hash. */
    public Sha256d update(byte[] data, int offset, int length) {
        if (length < 0) {
            throw new BitcoinFormatException("negative length " + length);
        }
        BitcoinFormatException.checkRange(data, offset, length, "sha256d input");
        sha256.update(data, offset, length);
        return this;
    }

    /**
     * Finishes the pending hash: writes {@code SHA256(SHA256(everything updated so far))} to
     * {@code out[offset, offset + 32)} and resets this instance for the next hash. Allocates nothing.
     */
    public void digestInto(byte[] out, int offset) {
        BitcoinFormatException.checkRange(out, offset, HASH_LENGTH, "sha256d output");
        try {
            sha256.digest(out, offset, HASH_LENGTH);
            sha256.update(out, offset, HASH_LENGTH);
            sha256.digest(out, offset, HASH_LENGTH);
        } catch (DigestException e) {
            // Only thrown for a too-small output window, which the range check above already excludes.
            throw new IllegalStateException(e);
        }
    }

    /** Finishes the pending hash into a new array. */
    public byte[] digest() {
        byte[] out = new byte[HASH_LENGTH];
        digestInto(out, 0);
        return out;
    }

    /** One-shot: double SHA-256 of {@code in[inOffset, inOffset + length)} into {@code out[outOffset, +32)}. */
    public void hash(byte[] in, int inOffset, int length, byte[] out, int outOffset) {
        // Check the output first so a bad call leaves no half-fed input behind.
        BitcoinFormatException.checkRange(out, outOffset, HASH_LENGTH, "sha256d output");
        update(in, inOffset, length).digestInto(out, outOffset);
    }

    /** Discards anything fed with {@link #update} since the last digest. */
    public void reset() {
        sha256.reset();
    }
}
