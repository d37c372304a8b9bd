package org.sv2translator.v2.noise.netty;

import java.util.List;
import java.util.Objects;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sv2translator.v2.noise.CipherState;
import org.sv2translator.v2.noise.NoiseException;

/**
 * The encrypted SV2 framing of spec 4.6, installed by the handshake handlers once the handshake is done.
 *
 * <p><b>Outbound</b>: each {@link ByteBuf} written is one complete plaintext SV2 frame, header included
 * (extension_type U16, msg_type U8, msg_length U24 little-endian, then msg_length payload bytes). It becomes
 * {@code EncryptWithAd([], header)} (22 bytes) followed by the payload in chunks of at most 65,519 plaintext bytes,
 * each encrypted to at most 65,535 bytes with its own tag. The codec releases the written buffer. A buffer whose
 * header length disagrees with its size fails the write's promise (an EncoderException caused by a
 * {@link NoiseException} with reason FRAME_MALFORMED) and nothing is sent.
 *
 * <p><b>Inbound</b>: emits one plaintext frame {@link ByteBuf} (header + payload) per frame, only after every
 * chunk of it authenticated; the next handler owns and must release it. The announced payload length is checked
 * against the configured maximum before the frame buffer is allocated; chunks are decrypted as they arrive, so at
 * most one ciphertext chunk is buffered.
 *
 * <p>A tag mismatch or an oversized length logs a WARN with the remote address, fires
 * {@link NoiseEvent.Failed} and closes the channel; any bytes after it are dropped undecrypted.
 */
public final class NoiseTransportCodec extends ByteToMessageCodec<ByteBuf> {
    /** Header length of a plaintext SV2 frame. */
    public static final int HEADER_LENGTH = 6;
    /** Header length on the wire: 6 bytes of ciphertext and a 16-byte tag. */
    public static final int ENCRYPTED_HEADER_LENGTH = HEADER_LENGTH + CipherState.MAC_LENGTH;
    /** Maximum Noise transport message (ciphertext chunk), spec 4.6. */
    public static final int MAX_CHUNK_CIPHERTEXT = 65_535;
    /** Plaintext bytes per full chunk. */
    public static final int MAX_CHUNK_PLAINTEXT = MAX_CHUNK_CIPHERTEXT - CipherState.MAC_LENGTH;
    /** The largest payload a U24 msg_length can announce. */
    public static final int MAX_PAYLOAD_LENGTH = 0xFF_FFFF;

    private static final Logger LOG = LoggerFactory.getLogger(NoiseTransportCodec.class);

    private final CipherState sender;
    private final CipherState receiver;
    private final int maxPayloadLength;
    /** Copy space for inputs without a backing array (direct buffers); at most one chunk. */
    private byte[] scratch;
    /** The frame being assembled, or null between frames. */
    private ByteBuf frame;
    private int payloadRemaining;
    private boolean failed;

    /**
     * @param sender the CipherState that encrypts what this side sends (c1 for the initiator, c2 for the responder)
     * @param receiver the CipherState that decrypts what this side receives
     * @param maxPayloadLength largest inbound payload accepted, 0..{@value #MAX_PAYLOAD_LENGTH}
     */
    public NoiseTransportCodec(CipherState sender, CipherState receiver, int maxPayloadLength) {
        super(ByteBuf.class, false);
        this.sender = Objects.requireNonNull(sender, "sender");
        this.receiver = Objects.requireNonNull(receiver, "receiver");
        if (maxPayloadLength < 0 || maxPayloadLength > MAX_PAYLOAD_LENGTH) {
            throw new IllegalArgumentException("maxPayloadLength must be in 0.." + MAX_PAYLOAD_LENGTH);
        }
        this.maxPayloadLength = maxPayloadLength;
    }

    /** Ciphertext bytes of a payload: the spec's pt_len_to_ct_len (4.6). */
    public static int ciphertextLength(int payloadLength) {
        int remainder = payloadLength % MAX_CHUNK_PLAINTEXT;
        return payloadLength / MAX_CHUNK_PLAINTEXT * MAX_CHUNK_CIPHERTEXT
                + (remainder > 0 ? remainder + CipherState.MAC_LENGTH : 0);
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, ByteBuf msg, ByteBuf out) throws NoiseException {
        int length = msg.readableBytes();
        if (length < HEADER_LENGTH) {
            throw new NoiseException(NoiseException.Reason.FRAME_MALFORMED,
                    "outbound frame of " + length + " bytes is shorter than its header");
        }
        int start = msg.readerIndex();
        int payloadLength = msg.getUnsignedMediumLE(start + 3);
        if (payloadLength != length - HEADER_LENGTH) {
            throw new NoiseException(NoiseException.Reason.FRAME_MALFORMED, "outbound frame header says "
                    + payloadLength + " payload bytes, the buffer holds " + (length - HEADER_LENGTH));
        }
        // One exact-size heap buffer (super(..., false)): the JDK cipher works on arrays, and Netty copies to a
        // pooled direct buffer for the socket anyway.
        out.ensureWritable(ENCRYPTED_HEADER_LENGTH + ciphertextLength(payloadLength));
        encryptInto(msg, start, HEADER_LENGTH, out);
        for (int off = HEADER_LENGTH; off < length; off += MAX_CHUNK_PLAINTEXT) {
            encryptInto(msg, start + off, Math.min(MAX_CHUNK_PLAINTEXT, length - off), out);
        }
        msg.skipBytes(length);
    }

