package org.sv2translator.v1;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A server-side session on an EmbeddedChannel: feed it miner lines, read back what the server wrote. Time stands
 * still unless {@link #advance} moves it: the channel's scheduled tasks (timeouts) and the session's rate clock
 * move together, so timing tests are deterministic.
 */
final class EmbeddedMiner {
    final EmbeddedChannel channel = new EmbeddedChannel();
    final V1Session session;
    /** The session's nanosecond clock for rate limits. */
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

    EmbeddedMiner(V1Backend backend) {
        this(backend, V1ServerConfig.defaults());
    }

    EmbeddedMiner(V1Backend backend, V1ServerConfig config) {
        channel.freezeTime(); // before the session schedules its timers
        session = V1Server.installSession(channel, config, backend, nanos::get);
    }

    /** Moves both clocks forward and runs the tasks that became due. */
    void advance(Duration d) {
        nanos.addAndGet(d.toNanos());
        channel.advanceTimeBy(d.toNanos(), TimeUnit.NANOSECONDS);
        channel.runPendingTasks();
    }

    /** The session's handler, for its package-private state. */
    V1SessionHandler handler() {
        return channel.pipeline().get(V1SessionHandler.class);
    }

    /** Sends one line (a {@code \n} is appended) and returns the lines the server wrote in response. */
    List<String> send(String line) {
        return sendRaw(line + "\n");
    }

    List<String> sendRaw(String bytes) {
        channel.writeInbound(Unpooled.copiedBuffer(bytes, StandardCharsets.UTF_8));
        return output();
    }

    /** Everything written since the last call, split into lines without their {@code \n}. */
    List<String> output() {
        channel.runPendingTasks();
        List<String> lines = new ArrayList<>();
        ByteBuf b;
        while ((b = channel.readOutbound()) != null) {
            String text = b.toString(StandardCharsets.UTF_8);
            b.release();
            for (String l : text.split("\n")) {
                if (!l.isEmpty()) {
                    lines.add(l);
                }
            }
        }
        return lines;
    }

    /** The single line written in response to {@code line}. */
    String call(String line) {
        List<String> out = send(line);
        if (out.size() != 1) {
            throw new AssertionError("expected one line in response to " + line + ", got " + out);
        }
        return out.get(0);
    }

    EmbeddedMiner subscribeAndAuthorize(String worker) {
        call("{\"id\":1,\"method\":\"mining.subscribe\",\"params\":[\"test/1\"]}");
        send("{\"id\":2,\"method\":\"mining.authorize\",\"params\":[\"" + worker + "\",\"x\"]}");
        return this;
    }
}
