package org.sv2translator.bench;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
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
import org.sv2translator.v2.message.NewExtendedMiningJob;
import org.sv2translator.v2.message.Sv2Message;
import org.sv2translator.v2.message.SubmitSharesExtended;
import org.sv2translator.v2.message.Tlv;
import org.sv2translator.v2.wire.Bytes;
import org.sv2translator.v2.wire.U256;

/**
 * The SV2 message codec on the translator's two hot messages: decoding a SubmitSharesExtended frame (what a pool,
 * or the testbed pool, does per share; with and without the user_identity TLV) and encoding a NewExtendedMiningJob
 * with an 11-level merkle path (what the pool does per job, and the size of job the translator decodes).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class Sv2CodecBenchmark {
    private final ByteBufAllocator alloc = PooledByteBufAllocator.DEFAULT;
    private ByteBuf shareFrame;
    private ByteBuf shareWithTlvFrame;
    private NewExtendedMiningJob job;

    @Setup
    public void setUp() {
        SubmitSharesExtended share = new SubmitSharesExtended(1, 12, 5, 0xDEADBEEF, 1_700_000_000, 0x20000000,
                Bytes.fromHex("0001000000000001"));
        shareFrame = frame(share);
        shareWithTlvFrame = frame(new SubmitSharesExtended(share.channelId(), share.sequenceNumber(),
                share.jobId(), share.nonce(), share.ntime(), share.version(), share.extranonce(),
                List.of(Tlv.userIdentity("farm1.rack07.s19xp-0042"))));
        List<U256> path = new ArrayList<>();
        for (int level = 0; level < 11; level++) {
            byte[] hash = new byte[32];
            for (int i = 0; i < 32; i++) {
                hash[i] = (byte) (level * 37 + i);
            }
            path.add(U256.fromLittleEndian(hash));
        }
        // A SegWit-stripped coinbase split around the extranonce: version, input, BIP34 height and tag; then
        // sequence, a P2WPKH payout and the witness commitment output, locktime.
        job = new NewExtendedMiningJob(1, 42, OptionalInt.empty(), 0x20000000, true, path,
                Bytes.fromHex("02000000010000000000000000000000000000000000000000000000000000000000000000ffffffff"
                        + "2203a08601" + "2f7376322d7472616e736c61746f722f"),
                Bytes.fromHex("ffffffff0200f2052a010000001600141234567890abcdef1234567890abcdef12345678"
                        + "0000000000000000266a24aa21a9ed" + "11".repeat(32) + "00000000"));
    }

    private static ByteBuf frame(Sv2Message message) {
        return Unpooled.directBuffer().writeBytes(MessageCodec.toFrameBytes(message).toByteArray());
    }

    @TearDown
    public void tearDown() {
        shareFrame.release();
        shareWithTlvFrame.release();
    }

    @Benchmark
    public Sv2Message decodeSubmitSharesExtended() {
        shareFrame.readerIndex(0);
        return MessageCodec.decodeFrame(shareFrame);
    }

    @Benchmark
    public Sv2Message decodeSubmitSharesExtendedWithUserIdentity() {
        shareWithTlvFrame.readerIndex(0);
        return MessageCodec.decodeFrame(shareWithTlvFrame);
    }

    /** Encodes into a pooled buffer and releases it, as Sv2MessageCodec does per outbound message. */
    @Benchmark
    public int encodeNewExtendedMiningJob() {
        ByteBuf out = MessageCodec.encodeFrame(job, alloc);
        int size = out.readableBytes();
        out.release();
        return size;
    }
}
