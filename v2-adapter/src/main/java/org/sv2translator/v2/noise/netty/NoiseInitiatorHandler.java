package org.sv2translator.v2.noise.netty;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;

import io.netty.channel.ChannelHandlerContext;
import org.sv2translator.v2.noise.CertificateVerifier;
import org.sv2translator.v2.noise.EllSwift;
import org.sv2translator.v2.noise.HandshakeState;
import org.sv2translator.v2.noise.NoiseException;
import org.sv2translator.v2.noise.NoiseKeyPair;
import org.sv2translator.v2.noise.SignatureNoiseMessage;

/**
 * The client side (initiator) of the SV2 Noise NX handshake. Sends message 1 as soon as the channel is active,
 * reads the 234-byte message 2, verifies the server certificate against the pinned authority key, then replaces
 * itself with a {@link NoiseTransportCodec} and fires {@link NoiseEvent.HandshakeCompleted}: the moment to send
 * SetupConnection.
 *
 * <pre>
 *   pipeline.addLast("noise", new NoiseInitiatorHandler(new CertificateVerifier(authorityKey)));
 *   pipeline.addLast("frames", ...);   // plaintext SV2 frames (ByteBuf, header included) in and out
 * </pre>
 *
 * Plaintext frames written before completion are queued and sent encrypted after it. Any failure (bad MAC,
 * certificate refused, malformed or truncated message, timeout) logs a WARN, fires {@link NoiseEvent.Failed} and
 * closes the channel. One instance per channel (not sharable).
 */
public final class NoiseInitiatorHandler extends NoiseHandshakeHandler {
    /** Default time allowed from channel activation to a verified handshake. */
    public static final Duration DEFAULT_HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);

    private final CertificateVerifier verifier;
    private final Supplier<NoiseKeyPair> ephemeralKeys;
    private HandshakeState handshake;

    /** An initiator with the default timeout, no payload limit beyond the protocol's and random ephemeral keys. */
    public NoiseInitiatorHandler(CertificateVerifier verifier) {
        this(verifier, DEFAULT_HANDSHAKE_TIMEOUT, NoiseTransportCodec.MAX_PAYLOAD_LENGTH, NoiseKeyPair::generate);
    }

    /**
     * @param verifier checks the server certificate (pinned authority key, clock, skew tolerance)
     * @param handshakeTimeout time allowed from channel activation to a verified handshake
     * @param maxPayloadLength largest inbound frame payload the transport accepts
     * @param ephemeralKeys source of the ephemeral key (called once); inject fixed keys only to replay a transcript
     */
    public NoiseInitiatorHandler(CertificateVerifier verifier, Duration handshakeTimeout, int maxPayloadLength,
            Supplier<NoiseKeyPair> ephemeralKeys) {
        super(handshakeTimeout, maxPayloadLength);
        this.verifier = Objects.requireNonNull(verifier, "verifier");
        this.ephemeralKeys = Objects.requireNonNull(ephemeralKeys, "ephemeralKeys");
    }

    @Override
    int expectedMessageLength() {
        return HandshakeState.MESSAGE_2_LENGTH;
    }

    @Override
    void onStart(ChannelHandlerContext ctx) throws NoiseException {
        handshake = HandshakeState.initiator(ephemeralKeys);
        sendHandshakeMessage(ctx, handshake.writeMessage(new byte[0]));
    }

    @Override
    void onMessage(ChannelHandlerContext ctx, byte[] message) throws NoiseException {
        byte[] payload = handshake.readMessage(message);
        byte[] serverStatic = handshake.remoteStaticKey();
        SignatureNoiseMessage certificate = verifier.verify(payload, serverStatic);
        byte[] h = handshake.handshakeHash();
        HandshakeState.CipherPair ciphers = handshake.split();
        complete(ctx, ciphers.sender(true), ciphers.receiver(true), new NoiseEvent.HandshakeCompleted(true, h,
                EllSwift.decodeX(serverStatic), certificate));
    }
}
