package org.sv2translator.interop;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.UnaryOperator;
import org.sv2translator.core.ChannelMode;
import org.sv2translator.core.Transport;
import org.sv2translator.core.Translator;
import org.sv2translator.core.TranslatorConfig;
import org.sv2translator.core.TranslatorStatus;
import org.sv2translator.core.difficulty.DifficultySteps;
import org.sv2translator.core.upstream.FailoverPolicy;
import org.sv2translator.core.upstream.PoolEndpoint;
import org.sv2translator.core.upstream.UpstreamConfig;
import org.sv2translator.v1.V1ServerConfig;
import org.sv2translator.v2.noise.AuthorityKey;

/** Our translator as the interop tests run it: in this JVM, in front of SRI pools, with a few tests' settings. */
final class Translators {
    /** The swarm's RATE miners submit this often; vardiff is asked for the same rate, so it holds them still. */
    static final double MINER_SHARES_PER_SECOND = 5;
    /**
     * The miners' floor: RATE miners grind ~4,000 hashes a share, a hashing thread finds about one share a second.
     * It is also their starting difficulty while SRI's channel target is at its maximum (before the first
     * UpdateChannel, see README's interop section).
     */
    static final double MIN_DIFFICULTY = 1.0 / (1 << 12);
    /** Quick enough for a test: the next pool after two failed attempts 100-400 ms apart. */
    static final FailoverPolicy FAST_FAILOVER = new FailoverPolicy(Duration.ofMillis(100), Duration.ofMillis(400), 2,
            Duration.ofSeconds(2));

    private Translators() {
    }

    static Translator start(ChannelMode mode, String userIdentity, SriPool... pools) throws Exception {
        return start(mode, userIdentity, UnaryOperator.identity(), pools);
    }

    /** {@code upstream} adjusts the pool settings (failover policy, liveness checks) a test needs. */
    static Translator start(ChannelMode mode, String userIdentity, UnaryOperator<UpstreamConfig> upstream,
                            SriPool... pools) throws Exception {
        List<PoolEndpoint> endpoints = Arrays.stream(pools).map(Translators::endpoint).toList();
        TranslatorConfig config = new TranslatorConfig(new InetSocketAddress("127.0.0.1", 0),
                V1ServerConfig.defaults(),
                upstream.apply(new UpstreamConfig(endpoints, false, true, FAST_FAILOVER)), mode,
                userIdentity, 4, MINER_SHARES_PER_SECOND * 60, MIN_DIFFICULTY, MIN_DIFFICULTY, true, 1,
                Transport.AUTO, TranslatorConfig.Limits.DEFAULTS, DifficultySteps.POW2);
        Translator t = new Translator(config).start();
        t.listening().get(10, TimeUnit.SECONDS);
        return t;
    }

    static PoolEndpoint endpoint(SriPool pool) {
        try {
            return new PoolEndpoint(pool.address, AuthorityKey.decodePublicKey(pool.authorityPublicKey));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Until every share sent has its verdict or was counted lost: only then do two sides' counts compare. */
    static TranslatorStatus.Upstream drained(Translator t) throws InterruptedException {
        await(() -> {
            TranslatorStatus.Upstream u = t.status().upstream();
            return u.sharesSent() == u.sharesAccepted() + u.sharesRejected() + u.sharesLost();
        }, Duration.ofSeconds(15), "every share sent answered", () -> t.status().upstream().toString());
        return t.status().upstream();
    }

    /** Polls {@code condition} until it holds; the message and {@code state} say what was awaited and what was seen. */
    static void await(BooleanSupplier condition, Duration timeout, String what, java.util.function.Supplier<String> state)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + timeout.toSeconds() + " s: " + what + " (" + state.get() + ")");
            }
            Thread.sleep(50);
        }
    }
}
