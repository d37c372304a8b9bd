package org.sv2translator.core;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.sv2translator.core.upstream.UpstreamConfig;
import org.sv2translator.testbed.pool.PoolConfig;
import org.sv2translator.testbed.pool.TestPool;
import org.sv2translator.v1.V1ServerConfig;
import org.sv2translator.v2.noise.AuthorityKey;

/** A testbed pool and a translator in front of it, on loopback, for end-to-end tests. */
final class Lab implements AutoCloseable {
    /** One header in about 256 meets it: shares are found in microseconds. */
    static final double EASY = 1.0 / (1 << 24);

    final TestPool pool;
    final Translator translator;
    final InetSocketAddress proxy;

    Lab(PoolConfig poolConfig) throws Exception {
        pool = new TestPool(poolConfig, null, 1).start(new InetSocketAddress("127.0.0.1", 0));
        UpstreamConfig upstream = new UpstreamConfig(pool.localAddress(),
                AuthorityKey.decodePublicKey(pool.authorityPublicKey()), "farm", TranslatorConfig.minExtranonceSize(4),
                false);
        translator = new Translator(new TranslatorConfig(new InetSocketAddress("127.0.0.1", 0),
                V1ServerConfig.defaults(), upstream, 4, 20, 1e6, EASY / 4, true, 1)).start();
        proxy = translator.listening().get(10, TimeUnit.SECONDS);
    }

    /** The pool settings of most tests: easy targets, an acknowledgement per share, no clock-driven jobs. */
    static PoolConfig quietPool() {
        return PoolConfig.defaults().withMinDifficulty(EASY).withTransactionCount(200)
                .withSuccessBatch(1, Duration.ofMillis(50)).withBlockInterval(Duration.ofHours(1))
                .withJobInterval(Duration.ofHours(1));
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
