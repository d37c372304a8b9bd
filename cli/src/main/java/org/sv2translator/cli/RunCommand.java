package org.sv2translator.cli;

import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import org.sv2translator.core.ChannelMode;
import org.sv2translator.core.Translator;
import org.sv2translator.core.TranslatorConfig;
import org.sv2translator.core.Transport;
import org.sv2translator.core.difficulty.DifficultySteps;
import org.sv2translator.core.http.StatusServer;
import org.sv2translator.core.metrics.TranslatorMetrics;
import org.sv2translator.core.upstream.FailoverPolicy;
import org.sv2translator.core.upstream.Liveness;
import org.sv2translator.core.upstream.PoolEndpoint;
import org.sv2translator.core.upstream.UpstreamConfig;
import org.sv2translator.v1.V1Notification;
import org.sv2translator.v1.V1ServerConfig;
import org.sv2translator.v2.noise.AuthorityKey;
import org.sv2translator.v2.noise.InvalidAuthorityKeyException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code run}: the translator for real miners and real pools. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Translate Stratum V1 miners onto Stratum V2 extended channels, failing over between pools.")
final class RunCommand implements Callable<Integer> {
    @Option(names = "--listen", defaultValue = "0.0.0.0:3333", description = "Where miners connect (default ${DEFAULT-VALUE}).")
    InetSocketAddress listen;

    @Option(names = "--config", paramLabel = "FILE",
            description = "A YAML (.yaml/.yml) or TOML (.toml) file of option: value pairs (names without --). Flags win over SV2T_ environment variables, which win over the file.")
    String configFile;

    // Not picocli-required: the value may come from SV2T_UPSTREAM or the file, which picocli's check would not see.
    @Option(names = "--upstream", split = ",", paramLabel = "HOST:PORT[@AUTHORITY_KEY]",
            description = "A pool's Stratum V2 endpoint and its base58check authority public key. Repeat (or separate with commas) for backup pools, in priority order; the first is the primary. Without @KEY, --authority-pubkey applies.")
    List<String> upstreams;

    @Option(names = "--authority-pubkey",
            description = "The authority key for --upstream entries given without @KEY.")
    String authorityPubkey;

    @Option(names = "--mode", defaultValue = "aggregated", paramLabel = "aggregated|per-miner",
            description = "aggregated: one channel for all miners (default); per-miner: one channel per worker.")
    String mode;

    @Option(names = "--user-identity",
            description = "Aggregated mode: the channel's user_identity (the pool account the pool credits). Per-miner mode: a prefix put before each worker name (optional).")
    String userIdentity;

    @Option(names = "--worker-tracking",
            description = "Negotiate extension 0x0002 and name each share's worker (aggregated mode); a pool that refuses it is used without.")
    boolean workerTracking;

    @Option(names = "--retry-initial", defaultValue = "1", description = "Seconds before the first reconnection attempt (default ${DEFAULT-VALUE}); doubles per failure, with jitter.")
    double retryInitialSeconds;

    @Option(names = "--retry-max", defaultValue = "30", description = "Cap of the reconnection backoff, seconds (default ${DEFAULT-VALUE}).")
    double retryMaxSeconds;

    @Option(names = "--failover-after", defaultValue = "3", description = "Failed attempts on one pool before trying the next (default ${DEFAULT-VALUE}).")
    int failoverAfter;

    @Option(names = "--primary-retry", defaultValue = "60",
            description = "While on a backup pool, seconds between attempts to return to the primary; 0 stays on the backup (default ${DEFAULT-VALUE}).")
    long primaryRetrySeconds;

    @Option(names = "--pool-verdict-timeout", defaultValue = "30",
            description = "Seconds a share sent to the pool may wait for its verdict before the pool is deemed silent and left; 0 off (default ${DEFAULT-VALUE}).")
    long poolVerdictTimeoutSeconds;

    @Option(names = "--pool-idle-timeout", defaultValue = "120",
            description = "Seconds without any message from the pool (job, verdict...) before it is deemed silent and left; 0 off (default ${DEFAULT-VALUE}).")
    long poolIdleTimeoutSeconds;

    @Option(names = "--pool-tcp-timeout", defaultValue = "30",
            description = "TCP keepalive toward the pool, and on epoll TCP_USER_TIMEOUT: seconds a peer may leave our data unacknowledged before the connection is dropped; 0 off (default ${DEFAULT-VALUE}).")
    long poolTcpTimeoutSeconds;

