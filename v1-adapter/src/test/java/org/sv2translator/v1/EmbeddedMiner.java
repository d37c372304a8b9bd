package org.sv2translator.v1;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** A server-side session on an EmbeddedChannel: feed it miner lines, read back what the server wrote. */
final class EmbeddedMiner {
    final EmbeddedChannel channel = new EmbeddedChannel();
    final V1Session session;

    EmbeddedMiner(V1Backend backend) {
        this(backend, V1ServerConfig.defaults());
    }

    EmbeddedMiner(V1Backend backend, V1ServerConfig config) {
        session = V1Server.installSession(channel, config, backend);
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
