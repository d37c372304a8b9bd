package org.sv2translator.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sv2translator.core.http.StatusServer;
import org.sv2translator.core.metrics.TranslatorMetrics;
import org.sv2translator.testbed.pool.PoolConfig;
import org.sv2translator.testbed.pool.TestPool;
import org.sv2translator.testbed.swarm.Swarm;
import org.sv2translator.testbed.swarm.SwarmConfig;

/**
 * A real Prometheus (Debian's {@code prometheus}, started here on a free port with its own storage in a temp dir)
 * scrapes a running translator with swarm miners every second. Every PromQL expression of the provisioned Grafana
 * dashboard must then return data through Prometheus's HTTP API; the shipped rules
 * ({@code deploy/prometheus/sv2-translator-rules.yml}) must load without error, pass their promtool unit tests at
 * production durations, and, in a copy whose minutes are read as seconds, fire live when provoked: rejected
 * shares, miners leaving, the primary pool killed (failover), the backup killed too (pool down, no shares), and the
 * translator's HTTP port closed (translator down). Skips, saying so in one line, where Prometheus is not installed
 * ({@code .ci/run} installs it).
 */
class PrometheusRulesTest {
    private static final Path ROOT = Path.of("..");
    private static final Path RULES = ROOT.resolve("deploy/prometheus/sv2-translator-rules.yml");
    private static final Path RULE_TESTS = ROOT.resolve("deploy/prometheus/sv2-translator-rules.test.yml");
    private static final Path DASHBOARD = ROOT.resolve("docker/grafana/dashboards/sv2-translator.json");
    private static final Duration SCRAPE = Duration.ofSeconds(1);
    /**
     * Dashboard expressions that are legitimately all zero in a healthy run with no block found and no pool
     * change; every other one must show a positive value.
     */
    private static final Set<String> MAY_BE_ZERO = Set.of("Rejected shares by reason", "Failovers",
            "Block candidates", "Jobs and new blocks / clean jobs");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final ObjectMapper json = new ObjectMapper();
    private String prometheusUrl;

    @TempDir
    Path tmp;

