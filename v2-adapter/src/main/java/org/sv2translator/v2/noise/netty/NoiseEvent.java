package org.sv2translator.v2.noise.netty;

import java.util.Objects;

import org.sv2translator.v2.noise.NoiseException;
import org.sv2translator.v2.noise.SignatureNoiseMessage;

/**
 * User events the Noise handlers fire down the pipeline (catch them in {@code userEventTriggered}).
 */
public sealed interface NoiseEvent {

    /**
     * The handshake succeeded and the transport codec is installed: plaintext frames written from now on are
     * encrypted. The initiator sends SetupConnection when it sees this. Fired by both roles.
     *
     * @param initiator whether this side initiated the handshake
     * @param handshakeHash the final Noise handshake hash h, identical on both sides (a session identifier)
     * @param serverStaticKey the responder's 32-byte x-only static public key (the initiator has none in NX)
     * @param certificate the responder's certificate, verified by the initiator against its pinned authority
     */
    record HandshakeCompleted(boolean initiator, byte[] handshakeHash, byte[] serverStaticKey,
            SignatureNoiseMessage certificate) implements NoiseEvent {
        public HandshakeCompleted {
            handshakeHash = handshakeHash.clone();
            serverStaticKey = serverStaticKey.clone();
            Objects.requireNonNull(certificate, "certificate");
        }

        @Override
        public byte[] handshakeHash() {
            return handshakeHash.clone();
        }

        @Override
        public byte[] serverStaticKey() {
            return serverStaticKey.clone();
        }
    }

    /**
     * The Noise layer gave up: the handshake or a transport frame was refused ({@link NoiseException#reason()}
     * says why). The channel is being closed; nothing unauthenticated was or will be delivered.
     */
    record Failed(NoiseException cause) implements NoiseEvent {
        public Failed {
            Objects.requireNonNull(cause, "cause");
        }
    }
}