    @Option(names = {"--extranonce2-size", "--min-extranonce2-size"}, defaultValue = "4",
            description = "extranonce2 bytes offered to miners, 1..8 (default ${DEFAULT-VALUE}; cgminer-based firmware breaks above 8).")
    int extranonce2Size;

    @Option(names = "--shares-per-minute", defaultValue = "12", description = "Vardiff target per miner (default ${DEFAULT-VALUE}).")
    double sharesPerMinute;

    @Option(names = "--initial-difficulty", defaultValue = "1024",
            description = "A new miner's difficulty until vardiff or its suggest_difficulty moves it (default ${DEFAULT-VALUE}; capped at the channel's).")
    double initialDifficulty;

    @Option(names = "--min-difficulty", defaultValue = "0.001", description = "Lowest difficulty vardiff sets (default ${DEFAULT-VALUE}).")
    double minDifficulty;

    @Option(names = "--difficulty-steps", defaultValue = "pow2", paramLabel = "any|pow2",
            description = "Difficulties sent to miners: pow2 (powers of two, integers from 1 up, as pools send; some firmware misbehaves on others; default) or any (whatever vardiff computes).")
    String difficultySteps;

    @Option(names = "--no-version-rolling", description = "Refuse BIP310 version rolling to miners.")
    boolean noVersionRolling;

    @Option(names = "--require-version-rolling", description = "Set REQUIRES_VERSION_ROLLING in SetupConnection.")
    boolean requireVersionRolling;

    @Option(names = "--threads", defaultValue = "0", description = "Miner I/O threads (default: one per core).")
    int threads;

    @Option(names = "--transport", defaultValue = "auto", paramLabel = "auto|epoll|nio",
            description = "Socket transport: auto (Netty's native epoll where it loads, else NIO; default), epoll or nio.")
    String transport;

    @Option(names = "--max-connections", defaultValue = "10000", description = "Miner connections in total (default ${DEFAULT-VALUE}).")
    int maxConnections;

    @Option(names = "--max-connections-per-ip", defaultValue = "1000",
            description = "Miner connections per source address (default ${DEFAULT-VALUE}; raise it for farms behind one NAT address).")
    int maxConnectionsPerIp;

    @Option(names = "--accept-rate", defaultValue = "2000",
            description = "New miner connections accepted per second, in bursts of as many; above it miners wait in the backlog and a WARN says so; 0 = no limit (default ${DEFAULT-VALUE}).")
    int acceptRate;

    @Option(names = "--max-connection-rate-per-ip", defaultValue = "20",
            description = "New miner connections per second from one address once its burst (--max-connections-per-ip) is spent; above it connections are closed at once and the miner retries; 0 = no limit (default ${DEFAULT-VALUE}).")
    int maxConnectionRatePerIp;

    @Option(names = "--handshake-timeout", defaultValue = "30",
            description = "Seconds a new connection has to subscribe and authorize a worker before it is closed (default ${DEFAULT-VALUE}).")
    long handshakeTimeoutSeconds;

    @Option(names = "--invalid-share-rate", defaultValue = "10",
            description = "Rejected shares per second a connection may send, after a burst of --invalid-share-burst; above it the miner is told why and disconnected; 0 = no limit (default ${DEFAULT-VALUE}).")
    int invalidShareRate;

    @Option(names = "--invalid-share-burst", defaultValue = "200",
            description = "Rejected shares a connection may send at once before --invalid-share-rate applies (default ${DEFAULT-VALUE}).")
    int invalidShareBurst;

    @Option(names = "--idle-timeout", defaultValue = "600", description = "Seconds of miner silence before disconnecting (default ${DEFAULT-VALUE}).")
    long idleTimeoutSeconds;

    @Option(names = "--max-line-length", defaultValue = "16384", description = "Longest V1 line accepted, bytes (default ${DEFAULT-VALUE}).")
    int maxLineLength;

    @Option(names = "--metrics", defaultValue = "127.0.0.1:8080", paramLabel = "HOST:PORT",
            description = "Where the status page, /metrics (Prometheus), /health and /api/status are served (default ${DEFAULT-VALUE}; 0.0.0.0:8080 to reach it from other hosts).")
    InetSocketAddress metrics;

    @Option(names = "--max-workers", defaultValue = "10000",
            description = "Workers with counters and series of their own while connected; shares of further ones are counted as '(other workers)' (default ${DEFAULT-VALUE}).")
    int maxWorkers;

