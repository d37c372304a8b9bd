package org.sv2translator.v2.noise;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Noise SymmetricState (spec 4.4.2): the chaining key {@code ck}, the handshake hash {@code h} and the
 * CipherState whose key MixKey sets. HASH is SHA-256 and HKDF is RFC 5869 with HMAC-SHA-256 and empty info,
 * both from the JDK.
 */
final class SymmetricState {
    /** The SV2 protocol name (spec 4.5.1), hashed because it is longer than 32 bytes. */
    static final String PROTOCOL_NAME = "Noise_NX_Secp256k1+EllSwift_ChaChaPoly_SHA256";
    static final int HASH_LENGTH = 32;
    private static final byte[] EMPTY = new byte[0];

    private final CipherState cipherState = new CipherState();
    private final MessageDigest sha256;
    private final Mac hmac;
    private byte[] ck;
    private byte[] h;

    /** Noise InitializeSymmetric(protocol_name), followed by SV2's extra {@code h = HASH(h)} (spec 4.5.1 step 3). */
    SymmetricState() {
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
            hmac = Mac.getInstance("HmacSHA256");
        } catch (GeneralSecurityException e) {
            // Every Java platform must provide SHA-256 and HmacSHA256.
            throw new IllegalStateException("SHA-256/HmacSHA256 missing from the JDK", e);
        }
        h = sha256.digest(PROTOCOL_NAME.getBytes(StandardCharsets.US_ASCII));
        ck = h.clone();
        // Step 3 of 4.5.1 is the Noise prologue: MixHash of an empty prologue, i.e. h = HASH(h).
        mixHash(EMPTY);
    }

    /** Noise MixKey(input_key_material): {@code (ck, temp_k) = HKDF(ck, ikm)}, then InitializeKey(temp_k). */
    void mixKey(byte[] inputKeyMaterial) {
        byte[][] out = hkdf(ck, inputKeyMaterial);
        Arrays.fill(ck, (byte) 0);
        ck = out[0];
        cipherState.initializeKey(out[1]);
        Arrays.fill(out[1], (byte) 0);
    }

    /** Noise MixHash(data): {@code h = HASH(h || data)}. */
    void mixHash(byte[] data) {
        sha256.update(h);
        sha256.update(data);
        h = sha256.digest();
    }

    /** Noise EncryptAndHash(plaintext): encrypts with {@code ad = h} (or passes through while k is empty), mixes the result into h. */
    byte[] encryptAndHash(byte[] plaintext) throws NoiseException {
        byte[] ciphertext = cipherState.encryptWithAd(h, plaintext);
        mixHash(ciphertext);
        return ciphertext;
    }

    /** Noise DecryptAndHash(ciphertext): the inverse of {@link #encryptAndHash}; h absorbs the ciphertext. */
    byte[] decryptAndHash(byte[] ciphertext) throws NoiseException {
        byte[] plaintext = cipherState.decryptWithAd(h, ciphertext);
        mixHash(ciphertext);
        return plaintext;
    }

    /**
     * Noise Split(): {@code (temp_k1, temp_k2) = HKDF(ck, zerolen)}; c1 encrypts initiator to responder, c2 the
     * other way (spec 4.5.2.1 step 9).
     */
    HandshakeState.CipherPair split() {
        byte[][] keys = hkdf(ck, EMPTY);
        CipherState c1 = new CipherState();
        CipherState c2 = new CipherState();
        c1.initializeKey(keys[0]);
        c2.initializeKey(keys[1]);
        Arrays.fill(keys[0], (byte) 0);
        Arrays.fill(keys[1], (byte) 0);
        return new HandshakeState.CipherPair(c1, c2);
    }

    /** Noise GetHandshakeHash(): a copy of h. */
    byte[] handshakeHash() {
        return h.clone();
    }

    /** A copy of ck, for the transcript test. */
    byte[] chainingKey() {
        return ck.clone();
    }

    /** Erases the chaining key and forgets the handshake cipher key once Split() has been called. */
    void destroy() {
        Arrays.fill(ck, (byte) 0);
        cipherState.destroy();
    }

    /** HKDF of spec 4.4.2 with two outputs: {@code temp = HMAC(ck, ikm)}, {@code o1 = HMAC(temp, 0x01)}, {@code o2 = HMAC(temp, o1 || 0x02)}. */
    private byte[][] hkdf(byte[] chainingKey, byte[] inputKeyMaterial) {
        byte[] tempKey = hmac(chainingKey, inputKeyMaterial);
        byte[] output1 = hmac(tempKey, new byte[] {1});
        byte[] input2 = Arrays.copyOf(output1, HASH_LENGTH + 1);
        input2[HASH_LENGTH] = 2;
        byte[] output2 = hmac(tempKey, input2);
        Arrays.fill(tempKey, (byte) 0);
        Arrays.fill(input2, (byte) 0);
        return new byte[][] {output1, output2};
    }

    private byte[] hmac(byte[] key, byte[] data) {
        try {
            hmac.init(new SecretKeySpec(key, "HmacSHA256"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 refused a 32-byte key", e);
        }
        return hmac.doFinal(data);
    }
}
