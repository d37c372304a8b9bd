package org.sv2translator.cli;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.sv2translator.core.Translator;
import org.sv2translator.core.TranslatorStatus;
import org.sv2translator.core.TranslatorConfig;
import org.sv2translator.core.upstream.PoolEndpoint;
import org.sv2translator.core.upstream.UpstreamConfig;
import org.sv2translator.testbed.pool.PoolAccounting;
import org.sv2translator.testbed.pool.PoolConfig;
import org.sv2translator.testbed.pool.TestPool;
import org.sv2translator.core.http.StatusServer;
import org.sv2translator.core.metrics.TranslatorMetrics;
import org.sv2translator.testbed.swarm.Swarm;
import org.sv2translator.testbed.swarm.SwarmConfig;
import org.sv2translator.testbed.swarm.SwarmReport;
import org.sv2translator.v1.V1ServerConfig;
import org.sv2translator.v2.noise.AuthorityKey;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code demo}: the embedded testbed pool, the translator and a small hashing swarm in one process on loopback, with
 * a live line every few seconds. Difficulties are scaled to what a JVM hashes on a laptop core.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Embedded SV2 pool + translator + hashing V1 miners in one process, shares flowing.")
final class DemoCommand implements Callable<Integer> {
    @Option(names = "--miners", defaultValue = "8", description = "Simulated miners (default ${DEFAULT-VALUE}).")
    int miners;

    @Option(names = "--hashing-threads", defaultValue = "1", description = "Threads hashing for them (default ${DEFAULT-VALUE}).")
    int hashingThreads;

    @Option(names = "--duration", defaultValue = "0", description = "Seconds to run, 0 = until Ctrl-C (default ${DEFAULT-VALUE}).")
    long durationSeconds;

    @Option(names = "--block-interval", defaultValue = "30", description = "Seconds between the pool's blocks (default ${DEFAULT-VALUE}).")
    long blockSeconds;

    @Option(names = "--status-interval", defaultValue = "5", description = "Seconds between status lines (default ${DEFAULT-VALUE}).")
    long statusSeconds;

    @Option(names = "--metrics", defaultValue = "127.0.0.1:8080", paramLabel = "HOST:PORT",
            description = "Where the status page and /metrics are served during the demo (default ${DEFAULT-VALUE}).")
    InetSocketAddress metrics;

    @Override
    public Integer call() throws Exception {
        // A JVM core does a few MH/s of sha256d: these difficulties give each miner a share every few seconds and
        // the pool a "block" now and then, so every part of the flow shows within a minute.
        PoolConfig poolConfig = PoolConfig.defaults().withBlockInterval(Duration.ofSeconds(blockSeconds))
                .withJobInterval(Duration.ofSeconds(Math.max(1, blockSeconds / 3))).withMinDifficulty(1e-5)
                .withNetworkDifficulty(0.02).withSharesPerMinute(60);
        try (TestPool pool = new TestPool(poolConfig, null, 1).start(new InetSocketAddress("127.0.0.1", 0))) {
            UpstreamConfig upstream = UpstreamConfig.of(new PoolEndpoint(pool.localAddress(),
                    AuthorityKey.decodePublicKey(pool.authorityPublicKey())));
            TranslatorConfig config = TranslatorConfig.aggregated(new InetSocketAddress("127.0.0.1", 0), upstream,
                    "demo.farm").withDifficulty(12, 1e-4, 1e-6).withV1(V1ServerConfig.defaults(), 1);
            PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            try (Translator translator = new Translator(config, registry).start();
                    StatusServer status = new StatusServer(translator, registry,
                            new TranslatorMetrics(translator, registry, true))) {
                InetSocketAddress proxy = translator.listening().get(30, TimeUnit.SECONDS);
                InetSocketAddress page;
                try {
                    page = status.start(metrics);
                } catch (RuntimeException e) {
                    // 8080 is often taken on a developer's machine: the demo's page goes to any free port instead.
                    page = status.start(new InetSocketAddress(metrics.getHostString(), 0));
                    System.out.printf("demo: %s:%d is taken (%s); the status page uses a free port instead%n",
                            metrics.getHostString(), metrics.getPort(), ListenError.reason(e));
                }
                System.out.printf("demo: status page on http://%s:%d/%n", page.getHostString(), page.getPort());
                System.out.printf("demo: pool %s (authority %s), translator %s, %d miners%n", pool.localAddress(),
                        pool.authorityPublicKey(), proxy, miners);
                SwarmConfig swarmConfig = SwarmConfig.defaults(proxy).withMiners(miners)
                        .withHashingThreads(hashingThreads).withWorkerPrefix("demo");
                try (Swarm swarm = new Swarm(swarmConfig, pool::prevHashPublishedAt).start()) {
                    run(pool, translator, swarm);
                    System.out.print(swarm.report().toTable());
                    PoolAccounting.Tally t = pool.accounting().total();
                    System.out.printf("pool: %s; blocks %d%n", t, pool.accounting().blocksFound());
                }
            }
        }
        return 0;
    }

    private void run(TestPool pool, Translator translator, Swarm swarm) throws InterruptedException {
        long end = durationSeconds > 0 ? System.nanoTime() + TimeUnit.SECONDS.toNanos(durationSeconds) : Long.MAX_VALUE;
        while (System.nanoTime() < end) {
            Thread.sleep(Math.min(TimeUnit.SECONDS.toMillis(statusSeconds),
                    Math.max(1, (end - System.nanoTime()) / 1_000_000)));
            PoolAccounting.Tally t = pool.accounting().total();
            TranslatorStatus status = translator.status();
            System.out.printf("miners %d | hashrate %s (proxy estimate %s) | proxy: %d accepted, %d rejected,"
                            + " %d forwarded | pool: %d accepted, %d rejected | jobs %d | blocks %d%n",
                    status.miners(), SwarmReport.formatHashrate(swarm.report().hashrate()),
                    SwarmReport.formatHashrate(status.hashrate()), status.shares().accepted(),
                    status.shares().rejected(), status.shares().forwarded(), t.accepted(), t.rejected(),
                    status.jobsSent(), pool.accounting().blocksFound());
        }
    }
}
