package org.sv2translator.v2.noise;

import java.util.Arrays;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Noise HandshakeState for SV2's {@code Noise_NX_Secp256k1+EllSwift_ChaChaPoly_SHA256} (spec 4.5): the NX pattern
 * only, with its two messages written out step by step so the code reads beside the spec.
 *
 * <pre>
 *   -&gt; e                                  act 1: initiator writes, responder reads (64 bytes)
 *   &lt;- e, ee, s, es, SIGNATURE_NOISE_MESSAGE  act 2: responder writes, initiator reads (234 bytes)
 * </pre>
 *
 * Message 2 is 64 + (64 + 16) + (74 + 16) = 234 bytes. The spec's table still says 170 bytes, a leftover from
 * 32-byte keys; the reference implementations (SRI, sv2-tp) send 234 and so do we, to interoperate.
 *
 * <p>After the last message, {@link #split()} returns the transport CipherStates. Verifying the certificate
 * (spec 4.5.3) is the caller's step 3: see {@link CertificateVerifier}. Not thread-safe; one per connection.
 */
public final class HandshakeState {
    /** Length of handshake message 1: the initiator's plaintext EllSwift ephemeral key. */
    public static final int MESSAGE_1_LENGTH = 64;
    /** Length of handshake message 2 (see the class comment on the spec's outdated 170). */
    public static final int MESSAGE_2_LENGTH = 64 + 64 + CipherState.MAC_LENGTH
            + SignatureNoiseMessage.LENGTH + CipherState.MAC_LENGTH;

    /**
     * The two transport CipherStates of Noise Split(): {@code c1} encrypts initiator to responder, {@code c2}
     * responder to initiator.
     */
    public record CipherPair(CipherState c1, CipherState c2) {
        public CipherPair {
            Objects.requireNonNull(c1, "c1");
            Objects.requireNonNull(c2, "c2");
        }

        /** The state that encrypts what this side sends. */
        public CipherState sender(boolean initiator) {
            return initiator ? c1 : c2;
        }

        /** The state that decrypts what this side receives. */
        public CipherState receiver(boolean initiator) {
            return initiator ? c2 : c1;
        }
    }

    private enum Step { WRITE_1, READ_1, WRITE_2, READ_2, SPLIT, DONE }

    private final boolean initiator;
    private final SymmetricState symmetric = new SymmetricState();
    private final Supplier<NoiseKeyPair> ephemeralKeys;
    /** Our static key: the responder's {@code s}; null for the initiator (NX: it has none). */
    private final NoiseKeyPair s;
    private NoiseKeyPair e;
    private byte[] re;
    private byte[] rs;
    private Step step;

    private HandshakeState(boolean initiator, NoiseKeyPair s, Supplier<NoiseKeyPair> ephemeralKeys) {
        this.initiator = initiator;
        this.s = s;
        this.ephemeralKeys = Objects.requireNonNull(ephemeralKeys, "ephemeralKeys");
        this.step = initiator ? Step.WRITE_1 : Step.READ_1;
    }

    /** An initiator (client) with fresh random ephemeral keys. */
    public static HandshakeState initiator() {
        return initiator(NoiseKeyPair::generate);
    }

    /** An initiator taking its ephemeral key from {@code ephemeralKeys} (called once), e.g. to replay a transcript. */
    public static HandshakeState initiator(Supplier<NoiseKeyPair> ephemeralKeys) {
        return new HandshakeState(true, null, ephemeralKeys);
    }

    /** A responder (server) with static key {@code staticKey} and fresh random ephemeral keys. */
    public static HandshakeState responder(NoiseKeyPair staticKey) {
        return responder(staticKey, NoiseKeyPair::generate);
    }

    /** A responder taking its ephemeral key from {@code ephemeralKeys} (called once). */
    public static HandshakeState responder(NoiseKeyPair staticKey, Supplier<NoiseKeyPair> ephemeralKeys) {
        return new HandshakeState(false, Objects.requireNonNull(staticKey, "staticKey"), ephemeralKeys);
    }

    public boolean isInitiator() {
        return initiator;
    }

    /**
     * Noise WriteMessage: act 1 for the initiator (payload must be empty), act 2 for the responder (payload is the
     * 74-byte SIGNATURE_NOISE_MESSAGE). Returns the message to send.
     *
     * @throws IllegalStateException if it is not this side's turn to write
     * @throws IllegalArgumentException if the payload has the wrong length for this act
     */
    public byte[] writeMessage(byte[] payload) throws NoiseException {
        if (step == Step.WRITE_1) {
            requirePayloadLength(payload, 0);
            return writeMessage1();
        }
        if (step == Step.WRITE_2) {
            requirePayloadLength(payload, SignatureNoiseMessage.LENGTH);
            return writeMessage2(payload);
        }
        throw new IllegalStateException("not our turn to write a handshake message (" + step + ")");
    }

    /**
     * Noise ReadMessage: act 1 for the responder (returns the empty payload), act 2 for the initiator (returns the
     * decrypted 74-byte SIGNATURE_NOISE_MESSAGE, not yet verified).
     *
     * @throws NoiseException {@link NoiseException.Reason#HANDSHAKE_MALFORMED} for a message of the wrong length,
     *         {@link NoiseException.Reason#DECRYPT_FAILED} if a MAC does not match
     * @throws IllegalStateException if it is not this side's turn to read
     */
    public byte[] readMessage(byte[] message) throws NoiseException {
        if (step == Step.READ_1) {
            requireMessageLength(message, MESSAGE_1_LENGTH, 1);
            return readMessage1(message);
        }
        if (step == Step.READ_2) {
            requireMessageLength(message, MESSAGE_2_LENGTH, 2);
            return readMessage2(message);
        }
        throw new IllegalStateException("not our turn to read a handshake message (" + step + ")");
    }

    /** Whether both messages have been exchanged, so {@link #split()} may be called. */
    public boolean isComplete() {
        return step == Step.SPLIT;
    }

    /**
     * Noise Split(): the transport CipherStates. Erases the handshake's secrets; this state is unusable afterwards.
     *
     * @throws IllegalStateException before the handshake is complete or when called twice
     */
    public CipherPair split() {
        if (step != Step.SPLIT) {
            throw new IllegalStateException("handshake not complete (" + step + ")");
        }
        CipherPair pair = symmetric.split();
        symmetric.destroy();
        e = null;
        step = Step.DONE;
        return pair;
    }

    /** The remote static key {@code rs} as sent (64-byte EllSwift): the server's, for the initiator; null otherwise. */
    public byte[] remoteStaticKey() {
        return rs == null ? null : rs.clone();
    }

    /** Noise GetHandshakeHash(): {@code h}, a value both sides share that identifies this session. */
    public byte[] handshakeHash() {
        return symmetric.handshakeHash();
    }

    /** {@code ck}, for the transcript test; erased (zeros) after {@link #split()}. */
    byte[] chainingKey() {
        return symmetric.chainingKey();
    }

    // 4.5.1.1: -> e
    private byte[] writeMessage1() throws NoiseException {
        e = ephemeralKeys.get();
        byte[] ePub = e.ellswiftView();
        symmetric.mixHash(ePub);
        // k is empty: EncryptAndHash of the empty payload is MixHash(empty) and adds no bytes.
        symmetric.encryptAndHash(new byte[0]);
        step = Step.READ_2;
        return ePub.clone();
    }

    // 4.5.1.2
    private byte[] readMessage1(byte[] message) throws NoiseException {
        re = message.clone();
        symmetric.mixHash(re);
        symmetric.decryptAndHash(new byte[0]);
        step = Step.WRITE_2;
        return new byte[0];
    }

    // 4.5.2.1: <- e, ee, s, es, SIGNATURE_NOISE_MESSAGE
    private byte[] writeMessage2(byte[] signatureNoiseMessage) throws NoiseException {
        e = ephemeralKeys.get();
        byte[] out = new byte[MESSAGE_2_LENGTH];
        byte[] ePub = e.ellswiftView();
        System.arraycopy(ePub, 0, out, 0, 64);
        symmetric.mixHash(ePub);
        // ee: ECDH(e.private_key, re.public_key); we are not the initiator, so re's encoding goes first.
        mixKeyWithDh(e, re);
        byte[] encryptedStatic = symmetric.encryptAndHash(s.ellswiftView());
        System.arraycopy(encryptedStatic, 0, out, 64, encryptedStatic.length);
        // es: ECDH(s.private_key, re.public_key).
        mixKeyWithDh(s, re);
        byte[] encryptedCertificate = symmetric.encryptAndHash(signatureNoiseMessage);
        System.arraycopy(encryptedCertificate, 0, out, 64 + encryptedStatic.length, encryptedCertificate.length);
        step = Step.SPLIT;
        return out;
    }

    // 4.5.2.2
    private byte[] readMessage2(byte[] message) throws NoiseException {
        re = Arrays.copyOfRange(message, 0, 64);
        symmetric.mixHash(re);
        // ee: ECDH(e.private_key, re.public_key) as the initiator.
        mixKeyWithDh(e, re);
        rs = symmetric.decryptAndHash(Arrays.copyOfRange(message, 64, 64 + 64 + CipherState.MAC_LENGTH));
        // es, seen from this side: ECDH(e.private_key, rs.public_key).
        mixKeyWithDh(e, rs);
        byte[] payload = symmetric.decryptAndHash(
                Arrays.copyOfRange(message, 64 + 64 + CipherState.MAC_LENGTH, MESSAGE_2_LENGTH));
        step = Step.SPLIT;
        return payload;
    }

    /** MixKey(ECDH(ours, theirs)), erasing the shared secret afterwards. */
    private void mixKeyWithDh(NoiseKeyPair ours, byte[] theirEllswift) {
        byte[] dh = ecdh(ours, theirEllswift);
        symmetric.mixKey(dh);
        Arrays.fill(dh, (byte) 0);
    }

    /**
     * SV2's ECDH(k, rk) = v2_ecdh(k, ellswift_k, rk, initiator) (spec 4.4.2): the tagged hash always lists the
     * initiator's encoding first, so both sides derive the same secret.
     */
    private byte[] ecdh(NoiseKeyPair ours, byte[] theirEllswift) {
        return initiator
                ? EllSwift.bip324Ecdh(ours.ellswiftView(), theirEllswift, ours.secretKeyView(), true)
                : EllSwift.bip324Ecdh(theirEllswift, ours.ellswiftView(), ours.secretKeyView(), false);
    }

    private static void requirePayloadLength(byte[] payload, int expected) {
        if (payload == null || payload.length != expected) {
            throw new IllegalArgumentException("handshake payload must be " + expected + " bytes, got "
                    + (payload == null ? "none" : payload.length));
        }
    }

    private static void requireMessageLength(byte[] message, int expected, int act) throws NoiseException {
        if (message == null || message.length != expected) {
            throw new NoiseException(NoiseException.Reason.HANDSHAKE_MALFORMED, "handshake message " + act
                    + " must be " + expected + " bytes, got " + (message == null ? "none" : message.length));
        }
    }
}
