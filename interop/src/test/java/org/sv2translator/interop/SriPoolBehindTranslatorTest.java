package org.sv2translator.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import org.sv2translator.core.ChannelMode;
import org.sv2translator.core.Translator;
import org.sv2translator.core.TranslatorStatus;
import org.sv2translator.testbed.swarm.Swarm;
import org.sv2translator.testbed.swarm.SwarmConfig;
import org.sv2translator.testbed.tp.SubmittedSolution;
import org.sv2translator.testbed.tp.TemplateProvider;
import org.sv2translator.testbed.tp.TemplateProviderConfig;

/**
 * Miners → our translator → SRI's pool_sv2 (built from crates.io) ← our Template Provider, all on loopback. The
 * pool validates every share with its own code; the checks are that it refused none of the shares the translator
 * forwarded (each of which a miner was told was accepted), and that what it credits is what the translator sent.
 */
class SriPoolBehindTranslatorTest {
    private static final Pattern EXTENSIONS_NEGOTIATED = Pattern.compile("Stored negotiated extensions: \\[2\\]");
    private static SriRoles sri;
    /** Kept when a test fails: the SRI roles' logs are in it. */
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path dir;

    @BeforeAll
    static void roles() throws Exception {
        sri = SriRoles.require();
        java.nio.file.Files.deleteIfExists(
                Path.of(System.getProperty("repo.dir", ".."), "interop", "target", "sri-pool-figures.txt"));
    }

    /** A template every 5 s, blocks when the swarm finds them (about one in 10 s) or when a test says so. */
    private static TemplateProvider templateProvider(double networkDifficulty) throws Exception {
        TemplateProviderConfig config = TemplateProviderConfig.defaults().withBlockInterval(Duration.ofHours(1))
                .withTemplateInterval(Duration.ofSeconds(5)).withTransactionCount(500)
                .withNetworkDifficulty(networkDifficulty);
        return new TemplateProvider(config, null, 1, 7).start(new InetSocketAddress("127.0.0.1", 0));
    }

    private static Swarm rateSwarm(Translator t, int miners, String prefix) throws Exception {
        return new Swarm(SwarmConfig.defaults(t.listening().get()).withMiners(miners).withWorkerPrefix(prefix)
                .withMode(SwarmConfig.Mode.RATE).withSharesPerSecond(Translators.MINER_SHARES_PER_SECOND), null)
                .start();
    }

    private static Swarm hashingSwarm(Translator t, int miners, String prefix) throws Exception {
        return new Swarm(SwarmConfig.defaults(t.listening().get()).withMiners(miners).withWorkerPrefix(prefix)
                .withMode(SwarmConfig.Mode.HASHING).withHashingThreads(1), null).start();
    }

    @Test
    void aggregatedChannelCreditsEveryShareTheTranslatorForwarded() throws Exception {
        try (TemplateProvider tp = templateProvider(0.05);
             SriPool pool = SriPool.start(sri, dir, "pool", tp.localAddress(), tp.authorityPublicKey(),
                     SriPool.Settings.defaults().withSharesPerMinute(600));
             Translator translator = Translators.start(ChannelMode.AGGREGATED, "farm", pool)) {
            double before = 0;
            try (Swarm rate = rateSwarm(translator, 8, "rate"); Swarm hashing = hashingSwarm(translator, 2, "hash")) {
                Translators.await(() -> translator.status().upstream().sharesAccepted() >= 60, Duration.ofSeconds(60),
                        "60 shares accepted by pool_sv2", () -> translator.status().upstream() + "\n" + pool.process.tail(20));
                // A block from "the network": SetNewPrevHash through the pool, clean jobs to every miner.
                long prevhashes = translator.status().prevhashChanges();
                before = translator.status().upstream().sharesAccepted();
                tp.newBlock();
                Translators.await(() -> translator.status().prevhashChanges() > prevhashes, Duration.ofSeconds(10),
                        "the new prevhash reached the miners", () -> "");
                double after = before;
                Translators.await(() -> translator.status().upstream().sharesAccepted() >= after + 60
                                && !tp.solutions().isEmpty(), Duration.ofSeconds(90),
                        "60 more shares and a block found by the swarm",
                        () -> translator.status().upstream() + " solutions " + tp.solutions());
            }
            TranslatorStatus.Upstream up = Translators.drained(translator);
            TranslatorStatus status = translator.status();

            // Nothing the translator forwarded was refused under a rule of pool_sv2's that the translator lacks: the
            // only refusals are shares a new prevhash crossed on the wire (the miner's answer cannot wait for it).
            assertRefusedOnlyInFlight(up, pool);
            assertTrue(up.sharesAccepted() >= 120, up::toString);

            // What the pool credits is what the translator sent.
            Translators.await(() -> pool.credited() == up.sharesAccepted(), Duration.ofSeconds(5),
                    "pool_sv2's monitoring API counts the shares", () -> pool.channelsNow().toString());
            List<SriPool.ChannelCredit> channels = pool.channels();
            assertEquals(1, channels.size(), channels::toString);
            SriPool.ChannelCredit channel = channels.get(0);
            assertTrue(channel.extended(), channel::toString);
            assertEquals("farm", channel.userIdentity());
            assertEquals(up.sharesAccepted(), channel.sharesAccepted());
            assertEquals(up.sharesRejected(), channel.sharesRejected(), channel::toString);
            assertEquals(1.0, channel.shareWorkSum() / up.sentDifficulty(), 0.01,
                    () -> "work credited " + channel.shareWorkSum() + " vs sent " + up.sentDifficulty());

            // Vardiff both ways: our UpdateChannel reached the pool, its SetTarget reached us.
            assertTrue(channel.nominalHashrate() > 0, channel::toString);
            assertTrue(status.channelDifficulty() > 1e-6, () -> "channel difficulty " + status.channelDifficulty());

            // Worker-specific hashrate tracking (extension 0x0002) negotiated; its TLV parsed on every share.
            assertEquals(1, pool.process.count(EXTENSIONS_NEGOTIATED), () -> pool.process.tail(40));

            // The swarm's block went through the pool to the Template Provider and was valid there.
            List<SubmittedSolution> blocks = tp.solutions();
            assertTrue(blocks.stream().allMatch(SubmittedSolution::accepted), blocks::toString);
            assertTrue(status.shares().blockCandidates() >= 1, status.shares()::toString);
            assertEquals(blocks.size(), channel.blocksFound(), () -> blocks + " vs " + channel);
            figures("aggregated", "translator sent " + up.sharesSent() + ", pool_sv2 accepted " + channel.sharesAccepted()
                    + ", refused " + channel.sharesRejected() + " (stale in flight " + up.staleInFlight() + "), lost "
                    + up.sharesLost() + "; work credited/sent " + String.format("%.6f", channel.shareWorkSum()
                    / up.sentDifficulty()) + "; channel difficulty " + String.format("%.3g", status.channelDifficulty())
                    + "; blocks found by the swarm and valid at the TP " + blocks.size() + "; miners told accepted "
                    + status.shares().accepted() + ", rejected " + status.shares().rejected());
        }
    }

