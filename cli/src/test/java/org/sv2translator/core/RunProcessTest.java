package org.sv2translator.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.sv2translator.testbed.pool.TestPool;

/**
 * {@code run} as an operator runs it: a separate JVM configured by SV2T_ variables (as in Docker), JSON logs, the
 * HTTP port, and SIGTERM: miners are told to reconnect elsewhere, the pool sees the channel closed, the process
 * exits 0.
 */
class RunProcessTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void configuredByEnvironmentServesAndShutsDownGracefullyOnSigterm() throws Exception {
        try (TestPool pool = new TestPool(Lab.quietPool(), null, 1).start(new InetSocketAddress("127.0.0.1", 0))) {
            ProcessBuilder pb = new ProcessBuilder(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                    // The shipped logging set-up, not the tests' quieter one that is also on this class path.
                    "-Dlogback.configurationFile=" + RunProcessTest.class.getResource("/logback.xml"),
                    "-cp", System.getProperty("java.class.path"), "org.sv2translator.cli.Main", "run",
                    "--listen", "127.0.0.1:0", "--metrics", "127.0.0.1:0", "--shutdown-reconnect", "127.0.0.1:4444",
                    "--initial-difficulty", String.valueOf(Lab.EASY)))
                    .redirectErrorStream(true);
            pb.environment().put("SV2T_UPSTREAM", "127.0.0.1:" + pool.localAddress().getPort() + "@"
                    + pool.authorityPublicKey());
            pb.environment().put("SV2T_USER_IDENTITY", "farm");
            pb.environment().put("SV2T_LOG_FORMAT", "json");
            Process run = pb.start();
            BlockingQueue<String> lines = new LinkedBlockingQueue<>(); // consumed while waiting for a line
            List<String> log = Collections.synchronizedList(new ArrayList<>()); // everything
            Thread reader = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(
                        new InputStreamReader(run.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String l; (l = r.readLine()) != null; ) {
                        lines.add(l);
                        log.add(l);
                    }
                } catch (Exception ignored) {
                    // the process ended
                }
            }, "run-output");
            reader.start();
            try {
                int minerPort = Integer.parseInt(awaitLog(lines, "miners on /?127\\.0\\.0\\.1:(\\d+)"));
                int httpPort = Integer.parseInt(awaitLog(lines, "status page.* on http://127\\.0\\.0\\.1:(\\d+)/"));
                HttpClient http = HttpClient.newHttpClient();
                try (TestMiner miner = new TestMiner(new InetSocketAddress("127.0.0.1", minerPort))) {
                    miner.subscribeAndAuthorize("rig1");
                    miner.awaitNotify();
                    Lab.awaitTrue(() -> pool.openChannelCount() == 1, "the channel open at the pool");
                    HttpResponse<String> health = http.send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + httpPort + "/health")).build(),
                            HttpResponse.BodyHandlers.ofString());
                    assertEquals(200, health.statusCode());

                    // SIGTERM. (Process.destroy() would also close our end of its output: the handle does not.)
                    run.toHandle().destroy();
                    JsonNode reconnect = null;
                    for (int i = 0; i < 20 && reconnect == null; i++) {
                        JsonNode msg = miner.read();
                        if (msg.path("method").asText().equals("client.reconnect")) {
                            reconnect = msg;
                        }
                    }
                    assertEquals("[\"127.0.0.1\",4444,0]", String.valueOf(reconnect.get("params")),
                            "told where to go");
                    Lab.awaitTrue(() -> pool.openChannelCount() == 0, "CloseChannel reached the pool");
                    assertTrue(run.waitFor(15, TimeUnit.SECONDS), "exited after the graceful shutdown");
                    assertEquals(0, run.exitValue());
                }
            } finally {
                run.destroyForcibly();
                reader.join(5000);
            }
            String all = String.join("\n", log);
            assertTrue(all.contains("--user-identity = farm  [env]"), "the summary names where values came from");
            assertTrue(all.contains("shutting down gracefully"), all);
            for (String line : log) {
                if (line.startsWith("{")) {
                    assertTrue(JSON.readTree(line).has("formattedMessage"), "a JSON log line: " + line);
                }
            }
            assertTrue(log.stream().anyMatch(l -> l.startsWith("{\"")), "--log-format json from SV2T_LOG_FORMAT");
        }
    }

    /** The message of a JSON log line as a person reads it (the raw line otherwise). */
    private static String formatted(String line) {
        try {
            return line.startsWith("{") ? JSON.readTree(line).path("formattedMessage").asText(line) : line;
        } catch (Exception notJson) {
            return line;
        }
    }

    private static String awaitLog(BlockingQueue<String> lines, String regex) throws InterruptedException {
        Pattern p = Pattern.compile(regex);
        List<String> seen = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            String line = lines.poll(200, TimeUnit.MILLISECONDS);
            if (line == null) {
                continue;
            }
            seen.add(line);
            Matcher m = p.matcher(formatted(line));
            if (m.find()) {
                return m.group(1);
            }
        }
        throw new AssertionError("no log line matching " + regex + " in:\n" + String.join("\n", seen));
    }
}
