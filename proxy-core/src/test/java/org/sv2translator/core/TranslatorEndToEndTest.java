package org.sv2translator.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.sv2translator.core.upstream.UpstreamConfig;
import org.sv2translator.testbed.pool.PoolAccounting;
import org.sv2translator.testbed.pool.PoolConfig;
import org.sv2translator.testbed.pool.TestPool;
import org.sv2translator.v1.V1ServerConfig;
import org.sv2translator.v2.noise.AuthorityKey;

/** Miners → translator → testbed pool over loopback TCP, with Noise, real hashing at easy targets. */
class TranslatorEndToEndTest {
    private static final double EASY = 1.0 / (1 << 24); // one header in ~256

    private TestPool pool;
    private Translator translator;
    private InetSocketAddress proxy;

    @BeforeEach
    void start() throws Exception {
        pool = new TestPool(PoolConfig.defaults().withMinDifficulty(EASY).withTransactionCount(200)
                .withSuccessBatch(1, Duration.ofMillis(50)).withBlockInterval(Duration.ofHours(1))
                .withJobInterval(Duration.ofHours(1)), null, 1).start(new InetSocketAddress("127.0.0.1", 0));
        UpstreamConfig upstream = new UpstreamConfig(pool.localAddress(),
                AuthorityKey.decodePublicKey(pool.authorityPublicKey()), "farm", TranslatorConfig.minExtranonceSize(4),
                false);
        translator = new Translator(new TranslatorConfig(new InetSocketAddress("127.0.0.1", 0),
                V1ServerConfig.defaults(), upstream, 4, 20, 1e6, EASY / 4, true, 1)).start();
        proxy = translator.listening().get(10, TimeUnit.SECONDS);
    }

    @AfterEach
    void stop() {
        translator.close();
        pool.close();
    }

    @Test
    void sharesFlowFromMinersToThePoolAndTheirVerdictsArePerWorker() throws Exception {
        try (TestMiner a = new TestMiner(proxy); TestMiner b = new TestMiner(proxy)) {
            a.subscribeAndAuthorize("alice.1");
            b.subscribeAndAuthorize("bob.1");
            a.awaitNotify();
            b.awaitNotify();
            assertEquals(4, a.extranonce2Size);
            assertTrue(!java.util.Arrays.equals(a.extranonce1, b.extranonce1), "miners get distinct extranonce1");
            assertEquals(a.notify.toString(), b.notify.toString(), "one notify for the whole channel");
            assertEquals(EASY, a.difficulty, EASY * 1e-9, "capped at the channel's difficulty");

            for (int i = 0; i < 3; i++) {
                assertTrue(a.submit("alice.1", a.findShare(i, true)).get("result").asBoolean());
                assertTrue(b.submit("bob.1", b.findShare(i, true)).get("result").asBoolean());
            }
            JsonNode low = a.submit("alice.1", a.findShare(9, false));
            assertEquals(23, low.get("error").get(0).asInt(), low.toString());
            JsonNode dup = b.submit("bob.1", b.findShare(0, true));
            assertEquals(22, dup.get("error").get(0).asInt(), dup.toString());

            awaitPoolAccepted(6);
            PoolAccounting.Tally farm = pool.accounting().of("farm");
            assertEquals(6, farm.accepted(), "every forwarded share accepted: " + farm);
            assertEquals(0, farm.rejected(), "no pool-side reject: " + farm);
            awaitTrue(() -> translator.workers().of("alice.1").upstreamAcceptedCount() == 3);
            assertEquals(3, translator.workers().of("bob.1").upstreamAcceptedCount());
            assertEquals(1, translator.workers().of("alice.1").lowDifficulty());
            assertEquals(1, translator.workers().of("bob.1").duplicate());
        }
    }

    @Test
    void aNewPrevHashMakesOldJobsStaleAndSendsCleanJobs() throws Exception {
        try (TestMiner a = new TestMiner(proxy)) {
            a.subscribeAndAuthorize("alice.1");
            a.awaitNotify();
            TestMiner.Share old = a.findShare(1, true);
            pool.newBlock();
            a.awaitNotify();
            assertTrue(a.notify.get(8).asBoolean(), "clean_jobs on a new prevhash");
            JsonNode stale = a.submit("alice.1", old);
            assertEquals(21, stale.get("error").get(0).asInt(), stale.toString());
            assertTrue(a.submit("alice.1", a.findShare(1, true)).get("result").asBoolean());
            awaitPoolAccepted(1);
            assertEquals(0, pool.accounting().total().rejected(), "the stale share never reached the pool");
        }
    }

    private void awaitPoolAccepted(long n) throws InterruptedException {
        awaitTrue(() -> pool.accounting().total().accepted() >= n);
    }

    private static void awaitTrue(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 10 s");
            }
            Thread.sleep(20);
        }
    }
}