    @Test
    void perMinerChannelsAreCreditedWorkerByWorker() throws Exception {
        try (TemplateProvider tp = templateProvider(1000);
             SriPool pool = SriPool.start(sri, dir, "pool", tp.localAddress(), tp.authorityPublicKey(),
                     SriPool.Settings.defaults().withSharesPerMinute(600));
             Translator translator = Translators.start(ChannelMode.PER_MINER, "farm", pool)) {
            try (Swarm rate = rateSwarm(translator, 3, "rig")) {
                Translators.await(() -> translator.status().openChannels() == 3
                                && translator.status().workers().stream().allMatch(w -> w.upstreamAccepted() >= 20),
                        Duration.ofSeconds(60), "three channels, 20 shares accepted on each",
                        () -> translator.status().workers() + "\n" + pool.process.tail(20));
                // The miners stay (a per-miner channel closes with its miner) while the last verdicts come in.
                rate.stopSubmitting();
                TranslatorStatus.Upstream up = Translators.drained(translator);
                assertRefusedOnlyInFlight(up, pool);
                Translators.await(() -> pool.credited() == up.sharesAccepted(), Duration.ofSeconds(5),
                        "pool_sv2's monitoring API counts the shares", () -> pool.channelsNow().toString());
                Map<String, Long> byIdentity = new TreeMap<>();
                for (SriPool.ChannelCredit c : pool.channels()) {
                    assertTrue(c.extended(), c::toString);
                    byIdentity.merge(c.userIdentity(), c.sharesAccepted(), Long::sum);
                }
                Map<String, Long> byWorker = new TreeMap<>();
                for (TranslatorStatus.Worker w : translator.status().workers()) {
                    byWorker.put("farm." + w.name(), w.upstreamAccepted());
                }
                assertEquals(Set.of("farm.rig.0", "farm.rig.1", "farm.rig.2"), byWorker.keySet());
                assertEquals(byWorker, byIdentity, "each worker's channel credited with what was sent for it");
                figures("per-miner", "pool_sv2 credited by user_identity " + byIdentity + ", refused "
                        + up.sharesRejected() + " (stale in flight " + up.staleInFlight() + ")");
            }
            // The miners gone, their channels are closed at the pool too.
            Translators.await(() -> pool.channelsNow().isEmpty(), Duration.ofSeconds(10),
                    "pool_sv2 has no channel left", () -> pool.channelsNow().toString());
        }
    }

    /** Refusals only of shares sent on the previous prevhash while the new one was on its way (README, interop). */
    static void assertRefusedOnlyInFlight(TranslatorStatus.Upstream up, SriPool... pools) {
        assertEquals(up.staleInFlight(), up.sharesRejected(), () -> "pool_sv2 refused shares: " + up.errors());
        long inLogs = 0;
        for (SriPool p : pools) {
            inLogs += p.sharesRefusedInLog();
        }
        assertEquals(up.sharesRejected(), inLogs, "the pools' logs count the refusals the translator counted");
        assertTrue(up.errors().keySet().stream().allMatch(e -> e.equals("SubmitShares.Error: stale-share")),
                () -> up.errors().toString());
    }

    /** One line to standard error and to interop/target/sri-pool-figures.txt, for README's interop section. */
    private static void figures(String test, String line) throws java.io.IOException {
        String text = "SRI pool behind the translator (pool_sv2 " + sri.poolVersion + "), " + test + ": " + line;
        System.err.println(text);
        Path out = Path.of(System.getProperty("repo.dir", ".."), "interop", "target", "sri-pool-figures.txt");
        java.nio.file.Files.createDirectories(out.getParent());
        java.nio.file.Files.writeString(out, text + "\n", java.nio.charset.StandardCharsets.UTF_8,
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
    }
}
