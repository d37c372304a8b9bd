package org.sv2translator.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.sv2translator.core.http.StatusServer;
import org.sv2translator.core.metrics.TranslatorMetrics;
import org.sv2translator.testbed.pool.TestPool;

/** The operator's HTTP port against a running pool, translator and miner: what each endpoint says, and when. */
class StatusServerTest {
    private final HttpClient http = HttpClient.newHttpClient();
    private TestPool pool;
    private Translator translator;
    private StatusServer status;
    private String base;

    private void start(boolean perWorker) throws Exception {
        pool = new TestPool(Lab.quietPool(), null, 1).start(new InetSocketAddress("127.0.0.1", 0));
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        translator = new Translator(Lab.config(Lab.endpoint(pool)), registry).start();
        translator.listening().get(10, TimeUnit.SECONDS);
        status = new StatusServer(translator, registry, new TranslatorMetrics(translator, registry, perWorker));
        InetSocketAddress bound = status.start(new InetSocketAddress("127.0.0.1", 0));
        base = "http://127.0.0.1:" + bound.getPort();
    }

    @AfterEach
    void stop() {
        if (status != null) {
            status.close();
        }
        if (translator != null) {
            translator.close();
        }
        if (pool != null) {
            pool.close();
        }
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static double sample(String metrics, String series) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(metrics);
        assertTrue(m.find(), "no series " + series + " in\n" + metrics);
        return Double.parseDouble(m.group(1));
    }

    /** A miner that subscribes as rig1, gets work and has one share accepted. */
    private TestMiner minerWithOneShare() throws Exception {
        TestMiner miner = new TestMiner(translator.listening().get());
        miner.subscribeAndAuthorize("rig1");
        miner.awaitNotify();
        JsonNode answer = miner.submit("rig1", miner.findShare(1, true));
        assertTrue(answer.get("result").asBoolean(), answer.toString());
        return miner;
    }

    @Test
    void metricsHealthStatusAndPageDescribeTheRunningTranslator() throws Exception {
        start(true);
        Lab.awaitTrue(() -> translator.status().serving(), "the channel serving jobs");
        try (TestMiner miner = minerWithOneShare()) {
            HttpResponse<String> health = get("/health");
            assertEquals(200, health.statusCode(), health.body());

            HttpResponse<String> metrics = get("/metrics");
            assertEquals(200, metrics.statusCode());
            assertTrue(metrics.headers().firstValue("content-type").orElse("").startsWith("text/plain"));
            String m = metrics.body();
            assertEquals(1, sample(m, "sv2t_miners_connected"));
            assertEquals(1, sample(m, "sv2t_shares_total{result=\"accepted\"}"));
            assertEquals(1, sample(m, "sv2t_worker_shares_total{reason=\"none\",result=\"accepted\",worker=\"rig1\"}"));
            assertEquals(0, sample(m, "sv2t_worker_shares_total{reason=\"stale\",result=\"rejected\",worker=\"rig1\"}"));
            assertEquals(1, sample(m, "sv2t_submit_seconds_count"));
            assertTrue(sample(m, "sv2t_notify_fanout_seconds_count") >= 1, "the job reached the miner");
            assertTrue(sample(m, "sv2t_prevhash_changes_total") >= 1);
            String poolLabel = "127.0.0.1:" + pool.localAddress().getPort();
            assertEquals(1, sample(m, "sv2t_upstream_up{pool=\"" + poolLabel + "\",priority=\"0\"}"));
            assertTrue(sample(m, "sv2t_bytes_total{direction=\"in\",side=\"v1\"}") > 0);
            assertTrue(sample(m, "sv2t_bytes_total{direction=\"out\",side=\"sv2\"}") > 0);
            assertTrue(m.contains("sv2t_submit_seconds_bucket{le="), "submit latency is a histogram");
            // A share that misses the miner's difficulty: the proxy refuses it as low difficulty.
            assertTrue(miner.submit("rig1", miner.findShare(2, false)).has("error"));
            assertEquals(1L, Lab.worker(translator, "rig1").lowDifficulty(), "counted for its worker");

            JsonNode s = new ObjectMapper().readTree(get("/api/status").body());
            assertTrue(s.get("serving").asBoolean());
            assertEquals(1, s.get("miners").asInt());
            assertEquals("active", s.get("pools").get(0).get("state").asText());
            assertEquals("rig1", s.get("workers").get(0).get("name").asText());
            assertEquals(1, s.get("workers").get(0).get("accepted").asInt());
            assertTrue(s.get("workers").get(0).get("lastShare").asLong() > 0);
            assertTrue(s.get("history").size() >= 1, "the chart has its first point at once");

            HttpResponse<String> page = get("/");
            assertEquals(200, page.statusCode());
            assertTrue(page.body().contains("<title>sv2-translator</title>"));
            assertFalse(Pattern.compile("(src|href)=\"(https?:)?//").matcher(page.body()).find(),
                    "the page loads nothing from elsewhere");
            assertEquals(404, get("/nope").statusCode());
            HttpResponse<String> post = http.send(HttpRequest.newBuilder(URI.create(base + "/health"))
                    .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(405, post.statusCode());
        }
    }

    @Test
    void healthTurns503WhenThePoolIsGone() throws Exception {
        start(true);
        Lab.awaitTrue(() -> translator.status().serving(), "serving");
        assertEquals(200, get("/health").statusCode());
        pool.close();
        Lab.awaitTrue(() -> {
            try {
                return get("/health").statusCode() == 503;
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }, "503 once the pool is lost");
        assertTrue(get("/health").body().contains("not serving"));
    }

    @Test
    void perWorkerSeriesCanBeLeftOut() throws Exception {
        start(false);
        Lab.awaitTrue(() -> translator.status().serving(), "serving");
        try (TestMiner miner = minerWithOneShare()) {
            String m = get("/metrics").body();
            assertFalse(m.contains("sv2t_worker_"), "no per-worker series");
            assertEquals(1, sample(m, "sv2t_shares_total{result=\"accepted\"}"), "the totals are still there");
        }
    }
}
