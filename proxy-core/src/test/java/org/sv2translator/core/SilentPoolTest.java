package org.sv2translator.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.sv2translator.core.http.StatusServer;
import org.sv2translator.core.metrics.TranslatorMetrics;
import org.sv2translator.core.upstream.FailoverPolicy;
import org.sv2translator.core.upstream.Liveness;
import org.sv2translator.core.upstream.PoolEndpoint;
import org.sv2translator.core.upstream.UpstreamConfig;
import org.sv2translator.testbed.pool.PoolConfig;
import org.sv2translator.testbed.pool.TestPool;
import org.sv2translator.v2.noise.AuthorityKey;

/**
 * Issue 19: a pool that goes silent with its sockets open (here behind a {@link Relay} that stops forwarding) is
 * noticed by the verdict timeout or the idle timeout and left for the backup; shares in flight on a lost
 * connection are counted lost, so forwarded = accepted + rejected + lost.
 */
class SilentPoolTest {
    /** Fast retries; no return to the primary while a test runs (it would only meet the silent relay again). */
    private static final FailoverPolicy POLICY = new FailoverPolicy(Duration.ofMillis(100), Duration.ofMillis(400), 2,
            Duration.ofMinutes(10));

    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    private <T extends AutoCloseable> T track(T c) {
        open.add(c);
        return c;
    }

    private TestPool pool(PoolConfig config) throws Exception {
        return track(new TestPool(config, null, 1).start(new InetSocketAddress("127.0.0.1", 0)));
    }

    /** The pool's endpoint as reached through the relay, with the pool's own authority key. */
    private static PoolEndpoint via(Relay relay, TestPool pool) throws Exception {
        return new PoolEndpoint(relay.address(), AuthorityKey.decodePublicKey(pool.authorityPublicKey()));
    }

    private Translator translator(Liveness liveness, PoolEndpoint... pools) throws Exception {
        TranslatorConfig config = Lab.config(pools).withUpstream(
                new UpstreamConfig(List.of(pools), false, false, POLICY).withLiveness(liveness));
        Translator t = track(new Translator(config.withDifficulty(20, Lab.EASY, Lab.EASY / 4)).start());
        t.listening().get(10, TimeUnit.SECONDS);
        return t;
    }

    private TestMiner miner(Translator t) throws Exception {
        TestMiner m = track(new TestMiner(t.listening().get()));
        m.subscribeAndAuthorize("rig.1");
        return m;
    }

    private static void shareAccepted(TestMiner m, long extranonce2) throws IOException {
        JsonNode r = m.submit("rig.1", m.findShare(extranonce2, true));
        assertTrue(r.path("result").asBoolean(), r.toString());
    }

    private static void awaitPoolAccepted(TestPool pool, long n) throws InterruptedException {
        Lab.awaitTrue(() -> pool.accounting().of("farm").accepted() == n, n + " shares accepted by " + pool);
    }

    /** Reads notifies until one with clean_jobs (the next channel's first job). */
    private static void awaitCleanJob(TestMiner m) throws IOException {
        do {
            m.awaitNotify();
        } while (!m.notify.get(8).asBoolean());
    }

    private static void assertSharesAddUp(TranslatorStatus.Upstream up) {
        assertEquals(up.sharesSent(), up.sharesAccepted() + up.sharesRejected() + up.sharesLost(),
                "forwarded = accepted + rejected + lost: " + up);
    }

    @Test
    void aPoolThatStopsJudgingSharesIsLeftForTheBackupAndTheShareSentIntoTheSilenceCountedLost() throws Exception {
        TestPool primary = pool(Lab.quietPool());
        TestPool backup = pool(Lab.quietPool());
        Relay relay = track(new Relay(primary.localAddress()));
        Translator t = translator(new Liveness(Duration.ofSeconds(1), Duration.ZERO, Duration.ofSeconds(30)),
                via(relay, primary), Lab.endpoint(backup));
        TestMiner m = miner(t);
        m.awaitNotify();
        shareAccepted(m, 1);
        awaitPoolAccepted(primary, 1);
        Lab.awaitTrue(() -> t.status().upstream().sharesAccepted() == 1, "its verdict back");

        relay.goSilent();
        shareAccepted(m, 2); // the miner is answered at once; the share goes into the silence
        awaitCleanJob(m); // the backup's first job, about a second later
        TranslatorStatus.Upstream up = t.status().upstream();
        assertEquals(1, up.activePoolIndex(), "on the backup");
        assertEquals(1L, up.errors().get("Silent pool: verdict timeout"), "the log and the count name the check: "
                + up.errors());
        assertEquals(2, up.sharesSent());
        assertEquals(1, up.sharesLost(), "the share that went nowhere");
        assertSharesAddUp(up);

        shareAccepted(m, 3);
        awaitPoolAccepted(backup, 1);
        Lab.awaitTrue(() -> t.status().upstream().sharesAccepted() == 2, "the backup's verdict back");
        assertSharesAddUp(t.status().upstream());
        assertEquals(1, t.status().miners(), "the miner was never disconnected");
    }

