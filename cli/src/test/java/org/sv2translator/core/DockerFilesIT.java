package org.sv2translator.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.sv2translator.core.http.StatusServer;
import org.sv2translator.core.metrics.TranslatorMetrics;
import org.sv2translator.testbed.pool.TestPool;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * No Docker engine runs where the tests run, so the image is checked statically: the Dockerfile builds with the
 * README's command and copies the jar that command makes, the ports and the healthcheck match the translator's
 * defaults, and the compose file, Prometheus and Grafana set-up agree with each other and with the metric names
 * a running translator really exports. Runs in {@code verify} after {@code package} (the jar must exist).
 */
class DockerFilesIT {
    private static final Path ROOT = Path.of("..");
    private static final Path DOCKER = ROOT.resolve("docker");

    private static String dockerfile() throws Exception {
        // Continuation lines joined, so each instruction is one line.
        return Files.readString(DOCKER.resolve("Dockerfile")).replaceAll("\\\\\\n\\s*", " ");
    }

    private static List<String> instructions(String dockerfile, String keyword) {
        List<String> out = new ArrayList<>();
        for (String line : dockerfile.split("\n")) {
            if (line.startsWith(keyword + " ")) {
                out.add(line.substring(keyword.length() + 1).trim());
            }
        }
        return out;
    }

    /** The default of a {@code run} option, read from its annotation as picocli does. */
    private static String runDefault(String field) throws Exception {
        Class<?> run = Class.forName("org.sv2translator.cli.RunCommand");
        return run.getDeclaredField(field).getAnnotation(Option.class).defaultValue();
    }

    private static int port(String hostPort) {
        return Integer.parseInt(hostPort.substring(hostPort.lastIndexOf(':') + 1));
    }

    @Test
    void theImageIsBuiltWithTheReadmesCommandAndCopiesTheJarItMakes() throws Exception {
        String readme = Files.readString(ROOT.resolve("README.md"));
        Matcher build = Pattern.compile("(?m)^(mvn -B -q package[^&\\n]*?) &&").matcher(readme);
        assertTrue(build.find(), "the README's set-up build command");
        String df = dockerfile();
        assertTrue(instructions(df, "RUN").contains(build.group(1)),
                "the Dockerfile builds with `" + build.group(1) + "`: " + instructions(df, "RUN"));
        Matcher copy = Pattern.compile("(?m)^COPY --from=build /src/(\\S+) ").matcher(df);
        assertTrue(copy.find(), "the runtime stage copies the jar from the build stage");
        assertTrue(Files.isRegularFile(ROOT.resolve(copy.group(1))), copy.group(1) + " exists after mvn package");
        assertTrue(readme.contains("java -jar " + copy.group(1)), "the jar the README runs");
        assertTrue(instructions(df, "USER").stream().noneMatch(u -> u.equals("root") || u.equals("0")),
                "runs as a non-root user");
        assertTrue(instructions(df, "USER").size() == 1, "a USER is set");
    }

    @Test
    void portsEnvironmentAndHealthcheckMatchTheTranslatorsDefaults() throws Exception {
        String df = dockerfile();
        int minerPort = port(runDefault("listen"));
        int httpPort = port(runDefault("metrics"));
        Set<Integer> exposed = new HashSet<>();
        for (String e : instructions(df, "EXPOSE")) {
            for (String p : e.split("\\s+")) {
                exposed.add(Integer.parseInt(p));
            }
        }
        assertEquals(Set.of(minerPort, httpPort), exposed, "EXPOSE = the --listen and --metrics ports");

        Matcher env = Pattern.compile("(SV2T_[A-Z0-9_]+)=(\\S+)").matcher(String.join(" ", instructions(df, "ENV")));
        CommandLine run = new CommandLine(Class.forName("org.sv2translator.cli.RunCommand"));
        Set<String> known = new HashSet<>();
        run.getCommandSpec().options().forEach(o -> known.add(
                "SV2T_" + o.longestName().substring(2).replace('-', '_').toUpperCase()));
        int envs = 0;
        while (env.find()) {
            envs++;
            assertTrue(known.contains(env.group(1)), env.group(1) + " names a run option");
            if (env.group(1).equals("SV2T_METRICS")) {
                assertEquals(httpPort, port(env.group(2)), "the image serves HTTP on the exposed port");
            }
            if (env.group(1).equals("SV2T_LISTEN")) {
                assertEquals(minerPort, port(env.group(2)));
            }
        }
        assertTrue(envs >= 2, "the image sets where it listens");

        String health = instructions(df, "HEALTHCHECK").get(0);
        Matcher url = Pattern.compile("\"(http://[^\"]+)\"").matcher(health);
        assertTrue(url.find(), health);
        URI u = URI.create(url.group(1));
        assertEquals(httpPort, u.getPort());
        assertEquals("/health", u.getPath());
        assertTrue(health.contains("\"health\""), "the healthcheck uses the jar's health command, no curl needed");
        assertTrue(instructions(df, "ENTRYPOINT").get(0).contains("/app/sv2-translator.jar"));
    }

