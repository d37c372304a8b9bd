package org.sv2translator.core.cli;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sv2translator.core.Translator;
import org.sv2translator.core.TranslatorConfig;
import org.sv2translator.core.upstream.UpstreamConfig;
import org.sv2translator.v1.V1ServerConfig;
import org.sv2translator.v2.noise.AuthorityKey;
import org.sv2translator.v2.noise.InvalidAuthorityKeyException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code run}: the translator for real miners and a real pool. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Translate Stratum V1 miners onto an aggregated Stratum V2 extended channel.")
final class RunCommand implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(RunCommand.class);

    @Option(names = "--listen", defaultValue = "0.0.0.0:3333", description = "Where miners connect (default ${DEFAULT-VALUE}).")
    InetSocketAddress listen;

    @Option(names = "--upstream", required = true, description = "The pool's Stratum V2 endpoint, HOST:PORT.")
    InetSocketAddress upstream;

    @Option(names = "--authority-pubkey", required = true,
            description = "The pool's base58check authority public key, pinned in the Noise handshake.")
    String authorityPubkey;

    @Option(names = "--user-identity", required = true,
            description = "The channel's user_identity: the pool account (and worker) the pool credits.")
    String userIdentity;

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

    @Option(names = "--no-version-rolling", description = "Refuse BIP310 version rolling to miners.")
    boolean noVersionRolling;

    @Option(names = "--require-version-rolling", description = "Set REQUIRES_VERSION_ROLLING in SetupConnection.")
    boolean requireVersionRolling;

    @Option(names = "--threads", defaultValue = "0", description = "Miner I/O threads (default: one per core).")
    int threads;

    @Option(names = "--max-connections", defaultValue = "10000", description = "Miner connections in total (default ${DEFAULT-VALUE}).")
    int maxConnections;

    @Option(names = "--max-connections-per-ip", defaultValue = "1000",
            description = "Miner connections per source address (default ${DEFAULT-VALUE}; raise it for farms behind one NAT address).")
    int maxConnectionsPerIp;

    @Option(names = "--idle-timeout", defaultValue = "600", description = "Seconds of miner silence before disconnecting (default ${DEFAULT-VALUE}).")
    long idleTimeoutSeconds;

    @Option(names = "--max-line-length", defaultValue = "16384", description = "Longest V1 line accepted, bytes (default ${DEFAULT-VALUE}).")
    int maxLineLength;

    @Override
    public Integer call() throws Exception {
        byte[] authority;
        try {
            authority = AuthorityKey.decodePublicKey(authorityPubkey);
        } catch (InvalidAuthorityKeyException e) {
            System.err.println("--authority-pubkey: " + e.getMessage());
            return 2;
        }
        TranslatorConfig config = new TranslatorConfig(listen,
                V1ServerConfig.defaults().withMaxLineLength(maxLineLength)
                        .withIdleTimeout(Duration.ofSeconds(idleTimeoutSeconds))
                        .withConnectionLimits(maxConnections, maxConnectionsPerIp),
                new UpstreamConfig(upstream, authority, userIdentity,
                        TranslatorConfig.minExtranonceSize(extranonce2Size), requireVersionRolling),
                extranonce2Size, sharesPerMinute, initialDifficulty, minDifficulty, !noVersionRolling,
                threads > 0 ? threads : Runtime.getRuntime().availableProcessors());
        Translator translator = new Translator(config).start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            translator.close();
            stopped.countDown();
        }, "shutdown"));
        try {
            translator.listening().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            log.error("could not open a channel with {}: {}", upstream,
                    e instanceof ExecutionException ? e.getCause().getMessage() : "no answer within 30 s");
            translator.close();
            return 1;
        }
        // Until failover exists, a lost pool ends the process so a supervisor (Docker, systemd) restarts it cleanly
        // rather than miners idling on a proxy with no work.
        translator.upstreamLost().thenAccept(reason -> {
            log.error("exiting: the pool connection is gone ({})", reason);
            stopped.countDown();
        });
        stopped.await();
        return translator.upstreamLost().isDone() ? 1 : 0;
    }
}