    @Test
    void aPoolThatSendsNothingIsLeftAfterTheIdleTimeoutWhileALivePoolNeverTripsIt() throws Exception {
        TestPool primary = pool(Lab.quietPool().withJobInterval(Duration.ofMillis(200)));
        TestPool backup = pool(Lab.quietPool());
        Relay relay = track(new Relay(primary.localAddress()));
        Translator t = translator(new Liveness(Duration.ZERO, Duration.ofMillis(1500), Duration.ofSeconds(30)),
                via(relay, primary), Lab.endpoint(backup));
        TestMiner m = miner(t);
        m.awaitNotify();
        // Two idle timeouts of a pool sending jobs every 200 ms: the check must not fire. Checked throughout.
        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(3000);
        while (System.nanoTime() < until) {
            assertEquals(0, t.status().upstream().activePoolIndex(), "a talking pool is kept");
            Thread.sleep(50);
        }

        relay.goSilent();
        awaitCleanJob(m);
        TranslatorStatus.Upstream up = t.status().upstream();
        assertEquals(1, up.activePoolIndex(), "on the backup");
        assertEquals(1L, up.errors().get("Silent pool: idle timeout"), up.errors().toString());
        shareAccepted(m, 1);
        awaitPoolAccepted(backup, 1);
    }

    @Test
    void sharesInFlightWhenThePoolIsLostAreCountedLostInStatusAndMetrics() throws Exception {
        TestPool primary = pool(Lab.quietPool());
        TestPool backup = pool(Lab.quietPool());
        Relay relay = track(new Relay(primary.localAddress()));
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        TranslatorConfig config = Lab.config(via(relay, primary), Lab.endpoint(backup)).withUpstream(
                new UpstreamConfig(List.of(via(relay, primary), Lab.endpoint(backup)), false, false, POLICY));
        Translator t = track(new Translator(config.withDifficulty(20, Lab.EASY, Lab.EASY / 4), registry).start());
        StatusServer status = track(new StatusServer(t, registry, new TranslatorMetrics(t, registry, false)));
        String base = "http://127.0.0.1:" + status.start(new InetSocketAddress("127.0.0.1", 0)).getPort();
        TestMiner m = miner(t);
        m.awaitNotify();
        shareAccepted(m, 1);
        Lab.awaitTrue(() -> t.status().upstream().sharesAccepted() == 1, "the first verdict back");

        relay.goSilent(); // verdicts stop coming; the default liveness checks take far longer than this test
        shareAccepted(m, 2);
        shareAccepted(m, 3);
        Lab.awaitTrue(() -> t.status().upstream().sharesSent() == 3, "both sent");
        relay.close(); // the pool connection killed with two shares awaiting their verdict; the address refuses now
        awaitCleanJob(m);
        TranslatorStatus.Upstream up = t.status().upstream();
        assertEquals(2, up.sharesLost());
        assertSharesAddUp(up);

        HttpClient http = HttpClient.newHttpClient();
        String metrics = http.send(HttpRequest.newBuilder(URI.create(base + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        assertEquals(2.0, sample(metrics, "lost"), metrics);
        assertEquals(sample(metrics, "forwarded"),
                sample(metrics, "accepted") + sample(metrics, "rejected") + sample(metrics, "lost"));
        JsonNode api = new ObjectMapper().readTree(http.send(HttpRequest.newBuilder(URI.create(base
                + "/api/status")).build(), HttpResponse.BodyHandlers.ofString()).body());
        assertEquals(2, api.path("upstream").path("sharesLost").asLong(), api.path("upstream").toString());
    }

    private static double sample(String metrics, String result) {
        Matcher m = Pattern.compile("(?m)^sv2t_upstream_shares_total\\{result=\"" + result + "\",?} (\\S+)$")
                .matcher(metrics);
        assertTrue(m.find(), "no upstream share series for " + result);
        return Double.parseDouble(m.group(1));
    }
}
