package org.sv2translator.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sv2translator.core.http.StatusServer;
import org.sv2translator.core.metrics.TranslatorMetrics;
import org.sv2translator.testbed.pool.TestPool;

/**
 * The status page in a real headless Chromium (Debian's package; {@code .ci/run} installs it when absent): it
 * loads, runs its script against the live translator, shows the miners, and writes nothing to the console.
 */
class StatusPageBrowserTest {
    private static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium"));

    @TempDir
    Path profile;

    /** Chromium's DOM after the page's scripts ran, and every console line it printed. */
    record Rendered(String dom, List<String> console) {
    }

    private Rendered render(String url) throws IOException, InterruptedException {
        // The flags keep a headless Chromium off the network it would otherwise try at every start.
        Path err = profile.resolve("stderr.txt");
        Process p = new ProcessBuilder(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--user-data-dir=" + profile.resolve("user"), "--enable-logging=stderr", "--v=0",
                "--virtual-time-budget=5000", "--dump-dom", url)
                .redirectError(err.toFile()).start();
        String dom = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "chromium finished");
        List<String> console = new ArrayList<>();
        for (String line : Files.readAllLines(err)) {
            if (line.contains(":CONSOLE")) {
                console.add(line);
            }
        }
        return new Rendered(dom, console);
    }

    @Test
    void thePageShowsTheRunningFarmWithoutConsoleErrors() throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM), "no Chromium at " + CHROMIUM
                + ": skipped (.ci/run installs Debian's chromium; or set CHROMIUM to a Chromium binary)");

        // First, that this harness sees console errors at all: a page that throws must be caught.
        Path broken = profile.resolve("broken.html");
        Files.writeString(broken, "<script>console.error('harness-check'); missingFunction();</script>");
        Rendered check = render(broken.toUri().toString());
        assertTrue(check.console().stream().anyMatch(l -> l.contains("harness-check")), check.console().toString());
        assertTrue(check.console().stream().anyMatch(l -> l.contains("Uncaught")), check.console().toString());

        try (TestPool pool = new TestPool(Lab.quietPool(), null, 1).start(new InetSocketAddress("127.0.0.1", 0))) {
            PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            try (Translator translator = new Translator(Lab.config(Lab.endpoint(pool)), registry).start();
                    StatusServer status = new StatusServer(translator, registry,
                            new TranslatorMetrics(translator, registry, true))) {
                InetSocketAddress proxy = translator.listening().get(10, TimeUnit.SECONDS);
                InetSocketAddress http = status.start(new InetSocketAddress("127.0.0.1", 0));
                Lab.awaitTrue(() -> translator.status().serving(), "serving");
                try (TestMiner a = new TestMiner(proxy); TestMiner b = new TestMiner(proxy)) {
                    for (var m : List.of(a, b)) {
                        String worker = m == a ? "rig-alpha" : "rig-beta";
                        m.subscribeAndAuthorize(worker);
                        m.awaitNotify();
                        assertTrue(m.submit(worker, m.findShare(1, true)).get("result").asBoolean());
                    }
                    Rendered page = render("http://127.0.0.1:" + http.getPort() + "/");

                    assertEquals(List.of(), page.console(), "the page writes nothing to the console");
                    String dom = page.dom();
                    assertTrue(dom.contains("<td>rig-alpha</td>") && dom.contains("<td>rig-beta</td>"),
                            "both workers in the table:\n" + dom);
                    assertTrue(dom.contains("id=\"serving\" class=\"ok\">serving<"), "state shown as serving");
                    assertTrue(dom.contains("id=\"miners\">2<"), "two miners shown");
                    Matcher pools = Pattern.compile("<td>127\\.0\\.0\\.1:\\d+</td><td>primary</td>"
                            + "<td class=\"ok\">active</td>").matcher(dom);
                    assertTrue(pools.find(), "the pool shown as active");
                    assertTrue(dom.contains("<polyline") || dom.contains("id=\"chart\""), "the chart is there");
                }
            }
        }
    }
}
