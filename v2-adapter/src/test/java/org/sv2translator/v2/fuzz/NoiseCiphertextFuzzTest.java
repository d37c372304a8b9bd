package org.sv2translator.v2.fuzz;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import org.sv2translator.v2.noise.CipherState;
import org.sv2translator.v2.noise.netty.NoiseTransportCodec;

/**
 * Bytes nobody sealed, fed to the Noise transport decoder of an established session: never a frame, only the typed
 * failure once a whole encrypted header is in, and never a buffer sized from a (forged) length. A class of its own
 * because Jazzer fuzzes one target per JVM.
 */
class NoiseCiphertextFuzzTest {
    static final int MAX_PAYLOAD = NoiseTransportFuzzTest.MAX_PAYLOAD;

    @FuzzTest(maxDuration = "10s")
    void arbitraryCiphertext(FuzzedDataProvider data) {
        byte[] key = data.consumeBytes(32);
        if (key.length < 32) {
            return;
        }
        RecordingAllocator alloc = new RecordingAllocator();
        NoiseTransportFuzzTest.Watch watch = new NoiseTransportFuzzTest.Watch();
        EmbeddedChannel receiver = new EmbeddedChannel();
        receiver.config().setAllocator(alloc);
        CipherState cipher = NoiseTransportFuzzTest.keyed(key);
        receiver.pipeline().addLast(new NoiseTransportCodec(cipher, NoiseTransportFuzzTest.keyed(key), MAX_PAYLOAD), watch);
        byte[] junk = data.consumeRemainingAsBytes();
        receiver.writeInbound(Unpooled.wrappedBuffer(junk));
        int delivered = 0;
        for (ByteBuf b; (b = receiver.readInbound()) != null; ) {
            delivered++;
            b.release();
        }
        receiver.finishAndReleaseAll();
        assertTrue(watch.other == null, "only the typed failure: " + watch.other);
        assertTrue(delivered == 0, "forged ciphertext never yields a frame");
        assertTrue(junk.length < NoiseTransportCodec.ENCRYPTED_HEADER_LENGTH || watch.failed != null,
                "a full (forged) header is refused");
        assertTrue(alloc.largest() <= 6 + MAX_PAYLOAD);
    }
}
