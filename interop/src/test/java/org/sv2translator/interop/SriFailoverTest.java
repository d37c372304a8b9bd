package org.sv2translator.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import org.sv2translator.core.ChannelMode;
import org.sv2translator.core.Translator;
import org.sv2translator.core.TranslatorStatus;
import org.sv2translator.core.upstream.FailoverPolicy;
import org.sv2translator.core.upstream.Liveness;
import org.sv2translator.testbed.swarm.Swarm;
import org.sv2translator.testbed.swarm.SwarmConfig;
import org.sv2translator.testbed.tp.TemplateProvider;
import org.sv2translator.testbed.tp.TemplateProviderConfig;

/**
 * Failover between two SRI pools (pool_sv2, built from crates.io), one Template Provider (ours) feeding both: miners
 * → our translator configured with [A, B] → A or B. The sequence, each step a real process signal:
 * <ol>
 *   <li>shares on A; SIGKILL A: the translator moves to B;</li>
 *   <li>A restarted (same port, keys, config); SIGKILL B: back to A;</li>
 *   <li>B restarted; SIGKILL A (second life): to B;</li>
 *   <li>A restarted; SIGSTOP B (hung: sockets open, nothing answered): the translator's verdict timeout notices,
 *       back to A.</li>
 * </ol>
 * Return to the primary is off, so each move is caused by the step's signal and nothing else. Through all of it no
 * miner is dropped (checked at every poll), shares flow on each new pool, and at the end every share the translator
 * sent is accounted for: what the pools acknowledged in their logs (every life of each) is what the translator
 * counts accepted, what they refused is what it counts rejected, and the rest it counts lost.
 *
 * <p>Each failover is timed from the signal to the first share the new pool accepted (translator status polled
 * every 5 ms); the figures go to standard error in one line and to {@code interop/target/sri-failover-figures.txt}.
 */
class SriFailoverTest {
    /** pool_sv2 0.5.0 logs each share it receives (info level) before validating it. */
    private static final Pattern SHARE_RECEIVED = Pattern.compile("Received SubmitSharesExtended");
    /** A refusal because the share's job was from an earlier prevhash (channels_sv2 7.0.0's code). */
    private static final Pattern STALE_REFUSAL = Pattern.compile("SubmitSharesError: .*error_code: stale-share");
    /**
     * Fast retries as in the other interop tests, but no return to the primary: the translator stays where it is
     * until that pool fails, so the test decides every move.
     */
    private static final FailoverPolicy STAY = new FailoverPolicy(Translators.FAST_FAILOVER.initialBackoff(),
            Translators.FAST_FAILOVER.maxBackoff(), Translators.FAST_FAILOVER.failuresBeforeNextPool(), Duration.ZERO);
    /**
     * A share without verdict for 3 s ends the connection (default 30 s). Not shorter: a healthy pool on a loaded
     * 2-core machine must never look silent, or the failover count below would be off. The idle check stays above
     * the Template Provider's 5 s template interval.
     */
    private static final Liveness QUICK_LIVENESS = new Liveness(Duration.ofSeconds(3), Duration.ofSeconds(20),
            Duration.ofSeconds(30));
    private static final int RATE_MINERS = 8;
    /**
     * One real hashing miner beside the RATE ones (which hold their difficulty still by design). It once was dropped
     * within seconds: the channel was opened with nominal_hash_rate 0, pool_sv2 answered with its maximum target, and
     * a miner capped at the channel's difficulty found a share per hash. Channels now report at least one miner's
     * hashrate (README, "The channel's first target").
     */
    private static final int HASHING_MINERS = 1;
    /** Shares accepted on a pool before the next step: enough to show shares flow, few enough to stay quick. */
    private static final int SHARES_PER_STEP = 30;
    private static final Duration STEP_TIMEOUT = Duration.ofSeconds(30);

    private static SriRoles sri;
    /** Kept when the test fails: the SRI pools' logs are in it. */
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path dir;

    private Translator translator;
    private Swarm rate;
    private Swarm hashing;

    @BeforeAll
    static void roles() throws Exception {
        sri = SriRoles.require();
    }

