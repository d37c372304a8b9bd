package org.sv2translator.core;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.sv2translator.core.upstream.FailoverPolicy;
import org.sv2translator.core.upstream.PoolEndpoint;
import org.sv2translator.core.upstream.UpstreamConfig;
import org.sv2translator.testbed.pool.PoolConfig;
import org.sv2translator.testbed.pool.TestPool;
import org.sv2translator.v1.V1ServerConfig;
import org.sv2translator.v2.noise.AuthorityKey;

/** A testbed pool and a translator in front of it, on loopback, for end-to-end tests. */
final class Lab implements AutoCloseable {
    /** One header in about 256 meets it: shares are found in microseconds. */
    static final double EASY = 1.0 / (1 << 24);
    /** Fast enough for tests: retries after 50-100 ms, back to the primary within a second. */
    static final FailoverPolicy FAST_FAILOVER = new FailoverPolicy(Duration.ofMillis(100), Duration.ofMillis(400), 2,
            Duration.ofMillis(500));

    final TestPool pool;
    final Translator translator;
    final InetSocketAddress proxy;

    Lab(PoolConfig poolConfig) throws Exception {
        this(poolConfig, c -> c);
    }

    Lab(PoolConfig poolConfig, UnaryOperator<TranslatorConfig> tweak) throws Exception {
        this(poolConfig, tweak, pool -> { });
    }

    /** {@code poolSetup} runs on the started pool before the translator connects to it. */
    Lab(PoolConfig poolConfig, UnaryOperator<TranslatorConfig> tweak, Consumer<TestPool> poolSetup) throws Exception {
        pool = new TestPool(poolConfig, null, 1).start(new InetSocketAddress("127.0.0.1", 0));
        poolSetup.accept(pool);
        translator = new Translator(tweak.apply(config(endpoint(pool)))).start();
        proxy = translator.listening().get(10, TimeUnit.SECONDS);
        if (translator.status().mappings() > 0) {
            // Most tests want miners to meet an open channel (its target is then the pool's minimum).
            awaitTrue(() -> translator.status().openChannels() == 1, "the aggregated channel open");
        }
    }

    /** The translator settings of most tests: aggregated as "farm", easy difficulties, fast failover. */
    static TranslatorConfig config(PoolEndpoint... pools) {
        return new TranslatorConfig(new InetSocketAddress("127.0.0.1", 0), V1ServerConfig.defaults(),
                new UpstreamConfig(List.of(pools), false, false, FAST_FAILOVER), ChannelMode.AGGREGATED, "farm", 4,
                20, EASY, EASY / 4, true, 1, Transport.AUTO, TranslatorConfig.Limits.DEFAULTS,
                org.sv2translator.core.difficulty.DifficultySteps.POW2);
    }

    static PoolEndpoint endpoint(TestPool pool) {
        try {
            return new PoolEndpoint(pool.localAddress(), AuthorityKey.decodePublicKey(pool.authorityPublicKey()));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The pool settings of most tests: easy targets, an acknowledgement per share, no clock-driven jobs. */
    static PoolConfig quietPool() {
        return PoolConfig.defaults().withMinDifficulty(EASY).withTransactionCount(200)
                .withSuccessBatch(1, Duration.ofMillis(50)).withBlockInterval(Duration.ofHours(1))
                .withJobInterval(Duration.ofHours(1));
    }

    /** The named worker's counters now; all zero while the translator has none for it. */
    static TranslatorStatus.Worker worker(Translator translator, String name) {
        return translator.status().worker(name).orElse(
                new TranslatorStatus.Worker(name, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0));
    }

    static void awaitTrue(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 10 s: " + what);
            }
            Thread.sleep(20);
        }
    }

    @Override
    public void close() {
        translator.close();
        pool.close();
    }
}
