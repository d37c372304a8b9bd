package org.sv2translator.v2.noise.netty;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.util.ReferenceCountUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sv2translator.v2.noise.CipherState;
import org.sv2translator.v2.noise.NoiseException;

/**
 * What both handshake handlers share: collecting the fixed-length handshake message from the socket, the
 * timeout, queueing the upper layer's writes, and swapping itself for a {@link NoiseTransportCodec} when done.
 *
 * <p>Handshake messages have no length prefix on the wire (spec 4.5): each side reads exactly the number of bytes
 * its pattern step expects. Bytes after that are already transport frames and go to the transport codec.
 *
 * <p>Outbound plaintext frames written before the handshake completes are queued and written through the
 * transport codec, in order, right after it is installed; if the handshake fails their promises fail with the
 * {@link NoiseException} and the buffers are released.
 */
abstract class NoiseHandshakeHandler extends ChannelDuplexHandler {
    private static final Logger LOG = LoggerFactory.getLogger(NoiseHandshakeHandler.class);

    private record PendingWrite(Object msg, ChannelPromise promise) {
    }

    private final Duration handshakeTimeout;
    private final int maxPayloadLength;
    private final ArrayDeque<PendingWrite> pendingWrites = new ArrayDeque<>();
    private ByteBuf received;
    private ScheduledFuture<?> timeout;
    private NoiseTransportCodec transport;
    private ChannelHandlerContext transportCtx;
    private boolean started;
    private boolean finished;
    /** Why the handshake failed, so a write issued afterwards fails with the same reason, not a generic one. */
    private NoiseException failure;

    NoiseHandshakeHandler(Duration handshakeTimeout, int maxPayloadLength) {
        if (handshakeTimeout.isNegative() || handshakeTimeout.isZero()) {
            throw new IllegalArgumentException("handshake timeout must be positive: " + handshakeTimeout);
        }
        if (maxPayloadLength < 0 || maxPayloadLength > NoiseTransportCodec.MAX_PAYLOAD_LENGTH) {
            throw new IllegalArgumentException("maxPayloadLength must be in 0.." + NoiseTransportCodec.MAX_PAYLOAD_LENGTH);
        }
        this.handshakeTimeout = handshakeTimeout;
        this.maxPayloadLength = maxPayloadLength;
    }

    /** Length of the handshake message this side reads. */
    abstract int expectedMessageLength();

    /** Called once the channel is active: the initiator sends message 1 here. */
    abstract void onStart(ChannelHandlerContext ctx) throws NoiseException;

    /**
     * Called with the complete handshake message; must either call
     * {@link #complete(ChannelHandlerContext, CipherState, CipherState, NoiseEvent.HandshakeCompleted)} or throw.
     */
    abstract void onMessage(ChannelHandlerContext ctx, byte[] message) throws NoiseException;

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        received = ctx.alloc().heapBuffer(expectedMessageLength(), expectedMessageLength());
        if (ctx.channel().isActive()) {
            start(ctx);
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        start(ctx);
        ctx.fireChannelActive();
    }

    private void start(ChannelHandlerContext ctx) {
        if (started) {
            return;
        }
        started = true;
        timeout = ctx.executor().schedule(() -> fail(ctx, new NoiseException(NoiseException.Reason.HANDSHAKE_TIMEOUT,
                "no complete handshake within " + handshakeTimeout.toMillis() + " ms")),
                handshakeTimeout.toNanos(), TimeUnit.NANOSECONDS);
        try {
            onStart(ctx);
        } catch (NoiseException e) {
            fail(ctx, e);
        }
    }

    /** Sends a handshake message as is: it goes to the socket, never through the transport codec. */
    static void sendHandshakeMessage(ChannelHandlerContext ctx, byte[] message) {
        ctx.writeAndFlush(Unpooled.wrappedBuffer(message));
    }