    /** A template every 5 s; blocks only when the miners find one. */
    private static TemplateProvider templateProvider(double networkDifficulty) throws Exception {
        TemplateProviderConfig config = TemplateProviderConfig.defaults().withBlockInterval(Duration.ofHours(1))
                .withTemplateInterval(Duration.ofSeconds(5)).withTransactionCount(500)
                .withNetworkDifficulty(networkDifficulty);
        return new TemplateProvider(config, null, 1, 7).start(new InetSocketAddress("127.0.0.1", 0));
    }

    @Test
    @Timeout(value = 150, unit = TimeUnit.SECONDS)
    void minersFollowTheTranslatorFromPoolToPoolAndEveryShareIsAccountedFor() throws Exception {
        List<String> timings = new ArrayList<>();
        Map<String, List<Long>> lives = new LinkedHashMap<>();
        long lostAtSilence;
        long staleToMiners;
        try (TemplateProvider tp = templateProvider(0.05);
             SriPool a = SriPool.start(sri, dir, "pool-a", tp.localAddress(), tp.authorityPublicKey(),
                     SriPool.Settings.defaults().withSharesPerMinute(600).withServerId(1));
             SriPool b = SriPool.start(sri, dir, "pool-b", tp.localAddress(), tp.authorityPublicKey(),
                     SriPool.Settings.defaults().withSharesPerMinute(600).withServerId(2));
             Translator t = Translators.start(ChannelMode.AGGREGATED, "farm",
                     u -> u.withFailover(STAY).withLiveness(QUICK_LIVENESS), a, b)) {
            translator = t;
            try (Swarm r = new Swarm(SwarmConfig.defaults(t.listening().get()).withMiners(RATE_MINERS)
                         .withWorkerPrefix("rate").withMode(SwarmConfig.Mode.RATE)
                         .withSharesPerSecond(Translators.MINER_SHARES_PER_SECOND), null).start();
                 Swarm h = HASHING_MINERS == 0 ? null : new Swarm(SwarmConfig.defaults(t.listening().get())
                         .withMiners(HASHING_MINERS).withWorkerPrefix("hash").withMode(SwarmConfig.Mode.HASHING)
                         .withHashingThreads(1), null).start()) {
                rate = r;
                hashing = h;
                await(() -> r.report().connected() == RATE_MINERS && connected(h) == HASHING_MINERS,
                        Duration.ofSeconds(20), "every miner connected");
                await(() -> up().activePoolIndex() == 0 && up().sharesAccepted() >= SHARES_PER_STEP, STEP_TIMEOUT,
                        SHARES_PER_STEP + " shares accepted by pool A");

                timings.add("kill A->B " + failover("SIGKILL A", () -> a.process.kill(), 1));
                restart(a, lives);
                timings.add("kill B->A " + failover("SIGKILL B", () -> b.process.kill(), 0));
                restart(b, lives);
                timings.add("kill A->B " + failover("SIGKILL A again", () -> a.process.kill(), 1));
                restart(a, lives);
                long lostBefore = up().sharesLost();
                timings.add("SIGSTOP B->A " + failover("SIGSTOP B", () -> b.process.pause(), 0));
                // The shares B had and never answered: counted lost when the translator left it.
                lostAtSilence = up().sharesLost() - lostBefore;
                assertTrue(lostAtSilence > 0, () -> "no share counted lost when leaving the silent pool: " + up());
                assertEquals(1L, up().errors().getOrDefault("Silent pool: verdict timeout", 0L), up()::toString);

                // Nobody dropped, everyone still there (the swarms' own view and the translator's).
                assertEquals(0, r.report().disconnects(), "rate miners disconnected");
                assertEquals(0, disconnects(h), "hashing miner disconnected");
                assertEquals(RATE_MINERS, r.report().connected());
                assertEquals(HASHING_MINERS, connected(h));
                assertEquals(RATE_MINERS + HASHING_MINERS, t.status().miners());
                // While no pool is there, shares on the lost channel's jobs are answered stale (21), and only that.
                assertEquals(Set.of(21), Set.copyOf(r.report().rejectedByCode().keySet()),
                        () -> "miners told no: " + r.report().rejectedByCode());
                staleToMiners = r.report().rejected();
            }
            rate = null;
            hashing = null;
            TranslatorStatus.Upstream up = Translators.drained(t);
            // One move per step, none of its own (a healthy pool taken for silent would add one).
            assertEquals(4, up.failovers(), up::toString);
            assertEquals(0, up.activePoolIndex(), up::toString);

            // What the pools' logs say, over every life of each (a restart appends to the same file).
            long acknowledged = 0;
            long refused = 0;
            long stale = 0;
            long received = 0;
            for (SriPool pool : List.of(a, b)) {
                acknowledged += acknowledged(pool.process, false);
                refused += pool.process.count(SriPool.SHARE_REFUSED);
                stale += pool.process.count(STALE_REFUSAL);
                received += pool.process.count(SHARE_RECEIVED);
            }
            long acks = acknowledged;
            String figuresOfPools = credits(a, lives) + ", " + credits(b, lives);

            // Every share the translator counts accepted, a pool acknowledged, and no more.
            assertEquals(up.sharesAccepted(), acks, () -> "acknowledged in the pools' logs " + figuresOfPools
                    + " vs translator " + up);
            // Pool refusals are the translator's rejections, and (for now) only stale shares at a block change.
            assertEquals(up.sharesRejected(), refused, () -> figuresOfPools + " vs " + up);
            assertEquals(refused, stale, () -> "refused for something else than stale-share: " + up.errors());
            // Nothing silently dropped: the pools received at most what was sent; what they received and never
            // answered (killed or stopped on it) is among the shares the translator counts lost.
            assertTrue(received <= up.sharesSent(),
                    () -> "pools received more than sent: " + figuresOfPools + " vs " + up);
            long receivedUnanswered = received - acks - refused;
            assertTrue(receivedUnanswered >= 0, () -> "pools answered more than they received: " + figuresOfPools);
            assertTrue(up.sharesLost() >= receivedUnanswered,
                    () -> "pools received " + receivedUnanswered + " shares they never answered, translator lost "
                            + up.sharesLost());
            // Every life of each pool was used (A three times, B twice) and credited shares.
            for (SriPool pool : List.of(a, b)) {
                List<Long> each = new ArrayList<>(lives.get(pool.process.name));
                each.add(acknowledged(pool.process, true));
                assertTrue(each.stream().allMatch(n -> n > 0), () -> "a life without credit: " + figuresOfPools);
            }

            // share_batch_size 1: one acknowledgement line per credited share, as the monitoring API of the live
            // pool (A, third life) counts them.
            long aLife = acknowledged(a.process, true);
            long aRefusedLife = a.process.countThisLife(SriPool.SHARE_REFUSED);
            Translators.await(() -> a.credited() == aLife, Duration.ofSeconds(5),
                    "pool A's monitoring API counts what its log acknowledged (" + aLife + ")",
                    () -> a.channelsNow().toString());
            List<SriPool.ChannelCredit> channels = a.channels();
            assertEquals(1, channels.size(), channels::toString);
            assertEquals(aLife, channels.get(0).sharesAccepted(), channels::toString);
            assertEquals(aRefusedLife, channels.get(0).sharesRejected(), channels::toString);

            String figures = String.format("SRI failover (pool_sv2 %s, %d RATE + %d hashing miners, %s): failover ms "
                            + "(signal to first share accepted by the new pool) %s | pool-credited shares %s | "
                            + "translator sent %d, accepted %d, rejected %d (pool refusals %d, stale %d), lost %d "
                            + "(%d at SIGSTOP; %d received by a pool and never answered) | miners: 0 disconnects, "
                            + "%d shares answered stale while no pool was there",
                    sri.poolVersion, RATE_MINERS, HASHING_MINERS,
                    "verdict timeout " + QUICK_LIVENESS.verdictTimeout().toSeconds() + " s",
                    String.join(", ", timings), figuresOfPools, up.sharesSent(), up.sharesAccepted(),
                    up.sharesRejected(), refused, stale, up.sharesLost(), lostAtSilence, receivedUnanswered,
                    staleToMiners);
            System.err.println(figures);
            Path out = Path.of(System.getProperty("repo.dir", ".."), "interop", "target", "sri-failover-figures.txt");
            Files.createDirectories(out.getParent());
            Files.writeString(out, figures + "\n", StandardCharsets.UTF_8);
        } finally {
            translator = null;
        }
    }

