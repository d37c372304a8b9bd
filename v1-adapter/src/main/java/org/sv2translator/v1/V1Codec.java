package org.sv2translator.v1;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.charset.StandardCharsets;

/**
 * Stratum V1 line codec, both directions, so the same code serves the pool side ({@link V1Server}) and test miners.
 * A line is one JSON object; framing (splitting on {@code \n}, stripping {@code \r}, the length limit) is done by
 * Netty's {@code LineBasedFrameDecoder} before these methods see it.
 *
 * <p>Decoders never modify or release the buffer they read. Every problem is one {@link V1DecodeException}.
 * Encoders return a new buffer owned by the caller, ending with {@code \n}.
 */
public final class V1Codec {
    /** Longest method name accepted; longer ones are treated as invalid rather than kept in memory. */
    public static final int MAX_METHOD_LENGTH = 64;
    /** Longest job id accepted in a submit (the translator's ids are short; this bounds what a miner can send). */
    public static final int MAX_JOB_ID_LENGTH = 64;
    /** Largest extranonce2 a submit may carry before the session checks its exact size. */
    public static final int MAX_EXTRANONCE2_SIZE = 32;
    public static final int MAX_EXTRANONCE1_SIZE = 32;
    public static final int MAX_CONFIGURE_EXTENSIONS = 16;
    /** Bounds for client-side decoding of a notify's coinbase parts. */
    static final int MAX_COINBASE_PART_SIZE = 100_000;

    private V1Codec() {
    }

    /**
     * Decodes a miner's line (server side) into its typed request.
     *
     * @param line one line without its delimiter; read from readerIndex to writerIndex, not consumed nor released
     * @throws V1DecodeException invalid JSON, missing method, wrong parameter types or bad hex
     */
    public static V1Request decodeRequest(ByteBuf line) {
        return RequestReader.read(envelope(line));
    }

    /** {@link #decodeRequest(ByteBuf)} of a string (tests, tools). */
    public static V1Request decodeRequest(String line) {
        byte[] b = line.getBytes(StandardCharsets.UTF_8);
        return RequestReader.read(LineDecoder.parse(b, 0, b.length));
    }

    /**
     * Decodes a pool's line (client side): a {@link V1Notification} when it has a method, else a {@link V1Response}.
     *
     * @param line one line without its delimiter; not consumed nor released
     * @throws V1DecodeException when the line is neither
     */
    public static V1Message decodeFromServer(ByteBuf line) {
        return ServerMessageReader.read(envelope(line));
    }

    /** {@link #decodeFromServer(ByteBuf)} of a string. */
    public static V1Message decodeFromServer(String line) {
        byte[] b = line.getBytes(StandardCharsets.UTF_8);
        return ServerMessageReader.read(LineDecoder.parse(b, 0, b.length));
    }

    /**
     * Encodes any message as one line. The returned buffer belongs to the caller: write it (the channel then
     * releases it) or release it. To send one notification to many sessions, encode it once and use
     * {@link V1Session#broadcast}.
     */
    public static ByteBuf encode(ByteBufAllocator alloc, V1Message message) {
        ByteBuf out = alloc.buffer(256);
        try {
            LineEncoder.encode(message, out);
            return out;
        } catch (RuntimeException e) {
            out.release();
            throw e;
        }
    }

    /** {@link #encode} as a string without the trailing newline (tests, logs). */
    public static String encodeToString(V1Message message) {
        ByteBuf out = encode(ByteBufAllocator.DEFAULT, message);
        try {
            return out.toString(out.readerIndex(), out.readableBytes() - 1, StandardCharsets.UTF_8);
        } finally {
            out.release();
        }
    }

    private static LineDecoder.Envelope envelope(ByteBuf line) {
        if (line.hasArray()) {
            return LineDecoder.parse(line.array(), line.arrayOffset() + line.readerIndex(), line.readableBytes());
        }
        byte[] copy = new byte[line.readableBytes()];
        line.getBytes(line.readerIndex(), copy);
        return LineDecoder.parse(copy, 0, copy.length);
    }
}
