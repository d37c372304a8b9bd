package org.sv2translator.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sv2translator.core.TranslatorConfig;
import picocli.CommandLine;

/**
 * No Kubernetes cluster runs here, so the manifests in {@code deploy/kubernetes/} are checked against the jar
 * instead: the Deployment's arguments, its environment (the Secret's example value) and the ConfigMap's file are
 * parsed by {@code run} exactly as in a pod and must give a valid configuration; the probes, ports, Services and
 * scrape annotations must name what that configuration really serves.
 */
class KubernetesManifestsTest {
    private static final Path DIR = Path.of("..", "deploy", "kubernetes");
    private static final List<JsonNode> DOCS = new ArrayList<>();

    @TempDir
    Path tmp;

    @BeforeAll
    static void load() throws Exception {
        try (Stream<Path> files = Files.list(DIR)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
                try (MappingIterator<JsonNode> it = new YAMLMapper().readerFor(JsonNode.class).readValues(f.toFile())) {
                    while (it.hasNext()) {
                        JsonNode doc = it.next();
                        if (doc != null && !doc.isEmpty()) {
                            DOCS.add(doc);
                        }
                    }
                }
            }
        }
    }

    private static JsonNode one(String kind, String name) {
        return DOCS.stream().filter(d -> d.path("kind").asText().equals(kind)
                        && d.path("metadata").path("name").asText().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " named " + name + " in " + DIR));
    }

    private static JsonNode deployment() {
        return one("Deployment", "sv2-translator");
    }

    private static JsonNode container() {
        return deployment().path("spec").path("template").path("spec").path("containers").get(0);
    }

    private static int containerPort(String name) {
        for (JsonNode p : container().path("ports")) {
            if (p.path("name").asText().equals(name)) {
                return p.path("containerPort").asInt();
            }
        }
        throw new AssertionError("no container port named " + name);
    }

    /** {@code run} parsed as the pod runs it: its args, its environment, the ConfigMap's file at the mounted path. */
    private RunCommand runAsInThePod() throws Exception {
        JsonNode c = container();
        List<String> args = new ArrayList<>();
        c.path("args").forEach(a -> args.add(a.asText()));
        assertEquals("run", args.get(0), "the image's entrypoint is the jar; the command is run");
        int configAt = args.indexOf("--config");
        assertTrue(configAt > 0, "the settings come from the ConfigMap file");
        Path inPod = Path.of(args.get(configAt + 1));

        // The ConfigMap mounted where --config looks: its volume, its mount path, the key as the file name.
        JsonNode podSpec = deployment().path("spec").path("template").path("spec");
        String volume = null;
        for (JsonNode m : c.path("volumeMounts")) {
            if (inPod.getParent().toString().equals(m.path("mountPath").asText())) {
                volume = m.path("name").asText();
            }
        }
        assertNotNull(volume, "a volume is mounted at " + inPod.getParent());
        String configMapName = null;
        for (JsonNode v : podSpec.path("volumes")) {
            if (v.path("name").asText().equals(volume)) {
                configMapName = v.path("configMap").path("name").asText();
            }
        }
        JsonNode data = one("ConfigMap", configMapName).path("data");
        String fileName = inPod.getFileName().toString();
        assertTrue(data.has(fileName), "the ConfigMap has " + fileName);
        Path file = tmp.resolve(fileName);
        Files.writeString(file, data.path(fileName).asText());
        args.set(configAt + 1, file.toString());

        // The environment, with each secretKeyRef resolved from the example Secret.
        Map<String, String> env = new HashMap<>();
        for (JsonNode e : c.path("env")) {
            String name = e.path("name").asText();
            assertTrue(name.startsWith(ConfigSources.ENV_PREFIX), name + " is a run option's variable");
            JsonNode ref = e.path("valueFrom").path("secretKeyRef");
            String value = ref.isMissingNode() ? e.path("value").asText()
                    : one("Secret", ref.path("name").asText()).path("stringData").path(ref.path("key").asText())
                    .asText(null);
            assertNotNull(value, "the example Secret has " + ref);
            env.put(name, value);
        }

        CommandLine cl = Main.commandLine();
        CommandLine run = cl.getSubcommands().get("run");
        Main.configureRun(run, new ConfigSources(env, ConfigSources.readFile(file), file.toString()));
        cl.parseArgs(args.toArray(String[]::new));
        return run.getCommand();
    }

    @Test
    void thePodsSettingsAreAValidRunConfiguration() throws Exception {
        RunCommand cmd = runAsInThePod();
        TranslatorConfig config = cmd.config(); // throws on any invalid value
        assertEquals(1, config.upstream().pools().size(), "the pool from the Secret");
        assertTrue(cmd.metrics.getAddress() == null || cmd.metrics.getAddress().isAnyLocalAddress(),
                "metrics on every interface, for probes and Prometheus: " + cmd.metrics);
        assertTrue(config.listen().getAddress() == null || config.listen().getAddress().isAnyLocalAddress(),
                "miners on every interface: " + config.listen());
        assertEquals(config.listen().getPort(), containerPort("miners"));
        assertEquals(cmd.metrics.getPort(), containerPort("metrics"));
        assertNotNull(cmd.shutdownReconnect, "miners are sent back through the load balancer on shutdown");
    }

    @Test
    void probesAndShutdownUseWhatTheTranslatorServes() {
        JsonNode c = container();
        JsonNode ready = c.path("readinessProbe").path("httpGet");
        assertEquals("/health", ready.path("path").asText(), "StatusServer's health endpoint: 200 only when serving");
        assertEquals("metrics", ready.path("port").asText());
        assertEquals("metrics", c.path("livenessProbe").path("tcpSocket").path("port").asText(),
                "liveness does not depend on the pool (an outage must not restart the pod)");
        String preStop = c.path("lifecycle").path("preStop").path("exec").path("command").toString();
        assertTrue(preStop.contains("kill -TERM 1"), "preStop starts the graceful shutdown: " + preStop);
        int grace = deployment().path("spec").path("template").path("spec").path("terminationGracePeriodSeconds").asInt();
        assertTrue(grace >= 20, "room for the graceful shutdown: " + grace);
    }

    @Test
    void servicesAndScrapeAnnotationsPointAtTheContainerPorts() {
        JsonNode labels = deployment().path("spec").path("template").path("metadata").path("labels");
        JsonNode miners = one("Service", "sv2-translator-miners");
        assertEquals("Local", miners.path("spec").path("externalTrafficPolicy").asText(),
                "miners' own addresses reach the per-address limits");
        assertEquals("miners", miners.path("spec").path("ports").get(0).path("targetPort").asText());
        JsonNode metrics = one("Service", "sv2-translator-metrics");
        assertEquals("metrics", metrics.path("spec").path("ports").get(0).path("targetPort").asText());
        for (JsonNode annotated : List.of(metrics.path("metadata").path("annotations"),
                deployment().path("spec").path("template").path("metadata").path("annotations"))) {
            assertEquals("true", annotated.path("prometheus.io/scrape").asText());
            assertEquals(String.valueOf(containerPort("metrics")), annotated.path("prometheus.io/port").asText());
            assertEquals("/metrics", annotated.path("prometheus.io/path").asText());
        }
        for (JsonNode selector : List.of(miners.path("spec").path("selector"), metrics.path("spec").path("selector"),
                deployment().path("spec").path("selector").path("matchLabels"),
                one("PodDisruptionBudget", "sv2-translator").path("spec").path("selector").path("matchLabels"))) {
            selector.fields().forEachRemaining(e -> assertEquals(e.getValue(), labels.path(e.getKey()),
                    "selector " + e + " matches the pods"));
        }
    }
}
