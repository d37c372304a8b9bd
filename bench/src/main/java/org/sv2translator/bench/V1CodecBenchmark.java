package org.sv2translator.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.sv2translator.v1.RequestId;
import org.sv2translator.v1.V1Codec;
import org.sv2translator.v1.V1Notification;
import org.sv2translator.v1.V1Request;
import org.sv2translator.v1.V1Response;

/**
 * The V1 hot paths: a miner's {@code mining.submit} line (as it sits in a pooled direct buffer after framing) to the
 * typed Submit; its {@code true} response; and one {@code mining.notify} with an 11-branch merkle path (encoded once
 * per job and channel, then shared). {@code submitViaTree} is the databind-tree alternative the codec did not pick.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class V1CodecBenchmark {
    private static final byte[] SUBMIT = ("{\"method\": \"mining.submit\", \"params\": [\"cpuw.1\", \"1\", \"00000000\", "
            + "\"6b058d24\", \"1cac0681\"], \"id\":4}").getBytes(StandardCharsets.UTF_8);
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final HexFormat HEX = HexFormat.of();

    private ByteBuf submitLine;
    private V1Notification.Notify notify;
    private final V1Response accepted = V1Response.ok(RequestId.of(4), true);

    @Setup(Level.Trial)
    public void setUp() {
        submitLine = PooledByteBufAllocator.DEFAULT.directBuffer(SUBMIT.length).writeBytes(SUBMIT);
        SplittableRandom random = new SplittableRandom(7);
        List<byte[]> branch = new ArrayList<>();
        for (int i = 0; i < ShareFixture.MERKLE_DEPTH; i++) {
            byte[] h = new byte[32];
            random.nextBytes(h);
            branch.add(h);
        }
        byte[] prev = new byte[32];
        byte[] cb1 = new byte[59];
        byte[] cb2 = new byte[105];
        random.nextBytes(prev);
        random.nextBytes(cb1);
        random.nextBytes(cb2);
        notify = new V1Notification.Notify("1a2b", prev, cb1, cb2, branch, 0x20000000, 0x1703a30c, 0x6b058d24, true);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        submitLine.release();
    }

    @Benchmark
    public V1Request parseSubmit() {
        return V1Codec.decodeRequest(submitLine);
    }

    /** The same parse through Jackson's tree model, with the same checks, for comparison. */
    @Benchmark
    public V1Request.Submit submitViaTree() throws IOException {
        byte[] copy = new byte[submitLine.readableBytes()];
        submitLine.getBytes(submitLine.readerIndex(), copy);
        JsonNode root = MAPPER.readTree(copy);
        JsonNode p = root.get("params");
        return new V1Request.Submit(RequestId.of(root.get("id").asLong()), p.get(0).asText(), p.get(1).asText(),
                HEX.parseHex(p.get(2).asText()), HexFormat.fromHexDigits(p.get(3).asText()),
                HexFormat.fromHexDigits(p.get(4).asText()), false, 0);
    }

    @Benchmark
    public int encodeSubmitResponse() {
        ByteBuf out = V1Codec.encode(PooledByteBufAllocator.DEFAULT, accepted);
        int n = out.readableBytes();
        out.release();
        return n;
    }

    @Benchmark
    public int encodeNotify12Branches() {
        ByteBuf out = V1Codec.encode(PooledByteBufAllocator.DEFAULT, notify);
        int n = out.readableBytes();
        out.release();
        return n;
    }

}
