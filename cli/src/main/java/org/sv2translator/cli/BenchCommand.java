package org.sv2translator.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.sv2translator.testbed.pool.PoolConfig;
import org.sv2translator.testbed.pool.TestPool;
import org.sv2translator.testbed.swarm.Flooder;
import org.sv2translator.testbed.swarm.Swarm;
import org.sv2translator.testbed.swarm.SwarmConfig;
import org.sv2translator.testbed.swarm.SwarmReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code bench}: the whole system under load. The testbed pool and the miner swarm run in this JVM, the translator
 * (the real {@code run} command) in a child JVM, so its CPU time and memory are its own. Ramps to {@code --miners}
 * connections, holds {@code --rate} shares per second in total for {@code --duration}, and reports what a miner
 * sees (latencies), what the translator costs (CPU, heap, RSS, bytes) and what the pool saw.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Load the translator (in a child JVM) with a simulated farm and a test pool; print and save the figures.")
final class BenchCommand implements Callable<Integer> {
    /** Every header meets it: the swarm spends one sha256d per share, the translator one to validate it. */
    static final double DIFFICULTY = 1e-9;

    @Option(names = "--miners", defaultValue = "1000", description = "Miner connections (default ${DEFAULT-VALUE}).")
    int miners;

    @Option(names = "--rate", defaultValue = "1000", description = "Shares per second, all miners together (default ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = "--duration", defaultValue = "60", description = "Seconds measured once every miner works (default ${DEFAULT-VALUE}).")
    long durationSeconds;

    @Option(names = "--warmup", defaultValue = "15",
            description = "Seconds of load once every miner works, before measuring: lets the JIT compile the hot paths "
                    + "and covers a few blocks (default ${DEFAULT-VALUE}).")
    long warmupSeconds;

    @Option(names = "--connects-per-second", defaultValue = "5000", description = "Connection ramp (default ${DEFAULT-VALUE}).")
    int connectsPerSecond;

    @Option(names = "--block-interval", defaultValue = "5",
            description = "Seconds between the pool's blocks: each is a notify fan-out to every miner (default ${DEFAULT-VALUE}).")
    long blockSeconds;

    @Option(names = "--swarm-threads", defaultValue = "2", description = "The swarm's network threads (default ${DEFAULT-VALUE}).")
    int swarmThreads;

    @Option(names = "--translator-threads", defaultValue = "0", description = "The translator's miner threads (--threads of run; default: one per core).")
    int translatorThreads;

    @Option(names = "--translator-heap", defaultValue = "2g", description = "The translator JVM's -Xmx (default ${DEFAULT-VALUE}).")
    String translatorHeap;

    @Option(names = "--translator-jvm-arg", paramLabel = "ARG",
            description = "An extra JVM option for the translator, repeatable: e.g. -XX:StartFlightRecording=filename=translator.jfr to profile it.")
    List<String> translatorJvmArgs = new ArrayList<>();

    @Option(names = "--translator-arg", paramLabel = "ARG",
            description = "An extra option for the translator's run command (one the bench does not set itself), repeatable: "
                    + "e.g. --translator-arg=--transport=nio to compare transports.")
    List<String> translatorExtraArgs = new ArrayList<>();

    @Option(names = "--flooder-rate", defaultValue = "0",
            description = "Also run one hostile miner sending this many invalid shares per second, reconnecting whenever it is cut off (default ${DEFAULT-VALUE}: none).")
    double flooderRate;

    @Option(names = "--json", description = "Also write the figures as JSON to this file.")
    Path json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PoolConfig poolConfig = PoolConfig.defaults().withMinDifficulty(DIFFICULTY)
                .withBlockInterval(Duration.ofSeconds(blockSeconds)).withJobInterval(Duration.ofHours(1))
                .withSuccessBatch(100, Duration.ofMillis(100));
        try (TestPool pool = new TestPool(poolConfig, null, 1).start(new InetSocketAddress("127.0.0.1", 0))) {
            TranslatorProcess translator = TranslatorProcess.start(pool, translatorArgs(), translatorHeap,
                    translatorJvmArgs);
            try {
                return measure(pool, translator);
            } finally {
                translator.stop();
            }
        }
    }

