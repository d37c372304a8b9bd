package org.sv2translator.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.sv2translator.testbed.pool.PoolAccounting;
import org.sv2translator.testbed.pool.ShareVerdict;
import org.sv2translator.v1.V1ServerConfig;

/**
 * What one miner, or a fleet misbehaving together, can do to the translator's state: each test drives the real
 * translator over sockets with the testbed pool (its own share validation) behind it.
 */
class HostileMinersTest {

    @Test
    void twoHundredThousandConnectSubscribeCloseCyclesLeaveRoomForTheNextMiner() throws Exception {
        // One address looping on purpose: the per-address rate limit (tested in v1-adapter) would pace it instead.
        V1ServerConfig v1 = V1ServerConfig.defaults().withConnectionLimits(1000, 1000).withAcceptRate(100_000, 100_000)
                .withConnectionRatePerIp(0, 0);
        try (Lab lab = new Lab(Lab.quietPool(), c -> c.withV1(v1, 2))) {
            Process churn = new ProcessBuilder(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                    "-cp", System.getProperty("java.class.path"), "org.sv2translator.testbed.swarm.Churn",
                    lab.proxy.getHostString(), String.valueOf(lab.proxy.getPort()), "200000", "8"))
                    .redirectErrorStream(true).start();
            String summary;
            try (BufferedReader out = new BufferedReader(new InputStreamReader(churn.getInputStream(),
                    StandardCharsets.UTF_8))) {
                summary = out.lines().reduce("", (a, b) -> b);
            }
            assertTrue(churn.waitFor(5, TimeUnit.MINUTES), "the churn finished");
            System.out.println("churn: " + summary);
            assertTrue(summary.startsWith("cycles=200000 subscribed="), summary);
            assertTrue(summary.contains(" refused=0 "), "no subscribe refused: " + summary);
            long subscribed = Long.parseLong(summary.replaceAll(".*subscribed=(\\d+).*", "$1"));
            assertTrue(subscribed >= 199_000, "nearly every cycle got as far as its answer: " + summary);

            try (TestMiner next = new TestMiner(lab.proxy)) {
                next.subscribeAndAuthorize("after.churn");
                next.awaitNotify();
                assertEquals(ShareAnswer.ACCEPTED, ShareAnswer.of(next.submit("after.churn", next.findShare(0, true))));
            }
        }
    }

    @Test
    void theNextHolderOfAReusedExtranonce1CannotRepeatItsPredecessorsShares() throws Exception {
        // One connection at a time: the only extranonce1 there is goes from one miner to the next in one block.
        // (The per-address rate would otherwise pace the second connection: its burst is the per-address limit, 1.)
        V1ServerConfig v1 = V1ServerConfig.defaults().withConnectionLimits(1, 1).withConnectionRatePerIp(0, 0);
        try (Lab lab = new Lab(Lab.quietPool(), c -> c.withV1(v1, 1))) {
            byte[] extranonce1;
            String job;
            TestMiner.Share first;
            try (TestMiner a = new TestMiner(lab.proxy)) {
                a.subscribeAndAuthorize("rig.a");
                a.awaitNotify();
                extranonce1 = a.extranonce1;
                job = a.notify.get(0).asText();
                first = a.findShare(0, true);
                assertEquals(ShareAnswer.ACCEPTED, ShareAnswer.of(a.submit("rig.a", first)));
            }
            Lab.awaitTrue(() -> lab.translator.status().miners() == 0, "the first miner gone");
            try (TestMiner b = connectOnceTheLimitFrees(lab, "rig.b")) {
                b.awaitNotify();
                assertArrayEquals(extranonce1, b.extranonce1, "the same bytes");
                assertEquals(job, b.notify.get(0).asText(), "on the same job");
                TestMiner.Share again = b.findShare(0, true);
                assertEquals(first.nonce(), again.nonce(), "firmware starting where its predecessor did finds the same share");
                assertEquals(ShareAnswer.DUPLICATE, ShareAnswer.of(b.submit("rig.b", again)));
                assertEquals(ShareAnswer.ACCEPTED, ShareAnswer.of(b.submit("rig.b", b.findShare(1, true))));
            }
            PoolAccounting.Tally pool = lab.pool.accounting().of("farm");
            Lab.awaitTrue(() -> pool.accepted() == 2, "both distinct shares credited: " + pool);
            assertEquals(0, pool.count(ShareVerdict.DUPLICATE), "the pool never saw the repeat: " + pool);
            assertEquals(0, pool.rejected(), pool.toString());
        }
    }

    /**
     * The V1 server releases a connection's count just after the translator heard it leave, so the one allowed
     * connection may still be counted for a moment after miners() reads 0: a refused attempt is retried (within
     * 10 s), as firmware would.
     */
    private static TestMiner connectOnceTheLimitFrees(Lab lab, String worker) throws Exception {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
        while (true) {
            TestMiner m = new TestMiner(lab.proxy);
            try {
                m.subscribeAndAuthorize(worker);
                return m;
            } catch (java.io.IOException refused) {
                m.close();
                if (System.nanoTime() > deadline) {
                    throw refused;
                }
            }
        }
    }

    @Test
    void fiftyThousandReplaysOfAcceptedSharesAreAllRefused() throws Exception {
        int shares = 10_000;
        int replays = 50_000;
        // Flood control (tested on its own below) would cut the replayer off after 200: here every replay must be
        // judged.
        V1ServerConfig v1 = V1ServerConfig.defaults().withInvalidShareLimit(0, 1);
        try (Lab lab = new Lab(Lab.quietPool(), c -> c.withV1(v1, 1).withLimits(
                new TranslatorConfig.Limits(100, 10, 2 * shares, 4 * shares)))) {
            try (TestMiner m = new TestMiner(lab.proxy)) {
                m.subscribeAndAuthorize("replayer");
                m.awaitNotify();
                TestMiner.Share[] accepted = new TestMiner.Share[shares];
                for (int i = 0; i < shares; i++) {
                    accepted[i] = m.findShare(i, true);
                }
                // Pipelined: all the requests, then all the answers, in order.
                List<JsonNode> answers = m.pipelined("replayer", List.of(accepted));
                assertTrue(answers.stream().allMatch(a -> ShareAnswer.of(a) == ShareAnswer.ACCEPTED),
                        "every distinct share accepted first");
                TestMiner.Share[] again = new TestMiner.Share[replays];
                for (int i = 0; i < replays; i++) {
                    again[i] = accepted[i % shares];
                }
                List<JsonNode> refused = m.pipelined("replayer", List.of(again));
                assertEquals(replays, refused.stream().filter(a -> ShareAnswer.of(a) == ShareAnswer.DUPLICATE).count(),
                        "the oldest as well as the newest: nothing forgotten");
            }
            assertEquals(shares, Lab.worker(lab.translator, "replayer").accepted());
            assertEquals(replays, Lab.worker(lab.translator, "replayer").duplicate());
        }
    }

    @Test
    void twentyThousandLongWorkerNamesLeaveHeapAndMetricsWithinTheirBounds() throws Exception {
        int maxWorkers = 100;
        int recentWorkers = 50;
        io.micrometer.prometheusmetrics.PrometheusMeterRegistry registry =
                new io.micrometer.prometheusmetrics.PrometheusMeterRegistry(
                        io.micrometer.prometheusmetrics.PrometheusConfig.DEFAULT);
        try (Lab lab = new Lab(Lab.quietPool(), c -> c.withLimits(
                new TranslatorConfig.Limits(maxWorkers, recentWorkers, 8192, 1 << 20)))) {
            var metrics = new org.sv2translator.core.metrics.TranslatorMetrics(lab.translator, registry, true);
            metrics.refresh();
            int base = registry.scrape().length();
            long heapBefore = usedHeapAfterGc();
            int names = 0;
            while (names < 20_000) {
                try (TestMiner m = new TestMiner(lab.proxy)) {
                    m.call("mining.subscribe", "names/1.0");
                    for (int i = 0; i < 64 && names < 20_000; i++, names++) {
                        String name = (names + ".").repeat(255).substring(0, 255);
                        assertTrue(m.call("mining.authorize", name, "x").path("result").asBoolean(), name);
                    }
                    metrics.refresh(); // a scrape while the connection is up: its workers get series
                }
            }
            Lab.awaitTrue(() -> lab.translator.status().miners() == 0, "every connection gone");
            metrics.refresh();
            long heapAfter = usedHeapAfterGc();
            int size = registry.scrape().length();
            int kept = lab.translator.status().workers().size();
            assertTrue(kept <= recentWorkers + 1, "departed workers beyond the recent bound forgotten: " + kept);
            // Nine series per worker, each naming it once (255 bytes) with its labels and value (< 200 bytes).
            int bound = base + (maxWorkers + recentWorkers + 1) * 9 * (255 + 200);
            assertTrue(size <= bound, "/metrics " + size + " bytes, bound " + bound);
            // Leaked, 20,000 names would hold tens of megabytes (each a worker entry and nine meters).
            assertTrue(heapAfter - heapBefore < 16 << 20, "heap grew by " + (heapAfter - heapBefore) + " bytes");
            System.out.printf("20,000 worker names: %d kept, /metrics %d bytes (%d before), heap %+d KB%n", kept,
                    size, base, (heapAfter - heapBefore) >> 10);
        }
    }

    private static long usedHeapAfterGc() {
        var memory = java.lang.management.ManagementFactory.getMemoryMXBean();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return memory.getHeapMemoryUsage().getUsed();
    }

    @Test
    void aMinerFloodingInvalidSharesIsToldWhyAndCutOffWhileTheOthersWork() throws Exception {
        try (Lab lab = new Lab(Lab.quietPool(), c -> c)) {
            try (TestMiner honest = new TestMiner(lab.proxy); TestMiner flooder = new TestMiner(lab.proxy)) {
                honest.subscribeAndAuthorize("honest.1");
                honest.awaitNotify();
                flooder.subscribeAndAuthorize("flood.1");
                flooder.awaitNotify();
                TestMiner.Share stale = flooder.findShare(0, true);
                TestMiner.Share unknownJob = new TestMiner.Share("dead", stale.extranonce2(), stale.ntime(),
                        stale.nonce(), null, stale.hash());
                List<TestMiner.Share> flood = java.util.Collections.nCopies(1000, unknownJob);
                java.io.IOException cut = org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class,
                        () -> flooder.pipelined("flood.1", flood));
                assertTrue(cut.getMessage().contains("closed"), cut.getMessage());
                List<JsonNode> told = flooder.answersBeforeClose();
                int burst = V1ServerConfig.defaults().invalidShareBurst();
                // The burst, plus what the rate (10/s) refilled while the flood was being read, then the reason.
                assertTrue(told.size() > burst && told.size() <= burst + 1 + 30,
                        told.size() + " answers, the last: " + told.get(told.size() - 1));
                assertTrue(told.get(told.size() - 1).path("error").path(1).asText().startsWith("Too many invalid"),
                        told.get(told.size() - 1).toString());
                assertEquals(ShareAnswer.ACCEPTED,
                        ShareAnswer.of(honest.submit("honest.1", honest.findShare(0, true))), "the other miner works on");
            }
            assertEquals(1L, lab.translator.status().downstream().disconnects().get("invalid-shares"));
        }
    }

    /** What a share was answered, by the conventional codes. */
    enum ShareAnswer {
        ACCEPTED, STALE, DUPLICATE, LOW_DIFFICULTY, OTHER;

        static ShareAnswer of(JsonNode response) {
            if (response.path("result").asBoolean(false)) {
                return ACCEPTED;
            }
            return switch (response.path("error").path(0).asInt()) {
                case 21 -> STALE;
                case 22 -> DUPLICATE;
                case 23 -> LOW_DIFFICULTY;
                default -> OTHER;
            };
        }
    }
}
