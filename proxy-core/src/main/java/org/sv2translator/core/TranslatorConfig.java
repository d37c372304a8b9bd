package org.sv2translator.core;

import java.net.InetSocketAddress;
import java.time.Duration;
import org.sv2translator.core.upstream.UpstreamConfig;
import org.sv2translator.v1.V1ServerConfig;

/**
 * Everything the translator needs, as the CLI builds it from flags.
 *
 * @param listen            where miners connect (Stratum V1)
 * @param v1                V1 server limits (line length, connection limits, idle timeout...)
 * @param upstream          the pool connection
 * @param extranonce2Size   extranonce2 bytes offered to miners (1..8: cgminer-derived firmware breaks above 8)
 * @param sharesPerMinute   vardiff's target share rate per miner
 * @param initialDifficulty a new miner's difficulty until vardiff or its suggest_difficulty says otherwise
 * @param minDifficulty     floor of any miner's difficulty
 * @param versionRolling    offer BIP310 version rolling to miners (the pool's jobs still decide per job)
 * @param v1Threads         event loop threads for miner connections
 */
public record TranslatorConfig(InetSocketAddress listen, V1ServerConfig v1, UpstreamConfig upstream,
                               int extranonce2Size, double sharesPerMinute, double initialDifficulty,
                               double minDifficulty, boolean versionRolling, int v1Threads) {
    /** Bytes of a miner's extranonce1 that must be unique: up to 65,536 miners per channel. */
    public static final int LOCAL_INDEX_BYTES = 2;
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
        if (v1Threads < 1) {
            throw new IllegalArgumentException("v1Threads must be at least 1");
        }
    }

    /** The min_extranonce_size to ask of the pool. */
    public static int minExtranonceSize(int extranonce2Size) {
        return LOCAL_INDEX_BYTES + extranonce2Size;
    }
}
