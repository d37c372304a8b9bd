package org.sv2translator.v2.message;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageCodec;
import java.util.List;

/**
 * The message layer of an SV2 pipeline: inbound, whole frames ({@link ByteBuf}s holding the 6-byte header and the
 * payload, as {@code Sv2FrameDecoder} or the Noise transport decoder emit them) become {@link Sv2Message} records;
 * outbound, records become frames. Sits on top of either transport.
 *
 * <p>Ownership: each inbound frame is released by this handler once decoded (the records copy what they keep);
 * each outbound frame is a new buffer from the channel's allocator, released by whoever writes it (the Noise
 * encoder or the socket). Bad frames raise {@link org.sv2translator.v2.wire.Sv2DecodeException}.
 */
public final class Sv2MessageCodec extends MessageToMessageCodec<ByteBuf, Sv2Message> {

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf frame, List<Object> out) {
        out.add(MessageCodec.decodeFrame(frame));
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, Sv2Message message, List<Object> out) {
        out.add(MessageCodec.encodeFrame(message, ctx.alloc()));
    }
}
