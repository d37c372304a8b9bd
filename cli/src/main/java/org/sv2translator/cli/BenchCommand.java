package org.sv2translator.cli;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.sv2translator.cli.BenchProcesses.FloorProcess;
import org.sv2translator.cli.BenchProcesses.LoadProcess;
import org.sv2translator.cli.BenchProcesses.Placement;
import org.sv2translator.cli.BenchProcesses.TranslatorProcess;
import org.sv2translator.testbed.load.LoadReport;
import org.sv2translator.testbed.load.Schedule;
import org.sv2translator.testbed.peer.ProcessSample;
import org.sv2translator.testbed.peer.SriTranslatorProcess;
import org.sv2translator.testbed.pool.PoolConfig;
import org.sv2translator.testbed.pool.TestPool;
import org.sv2translator.testbed.swarm.Flooder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bench}: targets measured one after another in one run, under the same open-loop load ({@code load}, a
 * process of its own): the transport floor ({@code floor}: the least a line server on the same transport costs),
 * the translator (the real {@code run}, in front of the testbed pool) and, with {@code --peer sri}, SRI's
 * translator_sv2 in front of the same pool. Each target runs pinned alone on CPU 0; the generator, the pool and
 * this JVM on the others. One table of the targets side by side with the translator's ratios to the others.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Measure the translator, the transport floor and (--peer sri) SRI's translator under the same "
                + "open-loop load, each pinned to its own CPU; print one table with the ratios and save it as JSON.")
final class BenchCommand implements Callable<Integer> {
    /** Every header meets it: the generator spends one sha256d per share, the translator one to validate it. */
    static final double DIFFICULTY = 1e-9;

    @Option(names = "--miners", defaultValue = "1000", description = "Miner connections (default ${DEFAULT-VALUE}).")
    int miners;

