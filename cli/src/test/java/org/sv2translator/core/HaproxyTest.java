package org.sv2translator.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sv2translator.testbed.pool.PoolConfig;
import org.sv2translator.testbed.pool.TestPool;

/**
 * Two instances behind HAProxy, as README "Running several instances" describes: HAProxy (the system's, run with
 * {@code deploy/haproxy/haproxy.cfg}, only addresses replaced) balances miners over instances A and B with PROXY
 * protocol v2 and checks each one's {@code /health}; A and B are {@code run} in JVMs of their own with
 * {@code --proxy-protocol}, against one testbed pool in this JVM. Miners connect from addresses of their own
 * (127.0.0.2, 127.0.0.3, ...), so the PROXY header's address is not HAProxy's.
 *
 * <p>Checks, in order: the instances log and limit miners by their own addresses; SIGTERM on A sends A's miners,
 * through HAProxy, to B with no share refused by the pool; HAProxy takes A out, and back in once restarted;
 * SIGKILL on A: its miners reconnect through HAProxy to B and mine on within {@link #RESUME_BOUND}. The figures are
 * printed in one line and written to {@code target/haproxy-figures.txt}.
 */
class HaproxyTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path CONFIG = Path.of("..", "deploy", "haproxy", "haproxy.cfg");
    /** Upper bound asserted for SIGTERM and SIGKILL failover (measured: about 1 s; see the README). */
    static final Duration RESUME_BOUND = Duration.ofSeconds(10);
    private static final Pattern SUBSCRIBED = Pattern.compile("V1Session#\\d+\\(/(127\\.0\\.0\\.\\d+):\\d+\\): subscribed");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @Test
    void twoInstancesBehindHaproxy(@TempDir Path dir) throws Exception {
        Path haproxyBin = haproxy();
        String skipped = "HaproxyTest: skipped: haproxy is not installed (.ci/run installs Debian's package where it"
                + " can)";
        if (haproxyBin == null) {
            System.out.println(skipped); // in the build's log, not only in the surefire report
        }
        Assumptions.assumeTrue(haproxyBin != null, skipped);
        int front = freePort();
        int minerA = freePort();
        int metricsA = freePort();
        int minerB = freePort();
        int metricsB = freePort();
        Path socket = dir.resolve("haproxy.sock");
        Path cfg = dir.resolve("haproxy.cfg");
        Files.writeString(cfg, substitute(Files.readString(CONFIG), Map.of(
                "bind 0.0.0.0:3333", "bind 127.0.0.1:" + front,
                "server a 127.0.0.1:3401 check port 8081", "server a 127.0.0.1:" + minerA + " check port " + metricsA,
                "server b 127.0.0.1:3402 check port 8082", "server b 127.0.0.1:" + minerB + " check port " + metricsB,
                "stats socket /run/haproxy/sv2t.sock", "stats socket " + socket)));
        List<AutoCloseable> toStop = new ArrayList<>();
        List<Instance> instances = new ArrayList<>();
        List<Miner> miners = new ArrayList<>();
        Path haproxyLog = dir.resolve("haproxy.log");
        // Channel targets at the pool's minimum (the tiny difficulty the miners mine at) whatever the hashrate: every
        // share a miner has accepted is forwarded, so the pool judges the shares sent around each failover.
        PoolConfig q = Lab.quietPool();
        PoolConfig poolConfig = new PoolConfig(q.blockInterval(), q.jobInterval(), q.transactionCount(),
                q.networkDifficulty(), 1e9, q.minDifficulty(), q.successBatchSize(), q.successBatchInterval(),
                q.versionRolling(), q.channelExtranonceSize());
        try (TestPool pool = new TestPool(poolConfig, null, 1).start(new InetSocketAddress("127.0.0.1", 0))) {
            Instance a = Instance.start("A", minerA, metricsA, front, pool);
            toStop.add(a);
            instances.add(a);
            Instance b = Instance.start("B", minerB, metricsB, front, pool);
            toStop.add(b);
            instances.add(b);
            Process haproxy = new ProcessBuilder(haproxyBin.toString(), "-db", "-f", cfg.toString())
                    .redirectErrorStream(true).redirectOutput(haproxyLog.toFile()).start();
            toStop.add(() -> stop(haproxy));
            Stats stats = new Stats(socket, haproxyLog);
            toStop.add(stats);
            await(() -> stats.up("a") && stats.up("b"), 30, "HAProxy sees both instances serving", stats::dump);
            assertTrue(stats.checkStatus("a").startsWith("L7OK"), "an HTTP check, not a TCP one: " + stats.dump());

            // Four miners, one after the other: leastconn puts two on each instance.
            InetSocketAddress haproxyAddress = new InetSocketAddress("127.0.0.1", front);
            for (int i = 2; i <= 5; i++) {
                Miner m = new Miner("rig" + i, InetAddress.getByName("127.0.0." + i), haproxyAddress);
                miners.add(m);
                toStop.add(m);
                await(() -> m.accepted.get() > 0, 20, m.worker + " mining through HAProxy", m::state);
            }
            await(() -> a.subscribedFrom().size() + b.subscribedFrom().size() == 4, 10,
                    "every miner's subscription logged", () -> a.subscribedFrom() + " " + b.subscribedFrom());
            Set<String> onA = a.subscribedFrom();
            Set<String> onB = b.subscribedFrom();
            // The addresses from the PROXY header, never HAProxy's own (127.0.0.1).
            assertEquals(Set.of("127.0.0.2", "127.0.0.3", "127.0.0.4", "127.0.0.5"), union(onA, onB),
                    "A logged " + onA + ", B " + onB);
            assertEquals(2, onA.size(), "leastconn: two miners each; A has " + onA);
            assertEquals(2, onB.size(), "leastconn: two miners each; B has " + onB);
            assertEquals(2, status(metricsA).get("miners").asInt());

            // SIGTERM on A: client.reconnect to HAProxy, which passes them to B (A no longer accepts).
            Map<Miner, Long> sessionsBefore = new HashMap<>();
            miners.forEach(m -> sessionsBefore.put(m, m.sessions.get()));
            List<Miner> aMiners = miners.stream().filter(m -> onA.contains(m.source.getHostAddress())).toList();
            long poolAcceptedAtTerm = pool.accounting().total().accepted();
            assertTrue(poolAcceptedAtTerm > 0, "shares reach the pool: " + pool.accounting().total());
            long termAt = System.nanoTime();
            a.process.toHandle().destroy();
            await(() -> aMiners.stream().allMatch(m -> m.sessions.get() > sessionsBefore.get(m)
                    && m.sessionFirstAcceptedNanos != 0), RESUME_BOUND.toSeconds(), "A's miners mining on B after SIGTERM",
                    () -> states(aMiners));
            long termResumeMs = resumedMillis(aMiners, termAt);
            for (Miner m : aMiners) {
                assertEquals("127.0.0.1:" + front, m.reconnectTo, "told to reconnect to HAProxy: " + m.state());
            }
            assertTrue(a.process.waitFor(15, TimeUnit.SECONDS), "A exited after its graceful shutdown");
            assertEquals(0, a.process.exitValue());
            await(() -> status(metricsB).get("miners").asInt() == 4, 10, "all four miners on B",
                    () -> String.valueOf(status(metricsB)));
            for (Miner m : miners) {
                long before = m.accepted.get();
                await(() -> m.accepted.get() > before, 10, m.worker + " mining on B", m::state);
            }
            assertTrue(pool.accounting().total().accepted() > poolAcceptedAtTerm, "shares reach the pool from B");
            assertEquals(0, pool.accounting().total().rejected(), "no share refused by the pool: "
                    + pool.accounting().total());
            await(() -> stats.millisUntil(termAt, false) >= 0, 10, "HAProxy takes A out", stats::dump);
            long outAfterTermMs = stats.millisUntil(termAt, false);

            // B applies --max-connections-per-ip 1 to the miners' own addresses: four are in (they would be one
            // address without the header), and a second connection from 127.0.0.2 is refused.
            int refusedBefore = status(metricsB).path("minerDisconnects").path("address-limit").asInt();
            try (TestMiner extra = new TestMiner(haproxyAddress, InetAddress.getByName("127.0.0.2"))) {
                assertThrows(IOException.class, () -> extra.subscribeAndAuthorize("rig2b"),
                        "a second connection from 127.0.0.2 is refused");
            }
            await(() -> status(metricsB).path("minerDisconnects").path("address-limit").asInt() == refusedBefore + 1,
                    10, "B counted the refusal by address", () -> String.valueOf(status(metricsB)));
            await(() -> b.logged("refusing V1 connection from /127.0.0.2:\\d+: limit of 1 connections per address"),
                    10, "B's log names the miner's address", b::text);

            // A restarted: HAProxy puts it back once its /health says serving.
            Instance a2 = Instance.start("A2", minerA, metricsA, front, pool);
            toStop.add(a2);
            instances.add(a2);
            long restartAt = System.nanoTime();
            await(() -> stats.millisUntil(restartAt, true) >= 0, 30, "HAProxy puts A back in", stats::dump);
            long inAfterRestartMs = stats.millisUntil(restartAt, true);
            assertTrue(stats.checkStatus("a").startsWith("L7OK"), stats.dump());

            // Two more miners: leastconn sends both to the restarted A (0 miners against B's 4).
            List<Miner> late = new ArrayList<>();
            for (int i = 6; i <= 7; i++) {
                Miner m = new Miner("rig" + i, InetAddress.getByName("127.0.0." + i), haproxyAddress);
                late.add(m);
                miners.add(m);
                toStop.add(m);
                await(() -> m.accepted.get() > 0, 20, m.worker + " mining through HAProxy", m::state);
            }
            await(() -> a2.subscribedFrom().equals(Set.of("127.0.0.6", "127.0.0.7")), 10,
                    "the new miners on the restarted A", () -> String.valueOf(a2.subscribedFrom()));

            // SIGKILL on A: no reconnect message; its miners see the connection drop, reconnect through HAProxy,
            // which redispatches them to B (A refuses connections before the check notices).
            miners.forEach(m -> sessionsBefore.put(m, m.sessions.get()));
            long killAt = System.nanoTime();
            a2.process.destroyForcibly();
            await(() -> late.stream().allMatch(m -> m.sessions.get() > sessionsBefore.get(m)
                    && m.sessionFirstAcceptedNanos != 0), RESUME_BOUND.toSeconds(), "A's miners mining on B after SIGKILL",
                    () -> states(late));
            long killResumeMs = resumedMillis(late, killAt);
            await(() -> stats.millisUntil(killAt, false) >= 0, 10, "HAProxy takes the killed A out", stats::dump);
            long outAfterKillMs = stats.millisUntil(killAt, false);
            await(() -> status(metricsB).get("miners").asInt() == 6, 10, "all six miners on B",
                    () -> String.valueOf(status(metricsB)));
            assertTrue(b.subscribedFrom().containsAll(Set.of("127.0.0.6", "127.0.0.7")), b.text());
            assertEquals(0, pool.accounting().total().rejected(), "no share refused by the pool: "
                    + pool.accounting().total());

            long minerRejected = miners.stream().mapToLong(m -> m.rejected.get()).sum();
            long minerAccepted = miners.stream().mapToLong(m -> m.accepted.get()).sum();
            String figures = String.format("haproxy figures: SIGTERM on A -> its miners mining on B after %d ms;"
                            + " SIGKILL on A -> its miners mining on B after %d ms; HAProxy took A out %d ms after"
                            + " SIGTERM, %d ms after SIGKILL, back in %d ms after restart; HAProxy redispatches %d;"
                            + " shares accepted to miners %d, refused to miners %d, accepted by the pool %d, refused"
                            + " by the pool %d",
                    termResumeMs, killResumeMs, outAfterTermMs, outAfterKillMs, inAfterRestartMs,
                    stats.redispatches(), minerAccepted, minerRejected, pool.accounting().total().accepted(),
                    pool.accounting().total().rejected());
            System.out.println(figures);
            Files.createDirectories(Path.of("target"));
            Files.writeString(Path.of("target", "haproxy-figures.txt"), figures + "\n");
        } catch (AssertionError | Exception e) {
            System.out.println("HaproxyTest: HAProxy's log:\n" + (Files.exists(haproxyLog)
                    ? Files.readString(haproxyLog) : "(none)"));
            instances.forEach(i -> System.out.println("HaproxyTest: instance " + i.text()));
            miners.forEach(m -> System.out.println("HaproxyTest: miner " + m.state()));
            throw e;
        } finally {
            Collections.reverse(toStop);
            for (AutoCloseable c : toStop) {
                try {
                    c.close();
                } catch (Exception e) {
                    System.out.println("HaproxyTest: stopping: " + e);
                }
            }
        }
    }

    @Test
    void readmeShowsTheConfigurationTheTestRuns() throws IOException {
        assertTrue(Files.readString(Path.of("..", "README.md")).contains("```\n" + Files.readString(CONFIG) + "```"),
                "README \"Running several instances\" shows deploy/haproxy/haproxy.cfg as it is");
    }

    /** The haproxy executable, or null when it is not installed. */
    private static Path haproxy() {
        List<String> dirs = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(":")));
        dirs.addAll(List.of("/usr/sbin", "/usr/local/sbin", "/sbin"));
        for (String d : dirs) {
            Path p = Path.of(d.isEmpty() ? "." : d, "haproxy");
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }

    /** The example configuration with these replacements, each of which must be there (the file drifting fails). */
    private static String substitute(String config, Map<String, String> replacements) {
        for (Map.Entry<String, String> r : replacements.entrySet()) {
            assertTrue(config.contains(r.getKey()), "deploy/haproxy/haproxy.cfg no longer has: " + r.getKey());
            config = config.replace(r.getKey(), r.getValue());
        }
        return config;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static Set<String> union(Set<String> x, Set<String> y) {
        Set<String> u = new TreeSet<>(x);
        u.addAll(y);
        return u;
    }

    private static String states(List<Miner> miners) {
        StringBuilder s = new StringBuilder();
        miners.forEach(m -> s.append(m.state()).append('\n'));
        return s.toString();
    }

    private JsonNode status(int metricsPort) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + metricsPort + "/api/status")).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(r.body());
    }

    /** Polls {@code condition} (an exception counts as false) until true or {@code seconds} have passed. */
    private static void await(Callable<Boolean> condition, long seconds, String what, Callable<String> detail)
            throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        Exception last = null;
        while (true) {
            try {
                if (condition.call()) {
                    return;
                }
            } catch (Exception e) {
                last = e;
            }
            if (System.nanoTime() > deadline) {
                String d;
                try {
                    d = detail.call();
                } catch (Exception e) {
                    d = e.toString();
                }
                throw new AssertionError("not within " + seconds + " s: " + what + (last == null ? "" : " (" + last
                        + ")") + "\n" + d);
            }
            Thread.sleep(20);
        }
    }

    /** Milliseconds from {@code since} until the last of these miners had a share accepted on its new connection. */
    private static long resumedMillis(List<Miner> miners, long since) {
        return miners.stream().mapToLong(m -> (m.sessionFirstAcceptedNanos - since) / 1_000_000).max().orElseThrow();
    }

    private static void stop(Process p) throws InterruptedException {
        if (p.isAlive()) {
            p.toHandle().destroy();
            if (!p.waitFor(5, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                p.waitFor(5, TimeUnit.SECONDS);
            }
        }
    }

    /**
     * HAProxy's view of the servers, from its stats socket ({@code show stat}, CSV), and server a's state sampled
     * every 20 ms (when it changed, to the sampling's precision).
     */
    private static final class Stats implements AutoCloseable {
        private final Path socket;
        private final Path log;
        private final List<long[]> aChanges = Collections.synchronizedList(new ArrayList<>()); // {nanos, up ? 1 : 0}
        private volatile boolean sampling = true;
        private final Thread sampler;

        Stats(Path socket, Path log) {
            this.socket = socket;
            this.log = log;
            sampler = new Thread(() -> {
                int last = -1;
                while (sampling) {
                    try {
                        int up = up("a") ? 1 : down("a") ? 0 : last;
                        if (up != last && up >= 0) {
                            aChanges.add(new long[] {System.nanoTime(), up});
                            last = up;
                        }
                    } catch (IOException | RuntimeException notYet) {
                        // HAProxy starting or stopping
                    }
                    try {
                        Thread.sleep(20);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "haproxy-stats");
            sampler.setDaemon(true);
            sampler.start();
        }

        /** Milliseconds from {@code since} until server a was first seen UP (up) or DOWN (!up) after it; -1 if not. */
        long millisUntil(long since, boolean up) {
            synchronized (aChanges) {
                for (long[] c : aChanges) {
                    if (c[0] >= since && (c[1] == 1) == up) {
                        return (c[0] - since) / 1_000_000;
                    }
                }
            }
            return -1;
        }

        @Override
        public void close() throws InterruptedException {
            sampling = false;
            sampler.join(2000);
        }

        Map<String, String> row(String server) throws IOException {
            String csv;
            try (SocketChannel ch = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
                ch.write(ByteBuffer.wrap("show stat\n".getBytes(StandardCharsets.US_ASCII)));
                java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
                ByteBuffer buf = ByteBuffer.allocate(8192);
                while (ch.read(buf) >= 0) {
                    out.write(buf.array(), 0, buf.position());
                    buf.clear();
                }
                csv = out.toString(StandardCharsets.US_ASCII);
            }
            Iterator<String> lines = csv.lines().iterator();
            String[] header = lines.next().replaceFirst("^# ", "").split(",", -1);
            while (lines.hasNext()) {
                String[] f = lines.next().split(",", -1);
                if (f.length >= 2 && f[0].equals("translators") && f[1].equals(server)) {
                    Map<String, String> m = new HashMap<>();
                    for (int i = 0; i < header.length && i < f.length; i++) {
                        m.put(header[i], f[i]);
                    }
                    return m;
                }
            }
            throw new IOException("no server " + server + " in:\n" + csv);
        }

        boolean up(String server) throws IOException {
            return row(server).get("status").equals("UP");
        }

        /** DOWN, including "DOWN 1/2" (down, one good check towards coming back). */
        boolean down(String server) throws IOException {
            return row(server).get("status").startsWith("DOWN");
        }

        String checkStatus(String server) throws IOException {
            return row(server).get("check_status");
        }

        long redispatches() throws IOException {
            return Long.parseLong(row("a").get("wredis")) + Long.parseLong(row("b").get("wredis"));
        }

        String dump() throws IOException {
            StringBuilder s = new StringBuilder();
            for (String server : List.of("a", "b")) {
                Map<String, String> r = row(server);
                s.append(server).append(": ").append(r.get("status")).append(' ').append(r.get("check_status"))
                        .append(" scur=").append(r.get("scur")).append('\n');
            }
            return s + Files.readString(log);
        }
    }

    /** {@code run} in a JVM of its own, its output kept. */
    private static final class Instance implements AutoCloseable {
        final String name;
        final Process process;
        final List<String> lines = Collections.synchronizedList(new ArrayList<>());
        final Thread reader;

        private Instance(String name, Process process) {
            this.name = name;
            this.process = process;
            this.reader = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(
                        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String l; (l = r.readLine()) != null; ) {
                        lines.add(l);
                    }
                } catch (IOException ignored) {
                    // the process ended
                }
            }, "instance-" + name);
            reader.setDaemon(true);
            reader.start();
        }

        static Instance start(String name, int minerPort, int metricsPort, int haproxyPort, TestPool pool)
                throws IOException {
            ProcessBuilder pb = new ProcessBuilder(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx192m",
                    "-XX:TieredStopAtLevel=1",
                    "-Dlogback.configurationFile=" + HaproxyTest.class.getResource("/haproxy-test-logback.xml"),
                    "-cp", System.getProperty("java.class.path"), "org.sv2translator.cli.Main", "run",
                    "--listen", "127.0.0.1:" + minerPort, "--metrics", "127.0.0.1:" + metricsPort,
                    "--proxy-protocol", "--max-connections-per-ip", "1",
                    "--shutdown-reconnect", "127.0.0.1:" + haproxyPort,
                    "--initial-difficulty", String.valueOf(Lab.EASY), "--min-difficulty", String.valueOf(Lab.EASY),
                    "--shares-per-minute", "600",
                    "--upstream", "127.0.0.1:" + pool.localAddress().getPort() + "@" + pool.authorityPublicKey(),
                    "--user-identity", "farm"))
                    .redirectErrorStream(true);
            return new Instance(name, pb.start());
        }

        /** The miner addresses this instance logged subscriptions from. */
        Set<String> subscribedFrom() {
            Set<String> from = new TreeSet<>();
            synchronized (lines) {
                for (String l : lines) {
                    Matcher m = SUBSCRIBED.matcher(l);
                    if (m.find()) {
                        from.add(m.group(1));
                    }
                }
            }
            return from;
        }

        boolean logged(String regex) {
            Pattern p = Pattern.compile(regex);
            synchronized (lines) {
                return lines.stream().anyMatch(l -> p.matcher(l).find());
            }
        }

        String text() {
            synchronized (lines) {
                return name + ":\n" + String.join("\n", lines);
            }
        }

        @Override
        public void close() throws InterruptedException {
            stop(process);
            reader.join(5000);
        }
    }

    /**
     * A V1 miner on a thread of its own, from its own loopback address: mines (a share, then 100 ms of listening),
     * follows client.reconnect, and reconnects 50 ms after losing its connection, as firmware does.
     */
    private static final class Miner implements AutoCloseable {
        final String worker;
        final InetAddress source;
        final AtomicLong accepted = new AtomicLong();
        final AtomicLong rejected = new AtomicLong();
        /** Connections that got as far as a job. */
        final AtomicLong sessions = new AtomicLong();
        /** When the current connection had its first share accepted; 0 until then. */
        volatile long sessionFirstAcceptedNanos;
        volatile String reconnectTo;
        volatile String lastEvent = "";
        private volatile InetSocketAddress target;
        private volatile boolean running = true;
        private volatile TestMiner current;
        private final Thread thread;

        Miner(String worker, InetAddress source, InetSocketAddress target) {
            this.worker = worker;
            this.source = source;
            this.target = target;
            this.thread = new Thread(this::loop, "miner-" + worker);
            thread.setDaemon(true);
            thread.start();
        }

        private void loop() {
            while (running) {
                current = null;
                try (TestMiner m = new TestMiner(target, source)) {
                    current = m;
                    m.subscribeAndAuthorize(worker);
                    m.awaitNotify();
                    sessionFirstAcceptedNanos = 0;
                    sessions.incrementAndGet();
                    for (long e2 = 0; running; e2++) {
                        JsonNode answer = m.submit(worker, m.findShare(e2, true));
                        if (answer.path("result").asBoolean(false)) {
                            accepted.incrementAndGet();
                            if (sessionFirstAcceptedNanos == 0) {
                                sessionFirstAcceptedNanos = System.nanoTime();
                            }
                        } else {
                            rejected.incrementAndGet();
                            lastEvent = "rejected: " + answer;
                        }
                        m.drain(100);
                        if (followedReconnect(m)) {
                            break;
                        }
                    }
                } catch (IOException | RuntimeException e) {
                    lastEvent = e.toString();
                    TestMiner m = current;
                    if (m != null) {
                        followedReconnect(m); // told to go, then cut off before reading on
                    }
                    if (running) {
                        try {
                            Thread.sleep(50); // a miner's reconnect back-off
                        } catch (InterruptedException stop) {
                            return;
                        }
                    }
                }
            }
        }

        /** True (and the next connection goes there) when {@code m} was sent client.reconnect. */
        private boolean followedReconnect(TestMiner m) {
            JsonNode reconnect = null;
            for (Iterator<JsonNode> it = m.unhandled.iterator(); it.hasNext(); ) {
                JsonNode n = it.next();
                if (n.path("method").asText().equals("client.reconnect")) {
                    reconnect = n;
                    it.remove();
                }
            }
            if (reconnect == null) {
                return false;
            }
            JsonNode p = reconnect.get("params");
            reconnectTo = p.get(0).asText() + ":" + p.get(1).asInt();
            target = new InetSocketAddress(p.get(0).asText(), p.get(1).asInt());
            lastEvent = "told to reconnect to " + reconnectTo;
            return true;
        }

        String state() {
            return worker + " from " + source.getHostAddress() + ": sessions " + sessions + ", accepted " + accepted
                    + ", rejected " + rejected + ", last: " + lastEvent;
        }

        @Override
        public void close() throws Exception {
            running = false;
            TestMiner m = current;
            if (m != null) {
                m.close();
            }
            thread.join(5000);
        }
    }
}