    private List<String> translatorArgs() {
        double perMinerPerMinute = rate / miners * 60;
        // Every limit opened to the load; vardiff's target set to the rate asked for, so it keeps the difficulty.
        List<String> args = new ArrayList<>(List.of("--user-identity", "bench", "--initial-difficulty", String.valueOf(DIFFICULTY),
                "--min-difficulty", String.valueOf(DIFFICULTY), "--shares-per-minute", String.valueOf(perMinerPerMinute),
                "--max-connections", String.valueOf(miners + 100), "--max-connections-per-ip", String.valueOf(miners + 100),
                "--accept-rate", "0", "--threads", String.valueOf(translatorThreads), "--no-worker-metrics"));
        args.addAll(translatorExtraArgs); // one the bench sets itself would be refused by run as given twice
        return args;
    }

    private int measure(TestPool pool, TranslatorProcess translator) throws Exception {
        Footprint idle = translator.footprint();
        SwarmConfig swarmConfig = SwarmConfig.defaults(translator.minerAddress()).withMiners(miners)
                .withMode(SwarmConfig.Mode.RATE).withSharesPerSecond(rate / miners).withIoThreads(swarmThreads)
                .withConnectsPerSecond(connectsPerSecond).withWorkerPrefix("bench");
        try (Swarm swarm = new Swarm(swarmConfig, pool::prevHashPublishedAt).start();
             Flooder flooder = flooderRate > 0 ? new Flooder(translator.minerAddress(), flooderRate) : null) {
            SwarmReport report = swarm.report();
            long rampDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(Math.max(60, miners / 500));
            while (report.working() < miners && System.nanoTime() < rampDeadline) {
                Thread.sleep(100);
            }
            long warmup = Math.max(2, warmupSeconds);
            System.out.printf("bench: %d of %d miners working after %.1f s; warming up for %d s, then measuring for %d s%n",
                    report.working(), miners, report.allWorkingAfterMillis() / 1000.0, warmup, durationSeconds);
            // The JIT's compile work and the first vardiff updates are not the steady state being measured.
            if (flooder != null) {
                flooder.start();
                System.out.printf("bench: a flooder sends %.0f invalid shares/s%n", flooderRate);
            }
            Thread.sleep(TimeUnit.SECONDS.toMillis(warmup));
            long floodedBefore = flooder == null ? 0 : flooder.sent();
            report.startLatencyWindow();
            Sample start = Sample.take(report, translator, pool);
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(durationSeconds);
            while (System.nanoTime() < end) {
                Thread.sleep(Math.min(5000, Math.max(1, TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime()))));
                System.out.println("bench: " + report.liveLine());
            }
            Sample stop = Sample.take(report, translator, pool);
            Footprint loaded = translator.footprint();
            BenchResult result = BenchResult.of(spec.commandLine().getParseResult().originalArgs().toArray(String[]::new), miners, start,
                    stop, idle, loaded);
            System.out.print(result.toTable());
            String figures = result.toJson();
            if (flooder != null) {
                double seconds = (stop.nanos() - start.nanos()) / 1e9;
                System.out.printf("flooder                      asked %.0f/s, sent %.0f/s in the window; %d connections,"
                                + " cut off %d times, %d answers read%n", flooderRate,
                        (flooder.sent() - floodedBefore) / seconds, flooder.connections(), flooder.cutOff(),
                        flooder.answered());
                ObjectNode doc = (ObjectNode) new ObjectMapper().readTree(figures);
                doc.putObject("flooder").put("askedPerSecond", flooderRate)
                        .put("sentPerSecond", (flooder.sent() - floodedBefore) / seconds)
                        .put("connections", flooder.connections()).put("cutOff", flooder.cutOff())
                        .put("answers", flooder.answered());
                figures = new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(doc);
            }
            if (json != null) {
                Files.writeString(json, figures);
                System.out.println("bench: figures written to " + json);
            }
        }
        return 0;
    }

    /** Counters at one moment: the window's figures are the differences between two samples. */
    record Sample(long nanos, long submitted, long minerAccepted, Map<Integer, Long> minerRejectedByCode,
                  Map<String, Double> submitLatencyMs, Map<String, Double> notifyLatencyMs, Metrics translator,
                  long poolAccepted, long poolRejected, double cpuSeconds) {
        static Sample take(SwarmReport report, TranslatorProcess t, TestPool pool) throws IOException {
            Metrics m = t.scrape();
            // The latencies are read here, not when the result is written: the footprint's full GC comes between
            // and would stall the miners' answers outside the window.
            return new Sample(System.nanoTime(), report.submitted(), report.accepted(), report.rejectedByCode(),
                    report.submitLatencyMs(), report.notifyLatencyMs(), m, pool.accounting().total().accepted(),
                    pool.accounting().total().rejected(), t.cpuSeconds());
        }

        long minerRejected() {
            return minerRejectedByCode.values().stream().mapToLong(Long::longValue).sum();
        }

        /** The rejections by code since {@code earlier}, codes without any left out. */
        Map<Integer, Long> minerRejectedByCodeSince(Sample earlier) {
            Map<Integer, Long> since = new TreeMap<>();
            minerRejectedByCode.forEach((code, n) -> {
                long d = n - earlier.minerRejectedByCode.getOrDefault(code, 0L);
                if (d > 0) {
                    since.put(code, d);
                }
            });
            return since;
        }
    }

    /** Heap after a full GC and resident memory of the translator. */
    record Footprint(double heapBytes, double rssBytes) {
    }

    /** The parts of the translator's /metrics the bench reads. */
    record Metrics(String text) {
        double value(String series) {
            Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(text);
            return m.find() ? Double.parseDouble(m.group(1)) : 0;
        }

        /** The sum of every series of this name (all label sets). */
        double sum(String name) {
            Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + "(\\{[^}]*\\})? (\\S+)$").matcher(text);
            double s = 0;
            while (m.find()) {
                s += Double.parseDouble(m.group(2));
            }
            return s;
        }
    }

    /** The translator as a child process running {@code run}. */
    static final class TranslatorProcess {
        private final Process process;
        private final InetSocketAddress minerAddress;
        private final int httpPort;
        private final HttpClient http = HttpClient.newHttpClient();

        private TranslatorProcess(Process process, InetSocketAddress minerAddress, int httpPort) {
            this.process = process;
            this.minerAddress = minerAddress;
            this.httpPort = httpPort;
        }

        static TranslatorProcess start(TestPool pool, List<String> extraArgs, String heap, List<String> jvmArgs)
                throws Exception {
            List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx" + heap));
            cmd.addAll(jvmArgs);
            cmd.addAll(List.of(
                    // The shipped logging set-up (its INFO lines give the ports), whatever else is on the class path.
                    "-Dlogback.configurationFile=" + BenchCommand.class.getResource("/logback.xml"),
                    "-cp", System.getProperty("java.class.path"), Main.class.getName(), "run",
                    "--upstream", "127.0.0.1:" + pool.localAddress().getPort() + "@" + pool.authorityPublicKey(),
                    "--listen", "127.0.0.1:0", "--metrics", "127.0.0.1:0"));
            cmd.addAll(extraArgs);
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            CompletableFuture<Integer> minerPort = new CompletableFuture<>();
            CompletableFuture<Integer> httpPort = new CompletableFuture<>();
            Pattern miners = Pattern.compile("miners on /?127\\.0\\.0\\.1:(\\d+)");
            Pattern status = Pattern.compile("status page.* on http://127\\.0\\.0\\.1:(\\d+)/");
            Thread reader = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line; (line = r.readLine()) != null; ) {
                        Matcher m = miners.matcher(line);
                        if (m.find()) {
                            minerPort.complete(Integer.parseInt(m.group(1)));
                        }
                        m = status.matcher(line);
                        if (m.find()) {
                            httpPort.complete(Integer.parseInt(m.group(1)));
                        }
                        if (line.contains("ERROR") || line.contains("WARN")) {
                            System.out.println("translator: " + line);
                        }
                    }
                } catch (IOException ended) {
                    // the process is gone
                }
            }, "translator-output");
            reader.setDaemon(true);
            reader.start();
            TranslatorProcess t = new TranslatorProcess(p, new InetSocketAddress("127.0.0.1",
                    minerPort.get(30, TimeUnit.SECONDS)), httpPort.get(30, TimeUnit.SECONDS));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (t.scrape().value("sv2t_channels_open") < 1) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the translator opened no channel at the pool within 30 s");
                }
                Thread.sleep(100);
            }
            return t;
        }

        InetSocketAddress minerAddress() {
            return minerAddress;
        }

        Metrics scrape() throws IOException {
            try {
                return new Metrics(http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + httpPort + "/metrics")).build(),
                        HttpResponse.BodyHandlers.ofString()).body());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
        }

        double cpuSeconds() {
            return process.toHandle().info().totalCpuDuration().map(d -> d.toNanos() / 1e9).orElse(Double.NaN);
        }

        /** A full GC first (jcmd), so the heap figure is live data, not garbage not yet collected. */
        Footprint footprint() throws Exception {
            Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
            if (Files.isExecutable(jcmd)) {
                new ProcessBuilder(jcmd.toString(), Long.toString(process.pid()), "GC.run")
                        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start()
                        .waitFor(30, TimeUnit.SECONDS);
            }
            Metrics m = scrape();
            double heap = 0;
            Matcher used = Pattern.compile("(?m)^jvm_memory_used_bytes\\{[^}]*area=\"heap\"[^}]*\\} (\\S+)$")
                    .matcher(m.text());
            while (used.find()) {
                heap += Double.parseDouble(used.group(1));
            }
            double rss = Double.NaN;
            Path status = Path.of("/proc", Long.toString(process.pid()), "status");
            if (Files.isReadable(status)) {
                for (String line : Files.readAllLines(status)) {
                    if (line.startsWith("VmRSS:")) {
                        rss = Double.parseDouble(line.replaceAll("[^0-9]", "")) * 1024;
                    }
                }
            }
            return new Footprint(heap, rss);
        }

        void stop() throws InterruptedException {
            process.toHandle().destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    /** What one run measured; the JSON keys are documented in README.md. */
    static final class BenchResult {
        final ObjectNode root = new ObjectMapper().createObjectNode();

        static BenchResult of(String[] args, int miners, Sample a, Sample b, Footprint idle, Footprint loaded) {
            BenchResult r = new BenchResult();
            double seconds = (b.nanos() - a.nanos()) / 1e9;
            long submitted = b.submitted() - a.submitted();
            double proxyAccepted = b.translator().value("sv2t_shares_total{result=\"accepted\"}")
                    - a.translator().value("sv2t_shares_total{result=\"accepted\"}");
            double forwarded = b.translator().value("sv2t_upstream_shares_total{result=\"forwarded\"}")
                    - a.translator().value("sv2t_upstream_shares_total{result=\"forwarded\"}");
            double v1Bytes = b.translator().sum("sv2t_bytes_total{direction=\"in\",side=\"v1\"}")
                    + b.translator().sum("sv2t_bytes_total{direction=\"out\",side=\"v1\"}")
                    - a.translator().sum("sv2t_bytes_total{direction=\"in\",side=\"v1\"}")
                    - a.translator().sum("sv2t_bytes_total{direction=\"out\",side=\"v1\"}");
            double sv2Bytes = b.translator().sum("sv2t_bytes_total{direction=\"in\",side=\"sv2\"}")
                    + b.translator().sum("sv2t_bytes_total{direction=\"out\",side=\"sv2\"}")
                    - a.translator().sum("sv2t_bytes_total{direction=\"in\",side=\"sv2\"}")
                    - a.translator().sum("sv2t_bytes_total{direction=\"out\",side=\"sv2\"}");
            ObjectNode o = r.root;
            o.put("command", "sv2-translator " + String.join(" ", args));
            o.put("machine", Runtime.getRuntime().availableProcessors() + " cores, "
                    + System.getProperty("os.name") + " " + System.getProperty("os.arch") + ", Java "
                    + Runtime.version() + " (" + System.getProperty("java.vm.name") + ")");
            o.put("seconds_measured", seconds);
            o.put("miners_held", b.translator().value("sv2t_miners_connected"));
            o.put("miners_asked", miners);
            o.put("shares_per_s_submitted", submitted / seconds);
            o.put("shares_per_s_accepted_by_proxy", proxyAccepted / seconds);
            o.put("shares_per_s_forwarded", forwarded / seconds);
            o.put("pool_accepted", b.poolAccepted() - a.poolAccepted());
            o.put("pool_rejects", b.poolRejected() - a.poolRejected());
            o.put("miner_rejects", b.minerRejected() - a.minerRejected());
            JsonLatency.put(o.putObject("submit_latency_ms"), b.submitLatencyMs(), true);
            JsonLatency.put(o.putObject("fanout_latency_ms"), b.notifyLatencyMs(), false);
            // The translator's own part of the fan-out: the job's arrival to the last miner's notify queued.
            ObjectNode inside = o.putObject("fanout_in_translator_ms");
            double count = b.translator().value("sv2t_notify_fanout_seconds_count")
                    - a.translator().value("sv2t_notify_fanout_seconds_count");
            double sum = b.translator().value("sv2t_notify_fanout_seconds_sum")
                    - a.translator().value("sv2t_notify_fanout_seconds_sum");
            inside.put("mean", count > 0 ? sum / count * 1000 : Double.NaN);
            inside.put("max", b.translator().value("sv2t_notify_fanout_seconds_max") * 1000);
            o.putPOJO("miner_rejects_by_code", b.minerRejectedByCodeSince(a));
            o.put("cpu_s_per_10k_shares", (b.cpuSeconds() - a.cpuSeconds()) / Math.max(1, submitted) * 10_000);
            o.put("cpu_cores_used", (b.cpuSeconds() - a.cpuSeconds()) / seconds);
            o.put("heap_bytes_idle", idle.heapBytes());
            o.put("heap_bytes_per_miner", (loaded.heapBytes() - idle.heapBytes()) / Math.max(1, miners));
            o.put("rss_bytes_idle", idle.rssBytes());
            o.put("rss_bytes_per_miner", (loaded.rssBytes() - idle.rssBytes()) / Math.max(1, miners));
            o.put("bytes_per_share_v1", v1Bytes / Math.max(1, submitted));
            o.put("bytes_per_share_sv2", sv2Bytes / Math.max(1, submitted));
            return r;
        }

        String toJson() {
            return root.toPrettyString() + "\n";
        }

        String toTable() {
            StringBuilder sb = new StringBuilder("\n");
            root.fields().forEachRemaining(e -> sb.append(String.format("%-32s %s%n", e.getKey(),
                    e.getValue().isNumber() ? format(e.getValue().asDouble()) : e.getValue().toString())));
            return sb.toString();
        }

        private static String format(double v) {
            return v == Math.rint(v) && Math.abs(v) < 1e15 ? String.valueOf((long) v) : String.format("%.3f", v);
        }
    }

    /** Latency percentiles from the swarm, in milliseconds. */
    static final class JsonLatency {
        static void put(ObjectNode node, Map<String, Double> ms, boolean withP999) {
            node.put("p50", ms.getOrDefault("p50", Double.NaN));
            node.put("p99", ms.getOrDefault("p99", Double.NaN));
            if (withP999) {
                node.put("p999", ms.getOrDefault("p99.9", Double.NaN));
            }
            node.put("max", ms.getOrDefault("max", Double.NaN));
            node.put("count", ms.getOrDefault("count", 0.0));
        }
    }
}