    /**
     * Runs {@code signal} and returns the milliseconds from it to the first share accepted on pool {@code to},
     * after checking the move was one failover, then waits for more shares on it.
     */
    private long failover(String what, Signal signal, int to) throws Exception {
        long failovers = up().failovers();
        long start = System.nanoTime();
        signal.send();
        await(() -> up().activePoolIndex() == to, STEP_TIMEOUT, what + ": the translator on pool " + to);
        long before = up().sharesAccepted();
        await(() -> up().sharesAccepted() > before, STEP_TIMEOUT, what + ": a share accepted by pool " + to);
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertEquals(failovers + 1, up().failovers(), () -> what + ": " + up());
        long base = up().sharesAccepted();
        await(() -> up().sharesAccepted() >= base + SHARES_PER_STEP, STEP_TIMEOUT,
                what + ": " + SHARES_PER_STEP + " more shares accepted by pool " + to);
        assertEquals(to, up().activePoolIndex(), () -> what + ": " + up());
        assertTrue(translator.status().serving(), what);
        return millis;
    }

    @FunctionalInterface
    private interface Signal {
        void send() throws Exception;
    }

    private static long connected(Swarm swarm) {
        return swarm == null ? 0 : swarm.report().connected();
    }

    private static long disconnects(Swarm swarm) {
        return swarm == null ? 0 : swarm.report().disconnects();
    }

