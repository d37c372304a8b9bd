package org.sv2translator.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.sv2translator.core.upstream.FailoverPolicy;
import org.sv2translator.core.upstream.HostResolver;
import org.sv2translator.core.upstream.PoolEndpoint;
import org.sv2translator.core.upstream.UpstreamConfig;
import org.sv2translator.testbed.pool.TestPool;
import org.sv2translator.v2.noise.AuthorityKey;

/**
 * Issue 19: pool host names were looked up on the one upstream event loop, so a slow lookup for the primary
 * (probed every --primary-retry) froze the backup in use. Here the primary's lookups hang for 30 s while the
 * translator works on the backup: jobs and verdicts on the backup must not wait for them.
 */
class SlowLookupTest {
    private static final String PRIMARY_HOST = "primary.pool.test";

    @Test
    void aLookupHangingForOnePoolDelaysNothingOnThePoolInUse() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger lookups = new AtomicInteger();
        HostResolver resolver = host -> {
            if (!host.equals(PRIMARY_HOST)) {
                return InetAddress.getByName(host);
            }
            if (lookups.incrementAndGet() == 1) {
                throw new UnknownHostException(host + " (the first lookup fails at once: start on the backup)");
            }
            try {
                release.await(30, TimeUnit.SECONDS); // a DNS server that does not answer
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new UnknownHostException(host + " (timed out)");
        };
        try (TestPool primary = new TestPool(Lab.quietPool(), null, 1).start(new InetSocketAddress("127.0.0.1", 0));
             TestPool backup = new TestPool(Lab.quietPool(), null, 1).start(new InetSocketAddress("127.0.0.1", 0))) {
            PoolEndpoint byName = new PoolEndpoint(InetSocketAddress.createUnresolved(PRIMARY_HOST,
                    primary.localAddress().getPort()), AuthorityKey.decodePublicKey(primary.authorityPublicKey()));
            List<PoolEndpoint> pools = List.of(byName, Lab.endpoint(backup));
            // Move on after one failure; probe the primary every 100 ms (each probe's lookup then hangs).
            UpstreamConfig upstream = new UpstreamConfig(pools, false, false, new FailoverPolicy(Duration.ofMillis(50),
                    Duration.ofMillis(100), 1, Duration.ofMillis(100))).withResolver(resolver);
            TranslatorConfig config = Lab.config(pools.toArray(new PoolEndpoint[0])).withUpstream(upstream)
                    .withDifficulty(20, Lab.EASY, Lab.EASY / 4);
            try (Translator t = new Translator(config).start();
                 TestMiner m = new TestMiner(t.listening().get(10, TimeUnit.SECONDS))) {
                m.subscribeAndAuthorize("rig.1");
                m.awaitNotify();
                assertEquals(1, t.status().upstream().activePoolIndex(), "on the backup");
                Lab.awaitTrue(() -> lookups.get() >= 2, "a probe of the primary is stuck in its lookup");

                for (int i = 1; i <= 3; i++) {
                    long start = System.nanoTime();
                    backup.newBlock();
                    do {
                        m.awaitNotify();
                    } while (!m.notify.get(8).asBoolean());
                    JsonNode r = m.submit("rig.1", m.findShare(i, true));
                    assertTrue(r.path("result").asBoolean(), r.toString());
                    int n = i;
                    Lab.awaitTrue(() -> t.status().upstream().sharesAccepted() == n, "verdict " + n);
                    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                    assertTrue(millis < 2000, "a new block, its job to the miner, a share and its verdict took "
                            + millis + " ms with a lookup hanging");
                }
                assertEquals(1, t.status().upstream().activePoolIndex());
            } finally {
                release.countDown();
            }
        }
    }
}
