package org.sv2translator.core;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.sv2translator.core.difficulty.DifficultySteps;
import org.sv2translator.core.upstream.UpstreamConfig;
import org.sv2translator.v1.V1ServerConfig;

/**
 * Everything the translator needs, as the CLI builds it from flags.
 *
 * @param listen            where miners connect (Stratum V1)
 * @param v1                V1 server limits (line length, connection limits, idle timeout, accept rate...)
 * @param upstream          the pools and how to use them
 * @param mode              aggregated (one channel) or per-miner channels
 * @param userIdentity      aggregated: the channel's user_identity (the pool account the pool credits);
 *                          per-miner: a prefix put before each worker name (may be empty; see perMinerIdentity)
 * @param extranonce2Size   extranonce2 bytes offered to miners (1..8: cgminer-derived firmware breaks above 8)
 * @param sharesPerMinute   vardiff's target share rate per miner
 * @param initialDifficulty a new miner's difficulty until vardiff or its suggest_difficulty says otherwise
 * @param minDifficulty     floor of any miner's difficulty
 * @param versionRolling    offer BIP310 version rolling to miners (the pool's jobs still decide per job)
 * @param v1Threads         event loop threads for miner connections
 * @param transport         the sockets' Netty transport (native epoll or NIO)
 * @param limits            bounds on the state miners can make the translator keep
 * @param difficultySteps   which difficulties miners are sent: any, or powers of two (see {@link DifficultySteps})
 */
