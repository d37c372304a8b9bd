package org.sv2translator.v2.noise.netty;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;

import io.netty.channel.ChannelHandlerContext;
import org.sv2translator.v2.noise.HandshakeState;
import org.sv2translator.v2.noise.NoiseException;
import org.sv2translator.v2.noise.NoiseKeyPair;
import org.sv2translator.v2.noise.SignatureNoiseMessage;

/**
 * The server side (responder) of the SV2 Noise NX handshake. Reads the client's 64-byte message 1, answers with
 * the 234-byte message 2 carrying its static key and certificate, then replaces itself with a
 * {@link NoiseTransportCodec} and fires {@link NoiseEvent.HandshakeCompleted}.
 *
 * <pre>
 *   NoiseKeyPair staticKey = NoiseKeyPair.generate();              // once per server
 *   SignatureNoiseMessage cert = NoiseKeys.issueCertificate(authoritySecret, staticKey.xOnlyPublicKey(), from, until);
 *   pipeline.addLast("noise", new NoiseResponderHandler(staticKey, cert));   // per channel
 *   pipeline.addLast("frames", ...);
 * </pre>
 *
 * The certificate must have been issued for {@code staticKey} (clients refuse it otherwise); it is not checked
 * here because the responder need not know the authority key. Failures log a WARN, fire {@link NoiseEvent.Failed}
 * and close the channel. One instance per channel (not sharable); the key pair and certificate may be shared.
 */
public final class NoiseResponderHandler extends NoiseHandshakeHandler {
    private final NoiseKeyPair staticKey;
    private final SignatureNoiseMessage certificate;
    private final Supplier<NoiseKeyPair> ephemeralKeys;
    private HandshakeState handshake;

    /** A responder with the default timeout, no payload limit beyond the protocol's and random ephemeral keys. */
    public NoiseResponderHandler(NoiseKeyPair staticKey, SignatureNoiseMessage certificate) {
        this(staticKey, certificate, NoiseInitiatorHandler.DEFAULT_HANDSHAKE_TIMEOUT,
                NoiseTransportCodec.MAX_PAYLOAD_LENGTH, NoiseKeyPair::generate);
    }

    /**
     * @param staticKey the server's static key pair
     * @param certificate the certificate the authority issued for {@code staticKey}
     * @param handshakeTimeout time allowed from channel activation to a complete handshake
     * @param maxPayloadLength largest inbound frame payload the transport accepts
     * @param ephemeralKeys source of the ephemeral key (called once); inject fixed keys only to replay a transcript
     */
    public NoiseResponderHandler(NoiseKeyPair staticKey, SignatureNoiseMessage certificate, Duration handshakeTimeout,
            int maxPayloadLength, Supplier<NoiseKeyPair> ephemeralKeys) {
        super(handshakeTimeout, maxPayloadLength);
        this.staticKey = Objects.requireNonNull(staticKey, "staticKey");
        this.certificate = Objects.requireNonNull(certificate, "certificate");
        this.ephemeralKeys = Objects.requireNonNull(ephemeralKeys, "ephemeralKeys");
    }

    @Override
    int expectedMessageLength() {
        return HandshakeState.MESSAGE_1_LENGTH;
    }

    @Override
    void onStart(ChannelHandlerContext ctx) {
        handshake = HandshakeState.responder(staticKey, ephemeralKeys);
    }

    @Override
    void onMessage(ChannelHandlerContext ctx, byte[] message) throws NoiseException {
        handshake.readMessage(message);
        sendHandshakeMessage(ctx, handshake.writeMessage(certificate.encode()));
        byte[] h = handshake.handshakeHash();
        HandshakeState.CipherPair ciphers = handshake.split();
        complete(ctx, ciphers.sender(false), ciphers.receiver(false),
                new NoiseEvent.HandshakeCompleted(false, h, staticKey.xOnlyPublicKey(), certificate));
    }
}
