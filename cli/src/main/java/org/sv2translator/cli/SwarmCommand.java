package org.sv2translator.cli;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.sv2translator.testbed.swarm.Swarm;
import org.sv2translator.testbed.swarm.SwarmConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code swarm}: the testbed's simulated V1 miners, standalone, to load-test a translator before a farm. */
@Command(name = "swarm", mixinStandardHelpOptions = true,
        description = "Run simulated Stratum V1 miners against a proxy and print what they measured.")
final class SwarmCommand implements Callable<Integer> {
    @Option(names = "--upstream", required = true, description = "The V1 endpoint to mine on, HOST:PORT.")
    InetSocketAddress upstream;

    @Option(names = "--miners", defaultValue = "100", description = "Connections (default ${DEFAULT-VALUE}).")
    int miners;

    @Option(names = "--mode", defaultValue = "RATE",
            description = "HASHING (real proof of work) or RATE (fixed share rate; give the proxy a tiny difficulty) (default ${DEFAULT-VALUE}).")
    SwarmConfig.Mode mode;

    @Option(names = "--rate", defaultValue = "1", description = "Shares per second per miner in RATE mode (default ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = "--hashing-threads", defaultValue = "1", description = "Threads in HASHING mode (default ${DEFAULT-VALUE}).")
    int hashingThreads;

    @Option(names = "--io-threads", defaultValue = "2", description = "Network threads (default ${DEFAULT-VALUE}).")
    int ioThreads;

    @Option(names = "--connects-per-second", defaultValue = "1000", description = "Connection ramp (default ${DEFAULT-VALUE}).")
    int connectsPerSecond;

    @Option(names = "--no-version-rolling", description = "Do not negotiate BIP310 version rolling.")
    boolean noVersionRolling;

    @Option(names = "--worker-prefix", defaultValue = "swarm", description = "Workers are <prefix>.<n> (default ${DEFAULT-VALUE}).")
    String workerPrefix;

    @Option(names = "--suggest-difficulty", defaultValue = "0",
            description = "Send mining.suggest_difficulty with this value after authorize (default: not sent).")
    double suggestDifficulty;

    @Option(names = "--duration", defaultValue = "60", description = "Seconds to run (default ${DEFAULT-VALUE}).")
    long durationSeconds;

    @Option(names = "--json", description = "Also write the measurements as JSON to this file.")
    Path json;

    @Option(names = "--until-working",
            description = "Stop as soon as every miner has subscribed and received a job (a connection storm's measure), or at --duration.")
    boolean untilWorking;

    @Override
    public Integer call() throws Exception {
        SwarmConfig config = SwarmConfig.defaults(upstream).withMiners(miners).withMode(mode).withSharesPerSecond(rate)
                .withHashingThreads(hashingThreads).withIoThreads(ioThreads).withConnectsPerSecond(connectsPerSecond)
                .withVersionRolling(!noVersionRolling).withWorkerPrefix(workerPrefix)
                .withSuggestDifficulty(suggestDifficulty);
        try (Swarm swarm = new Swarm(config, null).start()) {
            long end = System.nanoTime() + durationSeconds * 1_000_000_000L;
            long nextLine = System.nanoTime();
            while (System.nanoTime() < end && !(untilWorking && swarm.report().working() >= miners)) {
                Thread.sleep(untilWorking ? 50 : Math.min(5000, Math.max(1, (end - System.nanoTime()) / 1_000_000)));
                if (System.nanoTime() >= nextLine) {
                    System.out.println(swarm.report().liveLine());
                    nextLine = System.nanoTime() + 5_000_000_000L;
                }
            }
            System.out.print(swarm.report().toTable());
            if (json != null) {
                Files.writeString(json, swarm.report().toJson());
            }
        }
        return 0;
    }
}
