package org.sv2translator.v2.noise;

import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;
import java.security.InvalidKeyException;
import java.util.Arrays;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Noise CipherState (spec 4.4.1): a 32-byte key {@code k} and a 64-bit nonce {@code n} driving ChaCha20-Poly1305
 * (RFC 8439, the JDK's {@code ChaCha20-Poly1305} cipher). Before {@link #initializeKey} the key is empty and both
 * operations pass data through unchanged, as the handshake's first act requires.
 *
 * <p>The 12-byte AEAD nonce is 4 zero bytes followed by {@code n} as a little-endian 64-bit value (the Noise
 * convention, not SV2's usual one). {@code n} counts messages; a failed decryption does not advance it. SV2 defines
 * no rekey, so there is none: a session ends long before 2^64 - 1 messages.
 *
 * <p>Not thread-safe: each direction of a connection owns one instance, used on that connection's event loop.
 */
public final class CipherState {
    /** Poly1305 tag length. */
    public static final int MAC_LENGTH = 16;
    /** Noise reserves n = 2^64 - 1 (all ones as an unsigned long). */
    private static final long NONCE_LIMIT = -1L;
    private static final byte[] EMPTY = new byte[0];

    private Cipher cipher;
    private final byte[] iv = new byte[12];
    private SecretKeySpec key;
    private long n;

    public CipherState() {
        cipher = newCipher();
    }

    private static Cipher newCipher() {
        try {
            return Cipher.getInstance("ChaCha20-Poly1305");
        } catch (GeneralSecurityException e) {
            // Every JDK since 11 ships ChaCha20-Poly1305 (SunJCE); this project requires 17.
            throw new IllegalStateException("ChaCha20-Poly1305 missing from the JDK", e);
        }
    }

    /** Noise InitializeKey(key): sets {@code k = key}, {@code n = 0}. The array is copied. */
    public void initializeKey(byte[] key32) {
        Secp256k1.requireLength(key32, 32, "cipher key");
        this.key = new SecretKeySpec(key32, "ChaCha20");
        this.n = 0;
    }

    /** Noise HasKey(). */
    public boolean hasKey() {
        return key != null;
    }

    /** The nonce the next operation will use (unsigned). */
    public long nonce() {
        return n;
    }

    /**
     * Noise EncryptWithAd(ad, plaintext): the ciphertext with its 16-byte tag appended, or the plaintext itself
     * (a copy) while the key is empty.
     *
     * @throws NoiseException with {@link NoiseException.Reason#NONCE_EXHAUSTED} after 2^64 - 1 messages
     */
    public byte[] encryptWithAd(byte[] ad, byte[] plaintext) throws NoiseException {
        if (!hasKey()) {
            return plaintext.clone();
        }
        byte[] out = new byte[plaintext.length + MAC_LENGTH];
        encryptWithAd(ad, plaintext, 0, plaintext.length, out, 0);
        return out;
    }

    /**
     * Noise DecryptWithAd(ad, ciphertext): the plaintext, or the ciphertext itself (a copy) while the key is empty.
     *
     * @throws NoiseException {@link NoiseException.Reason#DECRYPT_FAILED} if the tag does not match (n is then
     *         not advanced) or the ciphertext is shorter than a tag
     */
    public byte[] decryptWithAd(byte[] ad, byte[] ciphertext) throws NoiseException {
        if (!hasKey()) {
            return ciphertext.clone();
        }
        if (ciphertext.length < MAC_LENGTH) {
            throw new NoiseException(NoiseException.Reason.DECRYPT_FAILED,
                    "ciphertext of " + ciphertext.length + " bytes is shorter than its tag");
        }
        byte[] out = new byte[ciphertext.length - MAC_LENGTH];
        decryptWithAd(ad, ciphertext, 0, ciphertext.length, out, 0);
        return out;
    }

    /**
     * EncryptWithAd over array ranges, for the transport: encrypts {@code len} bytes of {@code in} from
     * {@code inOff} and writes {@code len + 16} bytes (ciphertext and tag) to {@code out} from {@code outOff}.
     * The ranges must not overlap. Requires a key.
     *
     * @throws NoiseException with {@link NoiseException.Reason#NONCE_EXHAUSTED} after 2^64 - 1 messages
     */
    public void encryptWithAd(byte[] ad, byte[] in, int inOff, int len, byte[] out, int outOff)
            throws NoiseException {
        requireKey();
        try {
            start(Cipher.ENCRYPT_MODE, ad);
            cipher.doFinal(in, inOff, len, out, outOff);
        } catch (GeneralSecurityException e) {
            // Only a too-small output range or a repeated nonce could get here; both are our bugs.
            throw new IllegalStateException("ChaCha20-Poly1305 encryption failed", e);
        }
        n++;
    }

    /**
     * DecryptWithAd over array ranges, for the transport: authenticates and decrypts {@code len} bytes of
     * {@code in} (tag included) and writes {@code len - 16} plaintext bytes to {@code out}. The ranges must not
     * overlap. Requires a key. On failure {@code n} is not advanced and the content of the output range is
     * unspecified: the caller must discard it.
     *
     * @throws NoiseException {@link NoiseException.Reason#DECRYPT_FAILED} if the tag does not match
     */
    public void decryptWithAd(byte[] ad, byte[] in, int inOff, int len, byte[] out, int outOff)
            throws NoiseException {
        requireKey();
        if (len < MAC_LENGTH) {
            throw new NoiseException(NoiseException.Reason.DECRYPT_FAILED,
                    "ciphertext of " + len + " bytes is shorter than its tag");
        }
        try {
            start(Cipher.DECRYPT_MODE, ad);
            cipher.doFinal(in, inOff, len, out, outOff);
        } catch (AEADBadTagException e) {
            // The JDK cipher refuses to be initialised twice with one key and nonce, but Noise retries a failed
            // decryption with the same n: a fresh Cipher object allows that.
            cipher = newCipher();
            throw new NoiseException(NoiseException.Reason.DECRYPT_FAILED,
                    "ChaCha20-Poly1305 tag mismatch at nonce " + Long.toUnsignedString(n), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("ChaCha20-Poly1305 decryption failed", e);
        }
        n++;
    }

    private void start(int mode, byte[] ad) throws NoiseException, InvalidKeyException,
            InvalidAlgorithmParameterException {
        if (n == NONCE_LIMIT) {
            throw new NoiseException(NoiseException.Reason.NONCE_EXHAUSTED, "cipher used its last nonce");
        }
        long v = n;
        for (int i = 4; i < 12; i++) {
            iv[i] = (byte) v;
            v >>>= 8;
        }
        cipher.init(mode, key, new IvParameterSpec(iv));
        byte[] aad = ad == null ? EMPTY : ad;
        if (aad.length > 0) {
            cipher.updateAAD(aad);
        }
    }

    private void requireKey() {
        if (!hasKey()) {
            throw new IllegalStateException("CipherState has no key yet");
        }
    }

    /** Forgets the key (best effort: the JDK's SecretKeySpec keeps its own copy until collected). */
    void destroy() {
        key = null;
        Arrays.fill(iv, (byte) 0);
    }

    /** Test hook: the nonce, to set it near the limit. */
    void setNonceForTest(long nonce) {
        this.n = nonce;
    }
}
