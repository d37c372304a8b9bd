package org.sv2translator.bench;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.modes.ChaCha20Poly1305;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.sv2translator.v2.message.MessageCodec;
import org.sv2translator.v2.message.SubmitSharesExtended;
import org.sv2translator.v2.message.Tlv;
import org.sv2translator.v2.noise.AuthorityKey;
import org.sv2translator.v2.noise.CertificateVerifier;
import org.sv2translator.v2.noise.CipherState;
import org.sv2translator.v2.noise.HandshakeState;
import org.sv2translator.v2.noise.NoiseException;
import org.sv2translator.v2.noise.NoiseKeyPair;
import org.sv2translator.v2.noise.NoiseKeys;
import org.sv2translator.v2.noise.SignatureNoiseMessage;
import org.sv2translator.v2.noise.netty.NoiseTransportCodec;
import org.sv2translator.v2.wire.Bytes;

/**
 * The Noise layer's costs: a full NX handshake (both roles in-process, fresh ephemeral keys, certificate check),
 * and one 100-byte SV2 frame (6-byte header + 94-byte payload) encrypted and decrypted: through the transport
 * codecs, through bare CipherStates (JDK ChaCha20-Poly1305), and through Bouncy Castle's ChaCha20Poly1305 doing the
 * same four AEAD operations (the comparison that chose the JDK cipher).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class NoiseBenchmark {
    private static final int PAYLOAD = 94;

    private NoiseKeyPair serverStatic;
    private SignatureNoiseMessage certificate;
    private CertificateVerifier verifier;
    private final byte[] frame = new byte[6 + PAYLOAD];
    private final byte[] scratch = new byte[1024];
    private final byte[] plain = new byte[1024];
    private CipherState sender;
    private CipherState receiver;
    private EmbeddedChannel initiatorSide;
    private EmbeddedChannel responderSide;
    private final byte[] bcKey = new byte[32];
    private final ChaCha20Poly1305 bcSender = new ChaCha20Poly1305();
    private final ChaCha20Poly1305 bcReceiver = new ChaCha20Poly1305();
    private long bcNonce;

    private final SubmitSharesExtended share = new SubmitSharesExtended(1, 12, 5, 0xDEADBEEF, 1_700_000_000,
            0x20000000, Bytes.fromHex("0001000000000001"), List.of(Tlv.userIdentity("farm1.rack07.s19xp-0042")));

    @Setup
    public void setup() throws Exception {
        NoiseKeys.AuthorityKeyPair authority = NoiseKeys.generateAuthorityKeyPair();
        serverStatic = NoiseKeyPair.generate();
        Instant now = Instant.now();
        certificate = NoiseKeys.issueCertificate(authority.secretKey(), serverStatic.xOnlyPublicKey(),
                now.minusSeconds(3600), now.plusSeconds(86_400));
        verifier = new CertificateVerifier(AuthorityKey.decodePublicKey(authority.publicKey()));
        frame[2] = 0x1b;
        frame[3] = (byte) PAYLOAD;

        HandshakeState.CipherPair[] sides = handshakeBothSides();
        sender = sides[0].c1();
        receiver = sides[1].c1();
        sides = handshakeBothSides();
        initiatorSide = new EmbeddedChannel(new NoiseTransportCodec(sides[0].c1(), sides[0].c2(), 1 << 20));
        responderSide = new EmbeddedChannel(new NoiseTransportCodec(sides[1].c2(), sides[1].c1(), 1 << 20));
    }

    /** The initiator's and the responder's CipherPair of one handshake. */
    private HandshakeState.CipherPair[] handshakeBothSides() throws NoiseException {
        HandshakeState initiator = HandshakeState.initiator();
        HandshakeState responder = HandshakeState.responder(serverStatic);
        responder.readMessage(initiator.writeMessage(new byte[0]));
        initiator.readMessage(responder.writeMessage(certificate.encode()));
        return new HandshakeState.CipherPair[] {initiator.split(), responder.split()};
    }

    @TearDown
    public void tearDown() {
        initiatorSide.finishAndReleaseAll();
        responderSide.finishAndReleaseAll();
    }

    /** Both roles of a complete handshake, including key generation and the initiator's certificate check. */
    @Benchmark
    public Object handshake() throws NoiseException {
        HandshakeState initiator = HandshakeState.initiator();
        HandshakeState responder = HandshakeState.responder(serverStatic);
        responder.readMessage(initiator.writeMessage(new byte[0]));
        byte[] payload = initiator.readMessage(responder.writeMessage(certificate.encode()));
        verifier.verify(payload, initiator.remoteStaticKey());
        responder.split();
        return initiator.split();
    }

    /** One 100-byte frame through the initiator's encoder and the responder's decoder (EmbeddedChannels). */
    @Benchmark
    public int frameThroughCodecs() {
        initiatorSide.writeOutbound(Unpooled.wrappedBuffer(frame));
        responderSide.writeInbound((ByteBuf) initiatorSide.readOutbound());
        ByteBuf out = responderSide.readInbound();
        int b = out.getByte(out.readerIndex() + 2);
        out.release();
        return b;
    }

    /**
     * What the translator does per forwarded share on the pool side: SubmitSharesExtended (with the worker TLV)
     * encoded into a pooled frame and sealed by the Noise transport codec (header and payload, two AEAD ops).
     */
    @Benchmark
    public int submitSharesExtendedEncodeAndSeal() {
        initiatorSide.writeOutbound(MessageCodec.encodeFrame(share, PooledByteBufAllocator.DEFAULT));
        ByteBuf sealed = initiatorSide.readOutbound();
        int n = sealed.readableBytes();
        sealed.release();
        return n;
    }

    /** The four AEAD operations of one 100-byte frame with our CipherStates (JDK ChaCha20-Poly1305). */
    @Benchmark
    public byte frameWithJdkCipherStates() throws NoiseException {
        sender.encryptWithAd(null, frame, 0, 6, scratch, 0);
        sender.encryptWithAd(null, frame, 6, PAYLOAD, scratch, 22);
        receiver.decryptWithAd(null, scratch, 0, 22, plain, 0);
        receiver.decryptWithAd(null, scratch, 22, PAYLOAD + 16, plain, 6);
        return plain[2];
    }

    /** The same four operations with Bouncy Castle's ChaCha20Poly1305. */
    @Benchmark
    public byte frameWithBouncyCastle() throws InvalidCipherTextException {
        long n = bcNonce;
        bcNonce += 2;
        bc(bcSender, true, n, frame, 0, 6, scratch, 0);
        bc(bcSender, true, n + 1, frame, 6, PAYLOAD, scratch, 22);
        bc(bcReceiver, false, n, scratch, 0, 22, plain, 0);
        bc(bcReceiver, false, n + 1, scratch, 22, PAYLOAD + 16, plain, 6);
        return plain[2];
    }

    private void bc(ChaCha20Poly1305 aead, boolean encrypt, long n, byte[] in, int inOff, int len, byte[] out,
            int outOff) throws InvalidCipherTextException {
        byte[] nonce = new byte[12];
        for (int i = 0; i < 8; i++) {
            nonce[4 + i] = (byte) (n >>> (8 * i));
        }
        aead.init(encrypt, new AEADParameters(new KeyParameter(bcKey), 128, nonce, null));
        int w = aead.processBytes(in, inOff, len, out, outOff);
        aead.doFinal(out, outOff + w);
    }
}