    @Test
    void composePrometheusAndGrafanaAgree() throws Exception {
        YAMLMapper yaml = new YAMLMapper();
        JsonNode compose = yaml.readTree(DOCKER.resolve("compose.yaml").toFile());
        JsonNode translator = compose.at("/services/translator");
        assertTrue(DOCKER.resolve(translator.at("/build/context").asText())
                .resolve(translator.at("/build/dockerfile").asText()).toFile().isFile(), "its Dockerfile exists");
        List<String> ports = new ArrayList<>();
        translator.get("ports").forEach(p -> ports.add(p.asText()));
        int minerPort = port(runDefault("listen"));
        int httpPort = port(runDefault("metrics"));
        assertTrue(ports.contains(minerPort + ":" + minerPort) && ports.contains(httpPort + ":" + httpPort),
                ports.toString());
        translator.get("environment").fieldNames().forEachRemaining(
                name -> assertTrue(name.startsWith("SV2T_"), name));
        for (String service : List.of("prometheus", "grafana")) {
            for (JsonNode v : compose.at("/services/" + service + "/volumes")) {
                String host = v.asText().split(":")[0];
                assertTrue(Files.exists(DOCKER.resolve(host)), service + " mounts " + host + ", which exists");
            }
        }

        JsonNode prometheus = yaml.readTree(DOCKER.resolve("prometheus.yml").toFile());
        JsonNode job = prometheus.at("/scrape_configs/0");
        assertEquals("/metrics", job.get("metrics_path").asText());
        assertEquals("translator:" + httpPort, job.at("/static_configs/0/targets/0").asText());

        String uid = yaml.readTree(DOCKER.resolve("grafana/provisioning/datasources/prometheus.yaml").toFile())
                .at("/datasources/0/uid").asText();
        JsonNode dashboard = new ObjectMapper().readTree(
                DOCKER.resolve("grafana/dashboards/sv2-translator.json").toFile());
        assertTrue(dashboard.get("panels").size() >= 10);
        for (JsonNode panel : dashboard.get("panels")) {
            assertEquals(uid, panel.at("/datasource/uid").asText(), panel.get("title").asText());
        }
    }

    /** Every series a dashboard panel asks for is one a running translator exports. */
    @Test
    void theDashboardAsksOnlyForSeriesTheTranslatorExports() throws Exception {
        Set<String> exported = new HashSet<>();
        try (TestPool pool = new TestPool(Lab.quietPool(), null, 1).start(new InetSocketAddress("127.0.0.1", 0))) {
            PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            try (Translator translator = new Translator(Lab.config(Lab.endpoint(pool)), registry).start()) {
                InetSocketAddress proxy = translator.listening().get(10, TimeUnit.SECONDS);
                Lab.awaitTrue(() -> translator.status().serving(), "serving");
                TranslatorMetrics metrics = new TranslatorMetrics(translator, registry, true);
                try (TestMiner miner = new TestMiner(proxy)) {
                    miner.subscribeAndAuthorize("rig1");
                    miner.awaitNotify();
                    miner.submit("rig1", miner.findShare(1, true));
                    metrics.refresh();
                    Matcher name = Pattern.compile("(?m)^(sv2t_[a-z0-9_]+)").matcher(registry.scrape());
                    while (name.find()) {
                        exported.add(name.group(1));
                    }
                }
            }
        }
        JsonNode dashboard = new ObjectMapper().readTree(
                DOCKER.resolve("grafana/dashboards/sv2-translator.json").toFile());
        int checked = 0;
        for (JsonNode panel : dashboard.get("panels")) {
            for (JsonNode target : panel.get("targets")) {
                Matcher m = Pattern.compile("sv2t_[a-z0-9_]+").matcher(target.get("expr").asText());
                while (m.find()) {
                    checked++;
                    assertTrue(exported.contains(m.group()), panel.get("title").asText() + ": " + m.group()
                            + " is not exported (exported: " + exported + ")");
                }
            }
        }
        assertTrue(checked >= 14, "every panel names its series");
    }
}
