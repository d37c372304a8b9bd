package org.sv2translator.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sv2translator.v1.V1ServerConfig;

/**
 * A farm powering back on: 10,000 miners connecting within about a second. The miners run in a child JVM (the
 * translator's 10,000 sockets and theirs would not fit one process's open-file limit on CI machines).
 */
class ReconnectStormTest {
    static final int MINERS = 10_000;

    @Test
    void tenThousandMinersConnectingAtOnceAreAllSubscribedAndWorking(@TempDir Path dir) throws Exception {
        V1ServerConfig v1 = V1ServerConfig.defaults().withConnectionLimits(2 * MINERS, 2 * MINERS)
                .withAcceptRate(Integer.getInteger("storm.acceptRate", 3000), 1000);
        try (Lab lab = new Lab(Lab.quietPool(), c -> c.withV1(v1, 2))) {
            InetSocketAddress proxy = lab.proxy;
            Path json = dir.resolve("storm.json");
            Process swarm = new ProcessBuilder(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
                    "-cp", System.getProperty("java.class.path"), "org.sv2translator.cli.Main", "swarm",
                    "--upstream", proxy.getHostString() + ":" + proxy.getPort(), "--miners", String.valueOf(MINERS),
                    "--connects-per-second", "10000", "--rate", "0.001", "--io-threads", "2", "--until-working",
                    "--duration", "90", "--json", json.toString()))
                    .redirectErrorStream(true).redirectOutput(dir.resolve("swarm.log").toFile()).start();
            // Sampled for the log (a figure for the README, not an assertion: timing depends on the machine).
            long t0 = System.nanoTime();
            long firstAccept = -1;
            long allSubscribed = -1;
            while (!swarm.waitFor(50, TimeUnit.MILLISECONDS) && System.nanoTime() - t0 < 120_000_000_000L) {
                long now = System.nanoTime();
                if (firstAccept < 0 && lab.translator.status().downstream().acceptedConnections() > 0) {
                    firstAccept = now;
                }
                if (allSubscribed < 0 && lab.translator.status().miners() == MINERS) {
                    allSubscribed = now;
                }
            }
            assertTrue(!swarm.isAlive(), "the swarm finished");
            System.out.printf("reconnect storm: %d miners subscribed %d ms after the first connection%n", MINERS,
                    (allSubscribed - firstAccept) / 1_000_000);
            assertEquals(0, swarm.exitValue(), Files.readString(dir.resolve("swarm.log")));
            JsonNode report = new ObjectMapper().readTree(json.toFile());
            System.out.printf("reconnect storm: all working %d ms after the swarm started; accepting paused %d times"
                    + " by the %d/s limit%n", report.get("allWorkingAfterMs").asLong(),
                    lab.translator.status().downstream().acceptPauses(), Integer.getInteger("storm.acceptRate", 3000));
            assertEquals(MINERS, report.get("subscribed").asLong(), report.toString());
            assertEquals(MINERS, report.get("working").asLong(), "every miner got a job: " + report);
            assertEquals(0, report.get("connectFailures").asLong());
            assertTrue(lab.translator.status().downstream().acceptedConnections() >= MINERS);
            assertTrue(lab.translator.status().downstream().acceptPauses() > 0, "the accept limit paced the storm");
        }
    }
}
