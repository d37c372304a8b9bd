package org.sv2translator.v2.noise.netty;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import org.sv2translator.v2.noise.Bip340;
import org.sv2translator.v2.noise.CertificateVerifier;
import org.sv2translator.v2.noise.NoiseKeyPair;
import org.sv2translator.v2.noise.Secp256k1Keys;
import org.sv2translator.v2.noise.SignatureNoiseMessage;

/** Keys, a certificate, plaintext frames and an event recorder shared by the handler tests. */
final class Fixtures {
    static final long NOW = 1_700_000_000L;
    static final byte[] AUTHORITY_SECRET = Secp256k1Keys.newSecretKey();
    static final byte[] AUTHORITY_PUBLIC = Bip340.publicKey(AUTHORITY_SECRET);
    static final NoiseKeyPair SERVER_STATIC = NoiseKeyPair.generate();
    static final SignatureNoiseMessage CERTIFICATE = SignatureNoiseMessage.sign(AUTHORITY_SECRET,
            SERVER_STATIC.xOnlyPublicKey(), 0, NOW - 3600, NOW + 3600);

    private Fixtures() {
    }

    static CertificateVerifier verifierAt(byte[] authority, long unixTime) {
        return new CertificateVerifier(authority, Clock.fixed(Instant.ofEpochSecond(unixTime), ZoneOffset.UTC),
                Duration.ofSeconds(60));
    }

    static NoiseInitiatorHandler initiator(CertificateVerifier verifier) {
        return new NoiseInitiatorHandler(verifier, Duration.ofSeconds(5), NoiseTransportCodec.MAX_PAYLOAD_LENGTH,
                NoiseKeyPair::generate);
    }

    static NoiseInitiatorHandler initiator() {
        return initiator(verifierAt(AUTHORITY_PUBLIC, NOW));
    }

    static NoiseResponderHandler responder() {
        return new NoiseResponderHandler(SERVER_STATIC, CERTIFICATE);
    }

    /** A plaintext SV2 frame: header (extension 0, the given type, U24 LE length) and a payload. */
    static byte[] frame(int msgType, byte[] payload) {
        byte[] f = new byte[6 + payload.length];
        f[2] = (byte) msgType;
        f[3] = (byte) payload.length;
        f[4] = (byte) (payload.length >>> 8);
        f[5] = (byte) (payload.length >>> 16);
        System.arraycopy(payload, 0, f, 6, payload.length);
        return f;
    }

    /** Frames of random sizes, every 100th one longer than a Noise chunk (up to three chunks). */
    static List<byte[]> randomFrames(long seed, int count) {
        Random random = new Random(seed);
        List<byte[]> frames = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int length = i % 100 == 99 ? 65_519 + random.nextInt(70_000) : random.nextInt(300);
            byte[] payload = new byte[length];
            random.nextBytes(payload);
            frames.add(frame(random.nextInt(256), payload));
        }
        return frames;
    }

    static byte[] bytes(ByteBuf buf) {
        try {
            byte[] out = new byte[buf.readableBytes()];
            buf.readBytes(out);
            return out;
        } finally {
            buf.release();
        }
    }

    /** Moves every outbound byte of {@code from} into {@code to}; returns how many buffers moved. */
    static int shuttle(EmbeddedChannel from, EmbeddedChannel to) {
        int moved = 0;
        ByteBuf buf;
        while ((buf = from.readOutbound()) != null) {
            to.writeInbound(buf);
            moved++;
        }
        return moved;
    }

    /** Runs both sides until no bytes move. */
    static void pump(EmbeddedChannel a, EmbeddedChannel b) {
        while (shuttle(a, b) + shuttle(b, a) > 0) {
            // keep going until quiet
        }
    }

    static ByteBuf wrap(byte[] bytes) {
        return Unpooled.wrappedBuffer(bytes);
    }

    /** Records the Noise events that reach it. */
    static final class EventRecorder extends ChannelInboundHandlerAdapter {
        final List<NoiseEvent> events = new ArrayList<>();

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof NoiseEvent e) {
                events.add(e);
            }
            ctx.fireUserEventTriggered(evt);
        }

        NoiseEvent.Failed failure() {
            return events.stream().filter(NoiseEvent.Failed.class::isInstance).map(NoiseEvent.Failed.class::cast)
                    .findFirst().orElse(null);
        }

        NoiseEvent.HandshakeCompleted completion() {
            return events.stream().filter(NoiseEvent.HandshakeCompleted.class::isInstance)
                    .map(NoiseEvent.HandshakeCompleted.class::cast).findFirst().orElse(null);
        }
    }
}