    private TranslatorStatus.Upstream up() {
        return translator.status().upstream();
    }

    /**
     * Polls {@code condition} every 5 ms (fine enough to time a failover) until it holds, checking at each poll that
     * no miner was dropped.
     */
    private void await(BooleanSupplier condition, Duration timeout, String what) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            assertEquals(0, rate.report().disconnects(), () -> "rate miner dropped while waiting for " + what
                    + "; workers " + translator.status().workers());
            assertEquals(0, disconnects(hashing), () -> "hashing miner dropped while waiting for " + what
                    + "; workers " + translator.status().workers());
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + timeout.toSeconds() + " s: " + what + " (" + up() + ")");
            }
            Thread.sleep(5);
        }
    }

    /**
     * Shares the pool acknowledged: a SubmitShares.Success line each (share_batch_size 1), except a share that found
     * a block, which pool_sv2 0.5.0 acknowledges with a "Block Found" line instead.
     */
    private static long acknowledged(SriProcess process, boolean thisLifeOnly) {
        return thisLifeOnly
                ? process.countThisLife(SriPool.SHARE_ACKNOWLEDGED) + process.countThisLife(SriPool.BLOCK_FOUND)
                : process.count(SriPool.SHARE_ACKNOWLEDGED) + process.count(SriPool.BLOCK_FOUND);
    }

    /** Restarts {@code pool} after noting what its life that ended acknowledged. */
    private static void restart(SriPool pool, Map<String, List<Long>> lives) throws Exception {
        lives.computeIfAbsent(pool.process.name, k -> new ArrayList<>()).add(acknowledged(pool.process, true));
        pool.restart();
    }

    /** e.g. "pool-a 300 (120+95+85, 0 blocks)": in all, then per life. */
    private static String credits(SriPool pool, Map<String, List<Long>> lives) {
        List<Long> each = new ArrayList<>(lives.getOrDefault(pool.process.name, List.of()));
        each.add(acknowledged(pool.process, true));
        return pool.process.name + " " + acknowledged(pool.process, false) + " ("
                + String.join("+", each.stream().map(String::valueOf).toList()) + ", "
                + pool.process.count(SriPool.BLOCK_FOUND) + " blocks)";
    }
}