    private void encryptInto(ByteBuf src, int index, int len, ByteBuf out) throws NoiseException {
        byte[] in;
        int inOff;
        if (src.hasArray()) {
            in = src.array();
            inOff = src.arrayOffset() + index;
        } else {
            in = scratch(len);
            inOff = 0;
            src.getBytes(index, in, 0, len);
        }
        int w = out.writerIndex();
        sender.encryptWithAd(null, in, inOff, len, out.array(), out.arrayOffset() + w);
        out.writerIndex(w + len + CipherState.MAC_LENGTH);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (failed) {
            in.skipBytes(in.readableBytes());
            return;
        }
        try {
            if (frame == null) {
                if (in.readableBytes() < ENCRYPTED_HEADER_LENGTH) {
                    return;
                }
                startFrame(ctx, in);
            }
            while (payloadRemaining > 0) {
                int plain = Math.min(payloadRemaining, MAX_CHUNK_PLAINTEXT);
                int cipher = plain + CipherState.MAC_LENGTH;
                if (in.readableBytes() < cipher) {
                    return;
                }
                decryptInto(in, cipher, frame);
                payloadRemaining -= plain;
            }
            out.add(frame);
            frame = null;
        } catch (NoiseException e) {
            failed = true;
            releaseFrame();
            in.skipBytes(in.readableBytes());
            Failures.closeWith(ctx, e, LOG, "transport");
        }
    }

    private void startFrame(ChannelHandlerContext ctx, ByteBuf in) throws NoiseException {
        byte[] header = new byte[HEADER_LENGTH];
        decryptHeader(in, header);
        int payloadLength = (header[3] & 0xff) | (header[4] & 0xff) << 8 | (header[5] & 0xff) << 16;
        if (payloadLength > maxPayloadLength) {
            throw new NoiseException(NoiseException.Reason.FRAME_TOO_LARGE, "frame announces " + payloadLength
                    + " payload bytes, the maximum is " + maxPayloadLength);
        }
        frame = ctx.alloc().heapBuffer(HEADER_LENGTH + payloadLength, HEADER_LENGTH + payloadLength);
        frame.writeBytes(header);
        payloadRemaining = payloadLength;
    }

    private void decryptHeader(ByteBuf in, byte[] header) throws NoiseException {
        byte[] src;
        int srcOff;
        if (in.hasArray()) {
            src = in.array();
            srcOff = in.arrayOffset() + in.readerIndex();
        } else {
            src = scratch(ENCRYPTED_HEADER_LENGTH);
            srcOff = 0;
            in.getBytes(in.readerIndex(), src, 0, ENCRYPTED_HEADER_LENGTH);
        }
        receiver.decryptWithAd(null, src, srcOff, ENCRYPTED_HEADER_LENGTH, header, 0);
        in.skipBytes(ENCRYPTED_HEADER_LENGTH);
    }

    private void decryptInto(ByteBuf in, int cipherLength, ByteBuf target) throws NoiseException {
        byte[] src;
        int srcOff;
        if (in.hasArray()) {
            src = in.array();
            srcOff = in.arrayOffset() + in.readerIndex();
        } else {
            src = scratch(cipherLength);
            srcOff = 0;
            in.getBytes(in.readerIndex(), src, 0, cipherLength);
        }
        int w = target.writerIndex();
        receiver.decryptWithAd(null, src, srcOff, cipherLength, target.array(), target.arrayOffset() + w);
        target.writerIndex(w + cipherLength - CipherState.MAC_LENGTH);
        in.skipBytes(cipherLength);
    }

    private byte[] scratch(int len) {
        if (scratch == null || scratch.length < len) {
            // At least 4 KiB so small frames on direct buffers settle on one array quickly.
            scratch = new byte[Math.max(len, 4096)];
        }
        return scratch;
    }

    private void releaseFrame() {
        if (frame != null) {
            frame.release();
            frame = null;
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        // A connection that closes mid-frame leaves a partial frame: drop it, it is never delivered.
        failed = true;
        super.channelInactive(ctx);
        releaseFrame();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) throws Exception {
        releaseFrame();
        super.handlerRemoved(ctx);
    }
}