    private static String tool(String name) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path p = Path.of(dir, name);
            if (Files.isExecutable(p)) {
                return p.toString();
            }
        }
        return null;
    }

    private static String requireTool(String name) {
        String path = tool(name);
        Assumptions.assumeTrue(path != null, name + " not installed (Debian: apt-get install prometheus; .ci/run "
                + "does it): Prometheus rules and dashboard test skipped");
        return path;
    }

    private static String run(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "finished: " + command);
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), command + ":\n" + out);
        return out;
    }

    /** The shipped rules pass {@code promtool check} and their unit tests, which cover every alert. */
    @Test
    void theShippedRulesPassPromtoolAndTheirUnitTestsCoverEveryAlert() throws Exception {
        String promtool = requireTool("promtool");
        assertTrue(run(List.of(promtool, "check", "rules", RULES.toString())).contains("SUCCESS"));
        assertTrue(run(List.of(promtool, "test", "rules", RULE_TESTS.toString())).contains("SUCCESS"));
        Set<String> tested = new TreeSet<>();
        for (JsonNode t : new YAMLMapper().readTree(RULE_TESTS.toFile()).get("tests")) {
            t.path("alert_rule_test").forEach(a -> {
                if (a.path("exp_alerts").size() > 0) {
                    tested.add(a.get("alertname").asText());
                }
            });
        }
        assertEquals(alertNames(), tested, "every alert has a unit test in which it fires");
    }

    /**
     * docker/prometheus.yml names the rules, compose mounts the shipped file where it looks, and promtool accepts
     * the configuration with it there.
     */
    @Test
    void theComposePrometheusLoadsTheShippedRules() throws Exception {
        String promtool = requireTool("promtool");
        Path docker = ROOT.resolve("docker");
        JsonNode config = new YAMLMapper().readTree(docker.resolve("prometheus.yml").toFile());
        List<String> ruleFiles = new ArrayList<>();
        config.path("rule_files").forEach(f -> ruleFiles.add(f.asText()));
        assertEquals(List.of("sv2-translator-rules.yml"), ruleFiles);
        Map<String, Path> mounts = new LinkedHashMap<>();
        new YAMLMapper().readTree(docker.resolve("compose.yaml").toFile()).at("/services/prometheus/volumes")
                .forEach(v -> {
                    String[] parts = v.asText().split(":");
                    mounts.put(parts[1], docker.resolve(parts[0]).normalize());
                });
        Path mounted = mounts.get("/etc/prometheus/sv2-translator-rules.yml");
        assertTrue(mounted != null && Files.isSameFile(mounted, RULES), "compose mounts the rules: " + mounts);
        assertTrue(Files.isSameFile(mounts.get("/etc/prometheus/prometheus.yml"), docker.resolve("prometheus.yml")));
        Files.copy(docker.resolve("prometheus.yml"), tmp.resolve("prometheus.yml"));
        Files.copy(RULES, tmp.resolve("sv2-translator-rules.yml"));
        String out = run(List.of(promtool, "check", "config", tmp.resolve("prometheus.yml").toString()));
        assertTrue(out.contains("SUCCESS: 1 rule files found"), out);
    }

    private static Set<String> alertNames() throws IOException {
        Set<String> names = new TreeSet<>();
        for (JsonNode g : new YAMLMapper().readTree(RULES.toFile()).get("groups")) {
            g.get("rules").forEach(r -> {
                if (r.has("alert")) {
                    names.add(r.get("alert").asText());
                }
            });
        }
        return names;
    }

    /** The rules with every whole-minute duration ({@code [Nm]}, {@code for: Nm}) read as seconds. */
    static String shortened(String rules) {
        String s = rules.replaceAll("\\[(\\d+)m]", "[$1s]").replaceAll("(?m)^([ \\t]*for: )(\\d+)m[ \\t]*$", "$1$2s");
        assertFalse(Pattern.compile("\\[\\d+[hd]]|for: \\d+[hd]").matcher(s).find(),
                "rule durations are in whole minutes (the live copy reads them as seconds)");
        return s;
    }

    @Test
    void shorteningReadsMinutesAsSeconds() {
        assertEquals("rate(x[5m:1m]) rate(x[10s]) max_over_time(x[15s])\n    for: 2s\n",
                shortened("rate(x[5m:1m]) rate(x[10m]) max_over_time(x[15m])\n    for: 2m\n"));
    }

    /** Grafana's macros and template variables replaced as Grafana would for a 1 s scrape over the last hour. */
    static String substituted(String expr, JsonNode templating) {
        String s = expr.replace("$__rate_interval", "4s").replace("${__rate_interval}", "4s")
                .replace("$__interval", "1s").replace("${__interval}", "1s")
                .replace("$__range", "1h").replace("${__range}", "1h");
        for (JsonNode v : templating.path("list")) {
            String name = v.get("name").asText();
            String value = v.at("/current/value").isTextual() ? v.at("/current/value").asText() : ".*";
            if (value.equals("$__all")) {
                value = ".*";
            }
            s = s.replace("${" + name + "}", value).replace("[[" + name + "]]", value)
                    .replaceAll("\\$" + Pattern.quote(name) + "\\b", Matcher.quoteReplacement(value));
        }
        return s;
    }

    private JsonNode api(String pathAndQuery) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(prometheusUrl + pathAndQuery))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        JsonNode body = json.readTree(r.body());
        assertEquals("success", body.path("status").asText(), pathAndQuery + " -> " + r.body());
        return body.get("data");
    }

    private JsonNode query(String promql) throws Exception {
        return api("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
    }

    /** The alerts firing now, by name. */
    private Set<String> firing() throws Exception {
        Set<String> names = new TreeSet<>();
        for (JsonNode a : api("/api/v1/alerts").get("alerts")) {
            if (a.get("state").asText().equals("firing")) {
                names.add(a.at("/labels/alertname").asText());
            }
        }
        return names;
    }

    private static void await(BooleanSupplier condition, Duration within, String what) throws Exception {
        await(condition, within, () -> what);
    }

    /** Polls {@code condition} every 200 ms until true; fails after {@code within}, saying {@code what} then. */
    private static void await(BooleanSupplier condition, Duration within, Supplier<String> what) throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + within.toSeconds() + " s: " + what.get());
            }
            Thread.sleep(200);
        }
    }

    private interface Check {
        boolean test() throws Exception;
    }

    private static BooleanSupplier unchecked(Check c) {
        return () -> {
            try {
                return c.test();
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        };
    }

    /**
     * Waits until the named alerts fire, calling {@code meanwhile} once per poll; returns when each started firing,
     * in seconds since the call.
     */
    private Map<String, Double> awaitFiring(Set<String> alerts, Duration within, Check meanwhile) throws Exception {
        long start = System.nanoTime();
        Map<String, Double> at = new LinkedHashMap<>();
        await(unchecked(() -> {
            meanwhile.test();
            for (String a : firing()) {
                if (alerts.contains(a)) {
                    at.putIfAbsent(a, (System.nanoTime() - start) / 1e9);
                }
            }
            return at.keySet().containsAll(alerts);
        }), within, () -> alerts + " firing (fired so far: " + at + "); now: " + diagnostics());
        return at;
    }

    /**
     * Waits until {@code promql} returns a series (a comparison: until it holds). Polled, not asked once: with
     * 1 s scrapes on a busy machine one scrape may time out, and gauges then have no value until the next.
     */
    private void awaitResult(String promql, String what) throws Exception {
        await(unchecked(() -> query(promql).get("result").size() > 0), Duration.ofSeconds(10),
                () -> what + " (" + promql + "); now: " + diagnostics());
    }

    /** What the alerts look at, for a failure message. */
    private String diagnostics() {
        Map<String, String> out = new LinkedHashMap<>();
        for (String q : List.of("instance:sv2t_miners_connected:sum",
                "max_over_time(instance:sv2t_miners_connected:sum[15s])", "sv2t_miners_connected[5s]",
                "instance:sv2t_shares_rejected:ratio_rate5m", "instance:sv2t_upstream_shares_accepted:rate10m",
                "sv2t_upstream_up", "up", "ALERTS")) {
            try {
                out.put(q, query(q).get("result").toString());
            } catch (Exception | AssertionError e) {
                out.put(q, e.toString());
            }
        }
        return out.toString();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Test
    void prometheusScrapesTheTranslatorTheDashboardHasDataAndTheAlertsFire() throws Exception {
        String prometheus = requireTool("prometheus");
        long t0 = System.nanoTime();
        PoolConfig poolConfig = Lab.quietPool().withJobInterval(Duration.ofSeconds(2));
        TestPool primary = new TestPool(poolConfig, null, 1).start(new InetSocketAddress("127.0.0.1", 0));
        TestPool backup = new TestPool(poolConfig, null, 1).start(new InetSocketAddress("127.0.0.1", 0));
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        Translator translator = new Translator(Lab.config(Lab.endpoint(primary), Lab.endpoint(backup)), registry)
                .start();
        StatusServer status = null;
        Process server = null;
        Swarm staying = null;
        Swarm leaving = null;
        TestMiner rejected = null;
        try {
            InetSocketAddress proxy = translator.listening().get(10, TimeUnit.SECONDS);
            status = new StatusServer(translator, registry, new TranslatorMetrics(translator, registry, true));
            int metricsPort = status.start(new InetSocketAddress("127.0.0.1", 0)).getPort();
            SwarmConfig miners = SwarmConfig.defaults(proxy).withMode(SwarmConfig.Mode.RATE).withSharesPerSecond(2);
            staying = new Swarm(miners.withMiners(6).withWorkerPrefix("staying"), null).start();
            leaving = new Swarm(miners.withMiners(6).withWorkerPrefix("leaving"), null).start();

            Files.writeString(tmp.resolve("sv2-translator-rules.yml"), shortened(Files.readString(RULES)));
            Files.writeString(tmp.resolve("prometheus.yml"), String.join("\n",
                    "global:",
                    "  scrape_interval: " + SCRAPE.toSeconds() + "s",
                    "  scrape_timeout: " + SCRAPE.toSeconds() + "s",
                    "  evaluation_interval: " + SCRAPE.toSeconds() + "s",
                    "rule_files: [sv2-translator-rules.yml]",
                    "scrape_configs:",
                    "  - job_name: sv2-translator",
                    "    metrics_path: /metrics",
                    "    static_configs:",
                    "      - targets: [\"127.0.0.1:" + metricsPort + "\"]", ""));
            int port = freePort();
            prometheusUrl = "http://127.0.0.1:" + port;
            Path log = tmp.resolve("prometheus.log");
            server = new ProcessBuilder(prometheus, "--config.file=" + tmp.resolve("prometheus.yml"),
                    "--storage.tsdb.path=" + tmp.resolve("data"), "--web.listen-address=127.0.0.1:" + port,
                    "--log.level=warn").redirectErrorStream(true).redirectOutput(log.toFile()).start();
            long prometheusStart = System.nanoTime();
            Process p = server;
            await(unchecked(() -> {
                assertTrue(p.isAlive(), () -> "prometheus exited:\n" + readQuietly(log));
                try {
                    return http.send(HttpRequest.newBuilder(URI.create(prometheusUrl + "/-/ready")).build(),
                            HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
                } catch (IOException notYet) {
                    return false;
                }
            }), Duration.ofSeconds(20), "Prometheus ready");

            // The rules loaded and evaluate without error.
            int ruleCount = 0;
            for (JsonNode g : new YAMLMapper().readTree(RULES.toFile()).get("groups")) {
                ruleCount += g.get("rules").size();
            }
            int expectedRules = ruleCount;
            await(unchecked(() -> {
                int rules = 0;
                for (JsonNode g : api("/api/v1/rules").get("groups")) {
                    for (JsonNode r : g.get("rules")) {
                        assertFalse(r.path("health").asText().equals("err"), r.get("name") + ": " + r);
                        rules += r.path("health").asText().equals("ok") ? 1 : 0;
                    }
                }
                return rules == expectedRules;
            }), Duration.ofSeconds(15), "the " + expectedRules + " rules loaded and evaluated");
            assertEquals(7, alertNames().size(), "the alerts shipped");

            // Every dashboard expression returns data: at least one series, every value a number, and a positive
            // one where a healthy translator with miners must have one.
            JsonNode dashboard = json.readTree(DASHBOARD.toFile());
            Map<String, String> expressions = new LinkedHashMap<>();
            for (JsonNode panel : dashboard.get("panels")) {
                JsonNode targets = panel.get("targets");
                for (JsonNode target : targets) {
                    String key = panel.get("title").asText()
                            + (targets.size() > 1 ? " / " + target.path("legendFormat").asText() : "");
                    String expr = substituted(target.get("expr").asText(), dashboard.path("templating"));
                    assertFalse(expr.contains("$"), key + ": a Grafana variable left in " + expr);
                    expressions.put(key, expr);
                }
            }
            assertTrue(expressions.size() >= 15, "the dashboard's expressions: " + expressions.keySet());
            Map<String, String> lacking = new LinkedHashMap<>();
            await(unchecked(() -> {
                lacking.clear();
                for (var e : expressions.entrySet()) {
                    JsonNode data = query(e.getValue());
                    List<Double> values = new ArrayList<>();
                    if (data.get("resultType").asText().equals("vector")) {
                        data.get("result").forEach(r -> values.add(number(r.at("/value/1").asText())));
                    } else if (data.get("resultType").asText().equals("scalar")) {
                        values.add(number(data.at("/result/1").asText()));
                    }
                    boolean numbers = !values.isEmpty() && values.stream().allMatch(Double::isFinite);
                    boolean positive = values.stream().anyMatch(v -> v > 0);
                    if (!numbers || !(positive || MAY_BE_ZERO.contains(e.getKey()))) {
                        lacking.put(e.getKey(), e.getValue() + " -> " + values);
                    }
                }
                return lacking.isEmpty();
            }), Duration.ofSeconds(30), () -> "every dashboard expression returns data; lacking: " + lacking
                    + "\ntranslator's /metrics now:\n" + registry.scrape().lines()
                            .filter(l -> l.startsWith("sv2t_upstream_up") || l.startsWith("sv2t_channel_difficulty")
                                    || l.startsWith("sv2t_miners"))
                            .collect(java.util.stream.Collectors.joining("\n")) + "\n" + diagnostics());
            double dashboardSeconds = (System.nanoTime() - prometheusStart) / 1e9;
            assertEquals(Set.of(), firing(), "no alert fires while all is well");
            awaitResult("instance:sv2t_miners_connected:sum == 12", "the recording rule sums the miners: 12");

            // Half the miners leave (12 -> 6, and 7 with the next one); another one connects and sends only shares
            // above the target (rejected): both alerts.
            rejected = new TestMiner(proxy);
            rejected.subscribeAndAuthorize("rejected");
            rejected.awaitNotify();
            TestMiner bad = rejected;
            leaving.close();
            leaving = null;
            long[] extranonce2 = {0};
            Map<String, Double> dropAndRejects = awaitFiring(
                    Set.of("SV2TranslatorMinersDropped", "SV2TranslatorRejectRatioHigh"), Duration.ofSeconds(30),
                    () -> {
                        JsonNode answer = bad.submit("rejected", bad.findShare(extranonce2[0]++, false));
                        assertFalse(answer.path("result").asBoolean(), "a share above the target is rejected");
                        return true;
                    });
            rejected.close();
            rejected = null;
            awaitResult("sv2t_upstream_up{priority=\"0\"} == 1", "the primary in use before it is killed");

            // The primary dies: the translator moves to the backup.
            primary.close();
            Map<String, Double> failover = awaitFiring(Set.of("SV2TranslatorFailover"), Duration.ofSeconds(15),
                    () -> true);
            awaitResult("sv2t_upstream_up{priority=\"1\"} == 1"
                    + " and on (instance) sv2t_upstream_up{priority=\"0\"} == 0",
                    "the backup in use, the dead primary not");

            // The backup dies too: no pool, and the pool credits nothing while miners are still connected.
            backup.close();
            Map<String, Double> poolDown = awaitFiring(Set.of("SV2TranslatorPoolDown", "SV2TranslatorNoShares"),
                    Duration.ofSeconds(30), () -> true);

            // The translator's HTTP port goes away: scrapes fail.
            status.close();
            status = null;
            Map<String, Double> down = awaitFiring(Set.of("SV2TranslatorDown"), Duration.ofSeconds(15), () -> true);

            Map<String, Double> fired = new LinkedHashMap<>();
            fired.putAll(dropAndRejects);
            fired.putAll(failover);
            fired.putAll(poolDown);
            fired.putAll(down);
            Set<String> notLive = new LinkedHashSet<>(alertNames());
            notLive.removeAll(fired.keySet());
            System.out.printf("PrometheusRulesTest: %d dashboard expressions returned data within %.1f s of "
                            + "Prometheus starting; alerts fired live (s after the provocation): %s; by promtool "
                            + "unit tests only: %s; %.0f s in all%n", expressions.size(), dashboardSeconds,
                    round(fired), notLive, (System.nanoTime() - t0) / 1e9);
        } finally {
            if (server != null) {
                server.destroy();
                if (!server.waitFor(10, TimeUnit.SECONDS)) {
                    server.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            }
            if (rejected != null) {
                rejected.close();
            }
            if (leaving != null) {
                leaving.close();
            }
            if (staying != null) {
                staying.close();
            }
            if (status != null) {
                status.close();
            }
            translator.close();
            primary.close();
            backup.close();
        }
    }

    /** A sample value as Prometheus writes it ({@code NaN}, {@code +Inf}, {@code -Inf} or a decimal). */
    private static double number(String value) {
        return switch (value) {
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(value);
        };
    }

    private static Map<String, String> round(Map<String, Double> seconds) {
        Map<String, String> out = new LinkedHashMap<>();
        seconds.forEach((k, v) -> out.put(k, String.format("%.1f", v)));
        return out;
    }

    private static String readQuietly(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            return e.toString();
        }
    }
}