    @Option(names = "--recent-workers", defaultValue = "1000",
            description = "Departed workers whose counters are kept (the most recent ones), then forgotten with their series (default ${DEFAULT-VALUE}).")
    int recentWorkers;

    @Option(names = "--max-shares-per-miner", defaultValue = "8192",
            description = "Shares remembered per miner per block for duplicate detection; the difficulty is raised at half, further shares are refused at the bound (default ${DEFAULT-VALUE}).")
    int maxSharesPerMiner;

    @Option(names = "--max-remembered-shares", defaultValue = "4194304",
            description = "The same for the whole translator, about 16-32 bytes each (default ${DEFAULT-VALUE}).")
    long maxRememberedShares;

    @Option(names = "--no-worker-metrics",
            description = "Leave out the per-worker Prometheus series (for farms with tens of thousands of workers).")
    boolean noWorkerMetrics;

    @Option(names = "--log-format", defaultValue = "text", paramLabel = "text|json",
            description = "text for people (default), json (one object per line) for log shippers.")
    String logFormat;

    @Option(names = "--proxy-protocol",
            description = "Miners come through a load balancer that sends a PROXY protocol v1/v2 header: limits, logs and metrics use the miner's address from it; connections without one are closed.")
    boolean proxyProtocol;

    @Option(names = "--shutdown-reconnect", paramLabel = "HOST:PORT",
            description = "On SIGTERM, send miners client.reconnect to this address (another instance, for a rolling upgrade) before closing.")
    InetSocketAddress shutdownReconnect;

    /** Set by {@link Main} when options may come from the environment or a file. */
    ConfigSources sources = new ConfigSources(Map.of(), Map.of(), null);

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        TranslatorConfig config;
        try {
            Logging.useFormat(logFormat);
            config = config();
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            return 2;
        }
        Logging.effectiveConfiguration(spec, sources);
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        // The JVM's own figures beside ours: heap, GC pauses, threads, CPU (jvm_*, process_*, system_*).
        new JvmMemoryMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        Translator translator = new Translator(config, registry).start();
        try {
            translator.listening().get();
        } catch (ExecutionException e) {
            System.err.println(ListenError.describe("--listen", config.listen(), e.getCause()));
            translator.close();
            return 1;
        }
        StatusServer status = new StatusServer(translator, registry,
                new TranslatorMetrics(translator, registry, !noWorkerMetrics));
        try {
            status.start(metrics);
        } catch (RuntimeException e) {
            System.err.println(ListenError.describe("--metrics", metrics, e));
            translator.close();
            return 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        V1Notification.Reconnect reconnect = shutdownReconnect == null ? null
                : new V1Notification.Reconnect(shutdownReconnect.getHostString(), shutdownReconnect.getPort(), 0);
        GracefulShutdown.onSignals(() -> {
            translator.shutdown(reconnect);
            status.close();
            stopped.countDown();
        });
        // Pools come and go (the supervisor reconnects and fails over); the process runs until stopped.
        stopped.await();
        Logging.flush();
        return 0;
    }