    /** Takes ownership of {@code msg}: the handshake part is consumed, the rest goes to the transport codec. */
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf in) || finished) {
            // After a failure nothing read is passed on: it could not be authenticated.
            ReferenceCountUtil.release(msg);
            return;
        }
        int take = Math.min(received.writableBytes(), in.readableBytes());
        in.readBytes(received, take);
        if (received.isWritable()) {
            in.release();
            return;
        }
        byte[] message = new byte[received.readableBytes()];
        received.readBytes(message);
        releaseReceived();
        try {
            onMessage(ctx, message);
        } catch (NoiseException e) {
            in.release();
            fail(ctx, e);
            return;
        }
        if (in.isReadable() && transport != null) {
            // Frames the peer sent right behind its handshake message: they are the codec's to decrypt.
            try {
                transport.channelRead(transportCtx, in);
            } catch (Exception e) {
                transportCtx.fireExceptionCaught(e);
            }
        } else {
            in.release();
        }
    }

    /**
     * Replaces this handler by the transport codec, announces success, then writes the queued frames through the
     * codec.
     */
    final void complete(ChannelHandlerContext ctx, CipherState sender, CipherState receiver,
            NoiseEvent.HandshakeCompleted event) {
        finished = true;
        cancelTimeout();
        // Taken before the swap: handlerRemoved() fails whatever is still queued.
        ArrayDeque<PendingWrite> queued = new ArrayDeque<>(pendingWrites);
        pendingWrites.clear();
        transport = new NoiseTransportCodec(sender, receiver, maxPayloadLength);
        ctx.pipeline().replace(this, ctx.name(), transport);
        transportCtx = ctx.pipeline().context(transport);
        LOG.debug("Noise handshake with {} complete", ctx.channel().remoteAddress());
        transportCtx.fireUserEventTriggered(event);
        for (PendingWrite write : queued) {
            // Called on the codec itself: a write issued from its context would skip it and leave in plaintext.
            try {
                transport.write(transportCtx, write.msg(), write.promise());
            } catch (Exception e) {
                write.promise().tryFailure(e);
            }
        }
        if (!queued.isEmpty()) {
            try {
                transport.flush(transportCtx);
            } catch (Exception e) {
                transportCtx.fireExceptionCaught(e);
            }
        }
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (finished) {
            ReferenceCountUtil.release(msg);
            promise.tryFailure(failure != null ? failure : new NoiseException(
                    NoiseException.Reason.HANDSHAKE_MALFORMED, "write after the Noise handshake ended"));
            return;
        }
        pendingWrites.add(new PendingWrite(msg, promise));
    }

    @Override
    public void flush(ChannelHandlerContext ctx) {
        // Nothing may leave in plaintext: queued frames are flushed through the transport codec on completion.
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        fail(ctx, new NoiseException(NoiseException.Reason.HANDSHAKE_MALFORMED, "connection closed after "
                + (received == null ? 0 : received.readableBytes()) + " of " + expectedMessageLength()
                + " handshake bytes"));
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        cancelTimeout();
        releaseReceived();
        failPendingWrites(new NoiseException(NoiseException.Reason.HANDSHAKE_MALFORMED,
                "Noise handshake handler removed before the handshake completed"));
    }

    private void fail(ChannelHandlerContext ctx, NoiseException cause) {
        if (finished) {
            return;
        }
        finished = true;
        failure = cause;
        cancelTimeout();
        releaseReceived();
        failPendingWrites(cause);
        Failures.closeWith(ctx, cause, LOG, "handshake");
    }

    private void failPendingWrites(NoiseException cause) {
        PendingWrite write;
        while ((write = pendingWrites.poll()) != null) {
            ReferenceCountUtil.release(write.msg());
            write.promise().tryFailure(cause);
        }
    }

    private void cancelTimeout() {
        if (timeout != null) {
            timeout.cancel(false);
            timeout = null;
        }
    }

    private void releaseReceived() {
        if (received != null) {
            received.release();
            received = null;
        }
    }
}
