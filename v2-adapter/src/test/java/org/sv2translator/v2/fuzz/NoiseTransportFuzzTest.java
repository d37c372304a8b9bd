package org.sv2translator.v2.fuzz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.List;
import org.sv2translator.v2.noise.CipherState;
import org.sv2translator.v2.noise.netty.NoiseEvent;
import org.sv2translator.v2.noise.netty.NoiseTransportCodec;

/**
 * The Noise transport decoder on an established session (real ChaCha20-Poly1305 keys): frames sealed by a real
 * sender, then cut anywhere and possibly altered in one byte. Untouched streams decode to exactly what was sent;
 * an altered byte is refused with the typed failure (NoiseEvent.Failed, connection closed), and frames before it
 * still arrive intact. The decoder never asks for a buffer larger than one frame of the configured maximum.
 */
class NoiseTransportFuzzTest {
    static final int MAX_PAYLOAD = 3000;

    /** Records the typed failure the codec reports; any other exception fails the test. */
    static final class Watch extends ChannelInboundHandlerAdapter {
        NoiseEvent.Failed failed;
        Throwable other;

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof NoiseEvent.Failed f) {
                failed = f;
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            other = cause;
        }
    }

    static CipherState keyed(byte[] key) {
        CipherState c = new CipherState();
        c.initializeKey(key);
        return c;
    }

    @FuzzTest(maxDuration = "10s")
    void sealedFramesCutAndTampered(FuzzedDataProvider data) throws Exception {
        byte[] k1 = data.consumeBytes(32);
        byte[] k2 = data.consumeBytes(32);
        if (k1.length < 32 || k2.length < 32) {
            return;
        }
        // One side seals with k1; the other side opens with k1 (and would seal its own with k2).
        EmbeddedChannel sender = new EmbeddedChannel(new NoiseTransportCodec(keyed(k1), keyed(k2), MAX_PAYLOAD));
        RecordingAllocator alloc = new RecordingAllocator();
        Watch watch = new Watch();
        EmbeddedChannel receiver = new EmbeddedChannel();
        receiver.config().setAllocator(alloc);
        receiver.pipeline().addLast(new NoiseTransportCodec(keyed(k2), keyed(k1), MAX_PAYLOAD), watch);

        List<byte[]> sent = new ArrayList<>();
        int frames = data.consumeInt(1, 4);
        for (int i = 0; i < frames; i++) {
            byte[] payload = data.consumeBytes(data.consumeInt(0, MAX_PAYLOAD));
            ByteBuf frame = Unpooled.buffer(6 + payload.length);
            frame.writeShortLE(0).writeByte(0x20).writeMediumLE(payload.length).writeBytes(payload);
            sent.add(ByteBufUtil.getBytes(frame));
            sender.writeOutbound(frame);
        }
        ByteBuf wire = Unpooled.buffer();
        for (ByteBuf b; (b = sender.readOutbound()) != null; ) {
            wire.writeBytes(b);
            b.release();
        }
        sender.finishAndReleaseAll();
        byte[] stream = ByteBufUtil.getBytes(wire);
        wire.release();
        int tamperAt = data.consumeBoolean() ? data.consumeInt(0, stream.length - 1) : -1;
        if (tamperAt >= 0) {
            stream[tamperAt] ^= (byte) data.consumeInt(1, 255);
        }

        List<byte[]> received = new ArrayList<>();
        int offset = 0;
        while (offset < stream.length && receiver.isActive()) {
            int n = Math.min(stream.length - offset, data.consumeInt(1, 2000));
            receiver.writeInbound(Unpooled.wrappedBuffer(stream, offset, n));
            offset += n;
            for (ByteBuf b; (b = receiver.readInbound()) != null; ) {
                received.add(ByteBufUtil.getBytes(b));
                b.release();
            }
        }
        receiver.finishAndReleaseAll();

        assertTrue(watch.other == null, "only the typed failure: " + watch.other);
        assertTrue(alloc.largest() <= 6 + MAX_PAYLOAD, "allocated " + alloc.largest() + " for a frame of at most "
                + (6 + MAX_PAYLOAD));
        for (int i = 0; i < received.size(); i++) {
            assertArrayEquals(sent.get(i), received.get(i), "frame " + i + " arrives exactly as sent");
        }
        if (tamperAt < 0) {
            assertFalse(watch.failed != null, "an untouched stream never fails");
            assertTrue(received.size() == sent.size(), "every frame arrives");
        } else {
            assertTrue(watch.failed != null, "an altered byte is always caught (AEAD)");
            assertTrue(received.size() < sent.size(), "the altered frame is never delivered");
        }
    }
}
