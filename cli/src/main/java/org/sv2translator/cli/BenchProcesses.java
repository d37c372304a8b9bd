package org.sv2translator.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.sv2translator.testbed.load.LoadReport;
import org.sv2translator.testbed.pool.TestPool;

/** The bench's child processes: the measured targets (translator, floor), the load generator, and CPU placement. */
final class BenchProcesses {
    private BenchProcesses() {
    }

    /** {@code java} of this JVM with this class path, after {@code prefix} (taskset). */
    static List<String> java(List<String> prefix, String heap, List<String> jvmArgs) {
        List<String> cmd = new ArrayList<>(prefix);
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx" + heap);
        cmd.addAll(jvmArgs);
        // The shipped logging set-up (its INFO lines give the ports), whatever else is on the class path.
        cmd.add("-Dlogback.configurationFile=" + BenchCommand.class.getResource("/logback.xml"));
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName()));
        return cmd;
    }

    /** Reads a child's output on a daemon thread, line by line. */
    static void follow(Process p, String name, Consumer<String> onLine) {
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    onLine.accept(line);
                }
            } catch (IOException ended) {
                // the process is gone
            }
        }, name + "-output");
        reader.setDaemon(true);
        reader.start();
    }

    static void stop(Process p) throws InterruptedException {
        p.toHandle().destroy();
        if (!p.waitFor(20, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /**
     * Where processes run: the measured target alone on CPU 0, everything else (this JVM with the pool, the load
     * generator) on the other CPUs, with {@code taskset} when it exists and there are at least two CPUs.
     */
    record Placement(boolean pinned, int cpus) {
        static Placement decide(boolean wanted) {
            int cpus = Runtime.getRuntime().availableProcessors();
            boolean taskset = Files.isExecutable(Path.of("/usr/bin/taskset")) || Files.isExecutable(Path.of("/bin/taskset"));
            return new Placement(wanted && taskset && cpus >= 2, cpus);
        }

        String others() {
            return cpus == 2 ? "1" : "1-" + (cpus - 1);
        }

        List<String> targetPrefix() {
            return pinned ? List.of("taskset", "-c", "0") : List.of();
        }

        List<String> otherPrefix() {
            return pinned ? List.of("taskset", "-c", others()) : List.of();
        }

        /** This JVM (every thread, and so the pool's) onto the other CPUs. */
        void pinSelf() throws IOException, InterruptedException {
            if (pinned) {
                new ProcessBuilder("taskset", "-a", "-p", "-c", others(), Long.toString(ProcessHandle.current().pid()))
                        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start()
                        .waitFor(10, TimeUnit.SECONDS);
            }
        }

        String describe() {
            return pinned
                    ? "target pinned to CPU 0 (taskset -c 0), alone; load generator, pool and bench on CPU " + others()
                    + " (taskset); " + cpus + " CPUs"
                    : "not pinned (" + cpus + " CPUs" + (cpus < 2 ? "" : ", --no-pin or no taskset")
                    + "): target, load generator and pool share every CPU";
        }
    }

    /** The load generator ({@code load}) as a child process; its report comes back on one line. */
    static final class LoadProcess {
        private final Process process;
        private final CompletableFuture<LoadReport> report = new CompletableFuture<>();

        private LoadProcess(Process process) {
            this.process = process;
        }

        static LoadProcess start(List<String> prefix, List<String> args, String label) throws IOException {
            // A young generation large enough that the generator rarely stops for a collection while it sends.
            List<String> cmd = java(prefix, "4g", List.of("-Xms2g", "-Xmn1536m"));
            cmd.add("load");
            cmd.addAll(args);
            cmd.add("--hold");
            LoadProcess l = new LoadProcess(new ProcessBuilder(cmd).redirectErrorStream(true).start());
            follow(l.process, "load", line -> {
                if (line.startsWith(LoadCommand.REPORT_PREFIX)) {
                    try {
                        l.report.complete(new ObjectMapper().readValue(
                                line.substring(LoadCommand.REPORT_PREFIX.length()), LoadReport.class));
                    } catch (IOException e) {
                        l.report.completeExceptionally(e);
                    }
                } else {
                    System.out.println("bench [" + label + "] " + line);
                }
            });
            l.process.onExit().thenRun(() -> l.report.completeExceptionally(
                    new IllegalStateException("the load generator exited before its report")));
            return l;
        }

        LoadReport awaitReport(Duration timeout) throws Exception {
            return report.get(timeout.toSeconds(), TimeUnit.SECONDS);
        }

        /** Closes its standard input: it drops its connections and exits. */
        void close() throws InterruptedException {
            try {
                process.getOutputStream().close();
            } catch (IOException gone) {
                // already
            }
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                stop(process);
            }
        }
    }

    /** The transport floor ({@code floor}) as a child process; {@link #trigger()} through its standard input. */
    static final class FloorProcess {
        private final Process process;
        private final InetSocketAddress address;
        private final OutputStream in;

        private FloorProcess(Process process, InetSocketAddress address) {
            this.process = process;
            this.address = address;
            this.in = process.getOutputStream();
        }

        static FloorProcess start(List<String> prefix, String heap) throws Exception {
            List<String> cmd = java(prefix, heap, List.of());
            cmd.addAll(List.of("floor", "--listen", "127.0.0.1:0"));
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            CompletableFuture<Integer> port = new CompletableFuture<>();
            Pattern listening = Pattern.compile("floor listening on 127\\.0\\.0\\.1:(\\d+)");
            follow(p, "floor", line -> {
                Matcher m = listening.matcher(line);
                if (m.find()) {
                    port.complete(Integer.parseInt(m.group(1)));
                }
                System.out.println("bench [floor] " + line);
            });
            return new FloorProcess(p, new InetSocketAddress("127.0.0.1", port.get(30, TimeUnit.SECONDS)));
        }

        InetSocketAddress address() {
            return address;
        }

        long pid() {
            return process.pid();
        }

        synchronized void trigger() throws IOException {
            in.write("trigger\n".getBytes(StandardCharsets.US_ASCII));
            in.flush();
        }

        void stop() throws InterruptedException {
            try {
                in.close();
            } catch (IOException gone) {
                // already
            }
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                BenchProcesses.stop(process);
            }
        }
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

        double heapUsed() {
            double heap = 0;
            Matcher used = Pattern.compile("(?m)^jvm_memory_used_bytes\\{[^}]*area=\"heap\"[^}]*\\} (\\S+)$").matcher(text);
            while (used.find()) {
                heap += Double.parseDouble(used.group(1));
            }
            return heap;
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

        static TranslatorProcess start(List<String> prefix, TestPool pool, List<String> extraArgs, String heap,
                                       List<String> jvmArgs) throws Exception {
            List<String> cmd = java(prefix, heap, jvmArgs);
            cmd.addAll(List.of("run",
                    "--upstream", "127.0.0.1:" + pool.localAddress().getPort() + "@" + pool.authorityPublicKey(),
                    "--listen", "127.0.0.1:0", "--metrics", "127.0.0.1:0"));
            cmd.addAll(extraArgs);
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            CompletableFuture<Integer> minerPort = new CompletableFuture<>();
            CompletableFuture<Integer> httpPort = new CompletableFuture<>();
            Pattern miners = Pattern.compile("miners on /?127\\.0\\.0\\.1:(\\d+)");
            Pattern status = Pattern.compile("status page.* on http://127\\.0\\.0\\.1:(\\d+)/");
            follow(p, "translator", line -> {
                Matcher m = miners.matcher(line);
                if (m.find()) {
                    minerPort.complete(Integer.parseInt(m.group(1)));
                }
                m = status.matcher(line);
                if (m.find()) {
                    httpPort.complete(Integer.parseInt(m.group(1)));
                }
                if (line.contains("ERROR") || line.contains("WARN")) {
                    System.out.println("bench [translator] " + line);
                }
            });
            TranslatorProcess t = new TranslatorProcess(p, new InetSocketAddress("127.0.0.1",
                    minerPort.get(30, TimeUnit.SECONDS)), httpPort.get(30, TimeUnit.SECONDS));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            // Aggregated: the one channel is open. Per-miner: channels open with the miners; the pool connection is up.
            boolean perMiner = extraArgs.contains("per-miner");
            while (perMiner ? t.scrape().sum("sv2t_upstream_up") < 1 : t.scrape().value("sv2t_channels_open") < 1) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the translator was not ready at the pool within 30 s");
                }
                Thread.sleep(100);
            }
            return t;
        }

        InetSocketAddress minerAddress() {
            return minerAddress;
        }

        long pid() {
            return process.pid();
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

        /** Heap after a full GC (jcmd), so the figure is live data, not garbage not yet collected. */
        double heapAfterGc() throws Exception {
            Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
            if (Files.isExecutable(jcmd)) {
                new ProcessBuilder(jcmd.toString(), Long.toString(process.pid()), "GC.run")
                        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start()
                        .waitFor(30, TimeUnit.SECONDS);
            }
            return scrape().heapUsed();
        }

        void stop() throws InterruptedException {
            BenchProcesses.stop(process);
        }
    }
}