    @Option(names = "--rate", defaultValue = "1000", description = "Shares per second, all miners together (default ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = "--duration", defaultValue = "30", description = "Seconds measured per target once every miner works (default ${DEFAULT-VALUE}).")
    long durationSeconds;

    @Option(names = "--warmup", defaultValue = "15",
            description = "Seconds of load before measuring: the JIT compiles the hot paths, a few blocks go by (default ${DEFAULT-VALUE}).")
    long warmupSeconds;

    @Option(names = "--connects-per-second", defaultValue = "5000", description = "Connection ramp (default ${DEFAULT-VALUE}).")
    int connectsPerSecond;

    @Option(names = "--ramp-timeout", defaultValue = "0",
            description = "Seconds to wait for every miner to have work (default: max(60, miners/300)); a target that "
                    + "has not them all by then is measured anyway, and marked.")
    long rampTimeoutSeconds;

    @Option(names = "--block-interval", defaultValue = "5",
            description = "Seconds between blocks (the pool's, or the floor's trigger): each is a fan-out to every miner (default ${DEFAULT-VALUE}).")
    long blockSeconds;

    @Option(names = "--schedule", defaultValue = "EVEN", description = "Send times: EVEN or POISSON (default ${DEFAULT-VALUE}).")
    Schedule.Kind schedule;

    @Option(names = {"--load-threads", "--swarm-threads"}, defaultValue = "2", description = "The generator's network threads (default ${DEFAULT-VALUE}).")
    int loadThreads;

    @Option(names = "--prepare-threads", defaultValue = "1", description = "The generator's share-preparing threads (default ${DEFAULT-VALUE}).")
    int prepareThreads;

    @Option(names = "--targets", split = ",", defaultValue = "floor,translator",
            description = "What to measure, in order: floor, translator (default ${DEFAULT-VALUE}); --peer sri adds sri.")
    List<String> targetNames;

    @Option(names = "--peer", description = "Also measure a peer: 'sri' (translator_sv2 from $SV2T_SRI_HOME/bin or ~/.cache/sv2-translator/sri/bin).")
    String peer;

    @Option(names = "--per-miner",
            description = "Per-miner channels for both translators (ours: --mode per-miner; SRI: aggregate off); "
                    + "default one aggregated channel. The testbed pool takes at most 1,024 channels a connection.")
    boolean perMiner;

    @Option(names = "--no-pin", description = "Do not pin the target to CPU 0 and the rest to the other CPUs.")
    boolean noPin;

    @Option(names = "--translator-threads", defaultValue = "0", description = "The translator's miner threads (--threads of run; default: one per core it may use).")
    int translatorThreads;

    @Option(names = "--translator-heap", defaultValue = "2g", description = "The target JVMs' -Xmx (default ${DEFAULT-VALUE}).")
    String translatorHeap;

    @Option(names = "--translator-jvm-arg", paramLabel = "ARG",
            description = "An extra JVM option for the translator, repeatable: e.g. -XX:StartFlightRecording=filename=translator.jfr to profile it.")
    List<String> translatorJvmArgs = new ArrayList<>();

    @Option(names = "--translator-arg", paramLabel = "ARG",
            description = "An extra option for the translator's run command (one the bench does not set itself), repeatable.")
    List<String> translatorExtraArgs = new ArrayList<>();

    @Option(names = "--flooder-rate", defaultValue = "0",
            description = "With the translator, also one hostile miner sending this many invalid shares per second (default ${DEFAULT-VALUE}: none).")
    double flooderRate;

    @Option(names = "--json", description = "Also write the figures as JSON to this file.")
    Path json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        List<String> names = new ArrayList<>(targetNames);
        if ("sri".equals(peer) && !names.contains("sri")) {
            names.add("sri");
        } else if (peer != null && !"sri".equals(peer)) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--peer: only 'sri' is known");
        }
        Placement placement = Placement.decide(!noPin);
        placement.pinSelf();
        String command = "sv2-translator " + String.join(" ", spec.commandLine().getParseResult().originalArgs());
        System.out.println("bench: " + command);
        System.out.println("bench: " + placement.describe());
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("miners", miners);
        settings.put("rate", rate);
        settings.put("duration_s", durationSeconds);
        settings.put("warmup_s", warmupSeconds);
        settings.put("block_interval_s", blockSeconds);
        settings.put("schedule", schedule.toString());
        settings.put("difficulty", DIFFICULTY);
        settings.put("channels", perMiner ? "per-miner" : "aggregated");
        BenchReport report = new BenchReport(command, placement.describe(), placement.cpus(), settings);
        for (String name : names) {
            System.out.println("bench: measuring " + name);
            BenchReport.Target t = switch (name) {
                case "floor" -> floor(placement);
                case "translator" -> translator(placement);
                case "sri" -> sri(placement);
                default -> throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                        "unknown target '" + name + "' (floor, translator, sri)");
            };
            if (t != null) {
                report.add(t);
            }
        }
        System.out.print(report.toTable());
        if (json != null) {
            Files.writeString(json, report.toJson());
            System.out.println("bench: figures written to " + json);
        }
        return 0;
    }

    /** The generator's options for {@code target}. */
    private List<String> loadArgs(InetSocketAddress target, long pid, boolean floor) {
        List<String> a = new ArrayList<>(List.of("--target", "127.0.0.1:" + target.getPort(),
                "--miners", String.valueOf(miners), "--rate", String.valueOf(rate), "--schedule", schedule.name(),
                "--io-threads", String.valueOf(loadThreads), "--prepare-threads", String.valueOf(prepareThreads),
                "--connects-per-second", String.valueOf(connectsPerSecond), "--worker-prefix", "bench",
                "--warmup", String.valueOf(Math.max(2, warmupSeconds)), "--duration", String.valueOf(durationSeconds),
                "--pid", String.valueOf(pid), "--ramp-timeout", String.valueOf(rampTimeoutSeconds)));
        if (floor) {
            a.add("--floor");
        }
        return a;
    }

    private Duration reportTimeout() {
        return Duration.ofSeconds((rampTimeoutSeconds > 0 ? rampTimeoutSeconds : Math.max(60, miners / 300))
                + warmupSeconds + durationSeconds + 60);
    }

    private BenchReport.Target floor(Placement placement) throws Exception {
        FloorProcess floor = FloorProcess.start(placement.targetPrefix(), translatorHeap);
        ScheduledExecutorService triggers = Executors.newSingleThreadScheduledExecutor();
        try {
            Thread.sleep(1000); // the JVM settles
            double rssIdle = ProcessSample.of(floor.pid()).rssBytes();
            LoadProcess load = LoadProcess.start(placement.otherPrefix(), loadArgs(floor.address(), floor.pid(), true), "floor");
            try {
                triggers.scheduleAtFixedRate(() -> {
                    try {
                        floor.trigger();
                    } catch (IOException gone) {
                        // the floor ended; the report will say
                    }
                }, blockSeconds, blockSeconds, TimeUnit.SECONDS);
                LoadReport r = load.awaitReport(reportTimeout());
                triggers.shutdownNow();
                double rssLoaded = ProcessSample.of(floor.pid()).rssBytes();
                return new BenchReport.Target("floor", r, rssIdle, rssLoaded, Double.NaN, Double.NaN, r.connected(),
                        Double.NaN, Double.NaN, null);
            } finally {
                load.close();
            }
        } finally {
            triggers.shutdownNow();
            floor.stop();
        }
    }

    private TestPool pool() throws Exception {
        PoolConfig poolConfig = PoolConfig.defaults().withMinDifficulty(DIFFICULTY)
                .withBlockInterval(Duration.ofSeconds(blockSeconds)).withJobInterval(Duration.ofHours(1))
                .withSuccessBatch(100, Duration.ofMillis(100));
        return new TestPool(poolConfig, null, 1).start(new InetSocketAddress("127.0.0.1", 0));
    }

    private List<String> translatorArgs() {
        double perMinerPerMinute = rate / miners * 60;
        // Every limit opened to the load; vardiff's target set to the rate asked for, so it keeps the difficulty.
        List<String> args = new ArrayList<>(List.of("--user-identity", "bench", "--initial-difficulty", String.valueOf(DIFFICULTY),
                "--min-difficulty", String.valueOf(DIFFICULTY), "--shares-per-minute", String.valueOf(perMinerPerMinute),
                "--max-connections", String.valueOf(miners + 100), "--max-connections-per-ip", String.valueOf(miners + 100),
                "--accept-rate", "0", "--threads", String.valueOf(translatorThreads), "--no-worker-metrics"));
        if (perMiner) {
            args.addAll(List.of("--mode", "per-miner"));
        }
        args.addAll(translatorExtraArgs); // one the bench sets itself would be refused by run as given twice
        return args;
    }

    private BenchReport.Target translator(Placement placement) throws Exception {
        try (TestPool pool = pool()) {
            TranslatorProcess translator = TranslatorProcess.start(placement.targetPrefix(), pool, translatorArgs(),
                    translatorHeap, translatorJvmArgs);
            try {
                double rssIdle = ProcessSample.of(translator.pid()).rssBytes();
                double heapIdle = translator.heapAfterGc();
                LoadProcess load = LoadProcess.start(placement.otherPrefix(),
                        loadArgs(translator.minerAddress(), translator.pid(), false), "translator");
                try (Flooder flooder = flooderRate > 0 ? new Flooder(translator.minerAddress(), flooderRate) : null) {
                    if (flooder != null) {
                        flooder.start();
                    }
                    LoadReport r = load.awaitReport(reportTimeout());
                    double rssLoaded = ProcessSample.of(translator.pid()).rssBytes();
                    BenchProcesses.Metrics m = translator.scrape();
                    double heapLoaded = translator.heapAfterGc();
                    String note = flooder == null ? null : String.format(
                            "a flooder sent %d invalid shares (asked %.0f/s), was cut off %d times", flooder.sent(),
                            flooderRate, flooder.cutOff());
                    return new BenchReport.Target("translator", r, rssIdle, rssLoaded, heapIdle, heapLoaded,
                            m.value("sv2t_miners_connected"), pool.accounting().total().rejected(),
                            m.value("sv2t_upstream_shares_stale_in_flight_total"), note);
                } finally {
                    load.close();
                }
            } finally {
                translator.stop();
            }
        }
    }

    private BenchReport.Target sri(Placement placement) throws Exception {
        Optional<Path> binary = SriTranslatorProcess.locate();
        if (binary.isEmpty()) {
            System.out.println("bench: translator_sv2 not found ($SV2T_SRI_HOME/bin or ~/.cache/sv2-translator/sri/bin): sri skipped");
            return null;
        }
        Path work = Files.createTempDirectory("bench-sri");
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        try (TestPool pool = pool();
             SriTranslatorProcess sri = SriTranslatorProcess.start(binary.get(), work, pool.localAddress(),
                     pool.authorityPublicKey(), port, DIFFICULTY, !perMiner, placement.targetPrefix())) {
            sri.awaitListening(Duration.ofSeconds(30));
            Thread.sleep(1000);
            double rssIdle = ProcessSample.of(sri.pid()).rssBytes();
            LoadProcess load = LoadProcess.start(placement.otherPrefix(), loadArgs(sri.address(), sri.pid(), false), "sri");
            try {
                LoadReport r = load.awaitReport(reportTimeout());
                double rssLoaded = ProcessSample.of(sri.pid()).rssBytes();
                return new BenchReport.Target("sri", r, rssIdle, rssLoaded, Double.NaN, Double.NaN, r.working(),
                        pool.accounting().total().rejected(), Double.NaN, "translator_sv2 " + binary.get() + (perMiner ? ", per-miner channels" : ", aggregated channel")
                                + ", log " + sri.log());
            } finally {
                load.close();
            }
        }
    }
}