    TranslatorConfig config() {
        if (upstreams == null || upstreams.isEmpty()) {
            throw new IllegalArgumentException("--upstream is required (or SV2T_UPSTREAM, or upstream in --config)");
        }
        if (!logFormat.equals("text") && !logFormat.equals("json")) {
            throw new IllegalArgumentException("--log-format: expected text or json, got '" + logFormat + "'");
        }
        positive(sharesPerMinute, "--shares-per-minute");
        positive(initialDifficulty, "--initial-difficulty");
        positive(minDifficulty, "--min-difficulty");
        positive(maxConnections, "--max-connections");
        positive(maxConnectionsPerIp, "--max-connections-per-ip");
        positive(idleTimeoutSeconds, "--idle-timeout");
        positive(maxLineLength, "--max-line-length");
        positive(failoverAfter, "--failover-after");
        if (extranonce2Size < 1 || extranonce2Size > 8) {
            throw new IllegalArgumentException("--extranonce2-size: expected 1..8, got " + extranonce2Size);
        }
        if (acceptRate < 0 || threads < 0 || primaryRetrySeconds < 0) {
            throw new IllegalArgumentException("--accept-rate, --threads and --primary-retry cannot be negative");
        }
        if (poolVerdictTimeoutSeconds < 0 || poolIdleTimeoutSeconds < 0 || poolTcpTimeoutSeconds < 0) {
            throw new IllegalArgumentException("--pool-verdict-timeout, --pool-idle-timeout and --pool-tcp-timeout"
                    + " cannot be negative");
        }
        Transport sockets = switch (transport) {
            case "auto" -> Transport.AUTO;
            case "epoll" -> Transport.EPOLL;
            case "nio" -> Transport.NIO;
            default -> throw new IllegalArgumentException("--transport: expected auto, epoll or nio, got '" + transport + "'");
        };
        DifficultySteps steps = switch (difficultySteps) {
            case "any" -> DifficultySteps.ANY;
            case "pow2" -> DifficultySteps.POW2;
            default -> throw new IllegalArgumentException("--difficulty-steps: expected any or pow2, got '"
                    + difficultySteps + "'");
        };
        ChannelMode channelMode = switch (mode) {
            case "aggregated" -> ChannelMode.AGGREGATED;
            case "per-miner" -> ChannelMode.PER_MINER;
            default -> throw new IllegalArgumentException("--mode: expected aggregated or per-miner, got '" + mode + "'");
        };
        if (channelMode == ChannelMode.AGGREGATED && (userIdentity == null || userIdentity.isEmpty())) {
            throw new IllegalArgumentException("--user-identity is required in aggregated mode");
        }
        List<PoolEndpoint> pools = new ArrayList<>();
        for (String spec : upstreams) {
            pools.add(poolEndpoint(spec, authorityPubkey));
        }
        FailoverPolicy failover = new FailoverPolicy(millis(retryInitialSeconds, "--retry-initial"),
                millis(retryMaxSeconds, "--retry-max"), failoverAfter, Duration.ofSeconds(primaryRetrySeconds));
        UpstreamConfig upstream = new UpstreamConfig(pools, requireVersionRolling, workerTracking, failover)
                .withLiveness(new Liveness(Duration.ofSeconds(poolVerdictTimeoutSeconds),
                        Duration.ofSeconds(poolIdleTimeoutSeconds), Duration.ofSeconds(poolTcpTimeoutSeconds)));
        V1ServerConfig v1 = V1ServerConfig.defaults().withMaxLineLength(maxLineLength)
                .withIdleTimeout(Duration.ofSeconds(idleTimeoutSeconds))
                .withConnectionLimits(maxConnections, maxConnectionsPerIp)
                .withAcceptRate(acceptRate, Math.max(1, acceptRate))
                .withConnectionRatePerIp(maxConnectionRatePerIp, 0)
                .withHandshakeTimeout(Duration.ofSeconds(handshakeTimeoutSeconds))
                .withInvalidShareLimit(invalidShareRate, invalidShareBurst)
                .withProxyProtocol(proxyProtocol);
        return new TranslatorConfig(listen, v1, upstream, channelMode, userIdentity == null ? "" : userIdentity,
                extranonce2Size, sharesPerMinute, initialDifficulty, minDifficulty, !noVersionRolling,
                threads > 0 ? threads : Runtime.getRuntime().availableProcessors(), sockets,
                new TranslatorConfig.Limits(maxWorkers, recentWorkers, maxSharesPerMiner, maxRememberedShares), steps);
    }

    /**
     * {@code HOST:PORT@KEY}, or {@code HOST:PORT} with {@code defaultKey}. The address stays unresolved so every
     * connection attempt looks the name up again (a pool moving its DNS is followed).
     */
    static PoolEndpoint poolEndpoint(String spec, String defaultKey) {
        int at = spec.indexOf('@');
        String hostPort = at < 0 ? spec : spec.substring(0, at);
        String key = at < 0 ? defaultKey : spec.substring(at + 1);
        if (key == null || key.isEmpty()) {
            throw new IllegalArgumentException("--upstream " + spec + ": no authority key (add @KEY or --authority-pubkey)");
        }
        InetSocketAddress address;
        try {
            address = new HostPort().convert(hostPort);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("--upstream " + spec + ": " + e.getMessage());
        }
        try {
            return new PoolEndpoint(InetSocketAddress.createUnresolved(address.getHostString(), address.getPort()),
                    AuthorityKey.decodePublicKey(key));
        } catch (InvalidAuthorityKeyException e) {
            throw new IllegalArgumentException("--upstream " + spec + ": authority key: " + e.getMessage());
        }
    }

    private static void positive(double value, String flag) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(flag + ": must be a positive number, got " + value);
        }
    }

    private static Duration millis(double seconds, String flag) {
        if (!(seconds > 0)) {
            throw new IllegalArgumentException(flag + " must be positive");
        }
        return Duration.ofMillis(Math.round(seconds * 1000));
    }
}