public record TranslatorConfig(InetSocketAddress listen, V1ServerConfig v1, UpstreamConfig upstream,
                               ChannelMode mode, String userIdentity, int extranonce2Size, double sharesPerMinute,
                               double initialDifficulty, double minDifficulty, boolean versionRolling,
                               int v1Threads, Transport transport, Limits limits,
                               DifficultySteps difficultySteps) {
    /**
     * Bounds on state keyed by miner input (README, "Hostile or broken miners").
     *
     * @param maxWorkers            workers with counters of their own while connected; further ones share one entry
     * @param recentWorkers         departed workers whose counters are kept (the most recent), then forgotten
     * @param sharesPerMiner        shares remembered per extranonce1 per block for duplicate detection; above it
     *                              further shares are refused (the difficulty is raised well before)
     * @param sharesRemembered      the same, for the whole translator
     */
    public record Limits(int maxWorkers, int recentWorkers, int sharesPerMiner, long sharesRemembered) {
        public static final Limits DEFAULTS = new Limits(10_000, 1_000, 8192, 4L << 20);

        public Limits {
            if (maxWorkers < 1 || recentWorkers < 0 || sharesPerMiner < 1 || sharesRemembered < sharesPerMiner) {
                throw new IllegalArgumentException("limits: max workers >= 1, recent workers >= 0, shares per miner"
                        + " >= 1 and shares remembered >= shares per miner");
            }
        }
    }

    /**
     * Bytes of a miner's extranonce1: a unique index in aggregated mode (up to 65,536 miners per channel), zeros in
     * per-miner mode. Fixed whatever the pool grants, so failing over to a pool with a different extranonce size
     * does not change what miners were told at subscribe.
     */
    public static final int EXTRANONCE1_SIZE = 2;
    /** Miners one aggregated channel can hold at once: one extranonce1 value each. */
    public static final int MAX_AGGREGATED_MINERS = 1 << (8 * EXTRANONCE1_SIZE);
    /** user_identity is a STR0_255. */
    static final int MAX_USER_IDENTITY_BYTES = 255;
    /** How often vardiff may retarget a miner. */
    static final Duration RETARGET_INTERVAL = Duration.ofSeconds(30);

    public TranslatorConfig {
        if (extranonce2Size < 1 || extranonce2Size > 8) {
            throw new IllegalArgumentException("extranonce2 size must be 1..8 (cgminer-based firmware breaks on"
                    + " longer), got " + extranonce2Size);
        }
        if (!(sharesPerMinute > 0) || !(initialDifficulty > 0) || !(minDifficulty > 0)) {
            throw new IllegalArgumentException("shares per minute and difficulties must be positive");
        }
        java.util.Objects.requireNonNull(transport, "transport");
        java.util.Objects.requireNonNull(limits, "limits");
        java.util.Objects.requireNonNull(difficultySteps, "difficultySteps");
        if (mode == ChannelMode.AGGREGATED && v1.maxConnections() > MAX_AGGREGATED_MINERS) {
            throw new IllegalArgumentException("max connections " + v1.maxConnections() + " is more than the "
                    + MAX_AGGREGATED_MINERS + " extranonce1 values of the aggregated channel");
        }
        if (v1Threads < 1) {
            throw new IllegalArgumentException("v1Threads must be at least 1");
        }
        int bytes = userIdentity.getBytes(StandardCharsets.UTF_8).length;
        if (mode == ChannelMode.AGGREGATED && (bytes == 0 || bytes > MAX_USER_IDENTITY_BYTES)) {
            throw new IllegalArgumentException("user identity must be 1..255 bytes of UTF-8");
        }
        if (bytes > MAX_USER_IDENTITY_BYTES) {
            throw new IllegalArgumentException("worker prefix must be at most 255 bytes of UTF-8");
        }
    }

    /** Aggregated mode with the defaults of the CLI for the rest: handy for tests and embedding. */
    public static TranslatorConfig aggregated(InetSocketAddress listen, UpstreamConfig upstream,
                                              String userIdentity) {
        return new TranslatorConfig(listen, V1ServerConfig.defaults(), upstream, ChannelMode.AGGREGATED,
                userIdentity, 4, 12, 1024, 0.001, true, Runtime.getRuntime().availableProcessors(), Transport.AUTO,
                Limits.DEFAULTS, DifficultySteps.POW2);
    }

    public TranslatorConfig withMode(ChannelMode mode, String userIdentity) {
        return new TranslatorConfig(listen, v1, upstream, mode, userIdentity, extranonce2Size, sharesPerMinute,
                initialDifficulty, minDifficulty, versionRolling, v1Threads, transport, limits,
                difficultySteps);
    }

    public TranslatorConfig withDifficulty(double sharesPerMinute, double initialDifficulty, double minDifficulty) {
        return new TranslatorConfig(listen, v1, upstream, mode, userIdentity, extranonce2Size, sharesPerMinute,
                initialDifficulty, minDifficulty, versionRolling, v1Threads, transport, limits,
                difficultySteps);
    }

    public TranslatorConfig withV1(V1ServerConfig v1, int v1Threads) {
        return new TranslatorConfig(listen, v1, upstream, mode, userIdentity, extranonce2Size, sharesPerMinute,
                initialDifficulty, minDifficulty, versionRolling, v1Threads, transport, limits,
                difficultySteps);
    }

    public TranslatorConfig withUpstream(UpstreamConfig upstream) {
        return new TranslatorConfig(listen, v1, upstream, mode, userIdentity, extranonce2Size, sharesPerMinute,
                initialDifficulty, minDifficulty, versionRolling, v1Threads, transport, limits,
                difficultySteps);
    }

    public TranslatorConfig withExtranonce2Size(int size) {
        return new TranslatorConfig(listen, v1, upstream, mode, userIdentity, size, sharesPerMinute,
                initialDifficulty, minDifficulty, versionRolling, v1Threads, transport, limits,
                difficultySteps);
    }

    public TranslatorConfig withVersionRolling(boolean on) {
        return new TranslatorConfig(listen, v1, upstream, mode, userIdentity, extranonce2Size, sharesPerMinute,
                initialDifficulty, minDifficulty, on, v1Threads, transport, limits,
                difficultySteps);
    }

    public TranslatorConfig withTransport(Transport transport) {
        return new TranslatorConfig(listen, v1, upstream, mode, userIdentity, extranonce2Size, sharesPerMinute,
                initialDifficulty, minDifficulty, versionRolling, v1Threads, transport, limits,
                difficultySteps);
    }

    public TranslatorConfig withLimits(Limits limits) {
        return new TranslatorConfig(listen, v1, upstream, mode, userIdentity, extranonce2Size, sharesPerMinute,
                initialDifficulty, minDifficulty, versionRolling, v1Threads, transport, limits,
                difficultySteps);
    }

    public TranslatorConfig withDifficultySteps(DifficultySteps steps) {
        return new TranslatorConfig(listen, v1, upstream, mode, userIdentity, extranonce2Size, sharesPerMinute,
                initialDifficulty, minDifficulty, versionRolling, v1Threads, transport, limits, steps);
    }

    /**
     * Per-miner mode: a worker's channel user_identity, the prefix and the worker name joined by {@code .} (unless
     * the prefix is empty or already ends with one): {@code farmA} + {@code cpu.rig2} is {@code farmA.cpu.rig2}.
     */
    public String perMinerIdentity(String workerName) {
        return userIdentity.isEmpty() || userIdentity.endsWith(".") ? userIdentity + workerName
                : userIdentity + "." + workerName;
    }

    /** The extranonce bytes miners fill, asked of the pool as min_extranonce_size. */
    public int downstreamExtranonceBytes() {
        return EXTRANONCE1_SIZE + extranonce2Size;
    }
}
