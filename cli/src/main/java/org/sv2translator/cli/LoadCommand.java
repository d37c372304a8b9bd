package org.sv2translator.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.sv2translator.testbed.load.LoadConfig;
import org.sv2translator.testbed.load.LoadReport;
import org.sv2translator.testbed.load.OpenLoopLoad;
import org.sv2translator.testbed.load.Schedule;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code load}: the open-loop share load ({@link OpenLoopLoad}) in a process of its own, so that its CPU is not the
 * measured server's. Ends with one line {@value #REPORT_PREFIX}{@code {json}} ({@link LoadReport}); with
 * {@code --hold} it then keeps its connections until standard input closes (the bench reads the server's memory
 * with every miner still connected).
 */
@Command(name = "load", mixinStandardHelpOptions = true,
        description = "Open-loop Stratum V1 share load against a server (translator, floor or another translator); "
                + "prints the measured window as JSON.")
final class LoadCommand implements Callable<Integer> {
    static final String REPORT_PREFIX = "LOAD-REPORT ";

    @Option(names = "--target", required = true, description = "The V1 endpoint, HOST:PORT.")
    InetSocketAddress target;

    @Option(names = "--floor", description = "The target is the transport floor (no handshake; answers in order).")
    boolean floor;

    @Option(names = "--miners", defaultValue = "100", description = "Connections (default ${DEFAULT-VALUE}).")
    int miners;

    @Option(names = "--rate", defaultValue = "100", description = "Shares per second, all connections together (default ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = "--schedule", defaultValue = "EVEN",
            description = "EVEN (each connection every miners/rate s, phases spread evenly) or POISSON (default ${DEFAULT-VALUE}).")
    Schedule.Kind schedule;

    @Option(names = "--io-threads", defaultValue = "2", description = "Network threads (default ${DEFAULT-VALUE}).")
    int ioThreads;

    @Option(names = "--prepare-threads", defaultValue = "1", description = "Threads preparing shares ahead (default ${DEFAULT-VALUE}).")
    int prepareThreads;

    @Option(names = "--connects-per-second", defaultValue = "5000", description = "Connection ramp (default ${DEFAULT-VALUE}).")
    int connectsPerSecond;

    @Option(names = "--no-version-rolling", description = "Do not negotiate BIP310 version rolling.")
    boolean noVersionRolling;

    @Option(names = "--worker-prefix", defaultValue = "load", description = "Workers are PREFIX.N (default ${DEFAULT-VALUE}).")
    String workerPrefix;

    @Option(names = "--warmup", defaultValue = "15", description = "Seconds of load before the window (default ${DEFAULT-VALUE}).")
    long warmupSeconds;

    @Option(names = "--duration", defaultValue = "30", description = "Seconds measured (default ${DEFAULT-VALUE}).")
    long durationSeconds;

    @Option(names = "--grace", defaultValue = "2", description = "Seconds after the window for its last answers (default ${DEFAULT-VALUE}).")
    long graceSeconds;

    @Option(names = "--pid", defaultValue = "0", description = "A process whose CPU time and memory the window reports (default: none).")
    long pid;

    @Option(names = "--ramp-timeout", defaultValue = "0",
            description = "Seconds to wait for every connection to have work before warming up anyway (default: max(60, miners/300)).")
    long rampTimeoutSeconds;

    @Option(names = "--hold", description = "After the report, keep the connections until standard input closes.")
    boolean hold;

    @Override
    public Integer call() throws Exception {
        LoadConfig config = LoadConfig.defaults(target).withFloor(floor).withMiners(miners).withRate(rate)
                .withSchedule(schedule).withThreads(ioThreads, prepareThreads).withConnectsPerSecond(connectsPerSecond)
                .withVersionRolling(!noVersionRolling).withWorkerPrefix(workerPrefix)
                .withTiming(Duration.ofSeconds(warmupSeconds), Duration.ofSeconds(durationSeconds),
                        Duration.ofSeconds(graceSeconds))
                .withMeasuredPid(pid);
        try (OpenLoopLoad load = new OpenLoopLoad(config).start()) {
            Thread progress = new Thread(() -> {
                try {
                    while (true) {
                        Thread.sleep(5000);
                        System.out.println("load: " + load.liveLine());
                    }
                } catch (InterruptedException stop) {
                    // done
                }
            }, "load-progress");
            progress.setDaemon(true);
            progress.start();
            long started = System.nanoTime();
            long working = load.awaitWorking(
                    rampTimeoutSeconds > 0 ? rampTimeoutSeconds : Math.max(60, miners / 300), TimeUnit.SECONDS);
            System.out.printf("load: %d of %d connections working after %.1f s; warming up for %d s, then measuring for %d s%n",
                    working, miners, (System.nanoTime() - started) / 1e9, warmupSeconds, durationSeconds);
            LoadReport report = load.measure();
            progress.interrupt();
            System.out.println(REPORT_PREFIX + new ObjectMapper().writeValueAsString(report));
            System.out.flush();
            if (hold) {
                drain(System.in);
            }
        }
        return 0;
    }

    private static void drain(InputStream in) {
        try {
            while (in.read() >= 0) {
                // until the bench closes it
            }
        } catch (IOException closed) {
            // same
        }
    }
}
