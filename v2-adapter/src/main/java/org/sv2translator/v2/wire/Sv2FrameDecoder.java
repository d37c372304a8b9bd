package org.sv2translator.v2.wire;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;

/**
 * Splits a plaintext SV2 byte stream into frames. Each frame is emitted as one {@link ByteBuf} holding the 6-byte
 * header followed by the payload: the same contract as the Noise transport decoder, which emits each decrypted
 * frame the same way, so the message codec above ({@code Sv2MessageCodec}) works over either.
 *
 * <p>The length in a header is checked against {@code maxPayloadLength} as soon as the header has arrived, before
 * any of the payload is waited for, so a peer cannot make us buffer up to 16 MiB by announcing it.
 * An over-long frame raises {@link Sv2DecodeException} ({@code LENGTH_LIMIT}); a stream that ends in the middle of a
 * frame raises one ({@code TRUNCATED}) when the channel goes inactive. After an error the decoder discards all
 * further input: the stream cannot be resynchronised and the connection should be closed.
 *
 * <p>Ownership: every emitted frame is a retained slice the next handler owns and must release
 * (Sv2MessageCodec does).
 */
public final class Sv2FrameDecoder extends ByteToMessageDecoder {
    /**
     * Comfortably above the largest mining message (a NewExtendedMiningJob with 64 KiB coinbase parts and 255
     * merkle path entries is about 139 KiB) and far below what U24 allows.
     */
    public static final int DEFAULT_MAX_PAYLOAD_LENGTH = 256 * 1024;

    private final int maxPayloadLength;
    private boolean failed;

    public Sv2FrameDecoder() {
        this(DEFAULT_MAX_PAYLOAD_LENGTH);
    }

    /** @param maxPayloadLength the largest {@code msg_length} accepted, at most {@link FrameHeader#MAX_MSG_LENGTH} */
    public Sv2FrameDecoder(int maxPayloadLength) {
        if (maxPayloadLength < 0 || maxPayloadLength > FrameHeader.MAX_MSG_LENGTH) {
            throw new IllegalArgumentException("maxPayloadLength " + maxPayloadLength + " outside 0..0xFFFFFF");
        }
        this.maxPayloadLength = maxPayloadLength;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (failed) {
            in.skipBytes(in.readableBytes());
            return;
        }
        if (in.readableBytes() < FrameHeader.SIZE) {
            return;
        }
        int payloadLength = in.getUnsignedMediumLE(in.readerIndex() + 3);
        if (payloadLength > maxPayloadLength) {
            fail(in);
            throw new Sv2DecodeException(Sv2DecodeException.Reason.LENGTH_LIMIT,
                    "frame payload of " + payloadLength + " bytes above the limit of " + maxPayloadLength);
        }
        int frameLength = FrameHeader.SIZE + payloadLength;
        if (in.readableBytes() < frameLength) {
            return;
        }
        out.add(in.readRetainedSlice(frameLength));
    }

    @Override
    protected void decodeLast(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        decode(ctx, in, out);
        if (!failed && in.isReadable()) {
            int left = in.readableBytes();
            fail(in);
            throw new Sv2DecodeException(Sv2DecodeException.Reason.TRUNCATED,
                    "stream ended inside a frame with " + left + " byte(s) buffered");
        }
    }

    private void fail(ByteBuf in) {
        failed = true;
        in.skipBytes(in.readableBytes());
    }
}
