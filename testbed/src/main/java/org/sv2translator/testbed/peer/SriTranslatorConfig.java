package org.sv2translator.testbed.peer;

import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The settings of SRI's translator_sv2 0.2.5 that the benchmark and the interop tests vary, each a key of the crate's
 * {@code TranslatorConfig} (its field names, read from its source; nothing of SRI's example configs is copied).
 * translator_sv2 has no key limiting downstream connections: the open-files limit it inherits is the only bound.
 *
 * @param downstream          {@code downstream_address} and {@code downstream_port}: where V1 miners connect
 * @param pool                the one entry of {@code upstreams}: the SV2 pool's address and port
 * @param poolAuthorityKey    that entry's {@code authority_pubkey} (base58check), pinned in the Noise handshake
 * @param userIdentity        {@code user_identity}; per-miner channels are named {@code <it>.miner<n>}, the
 *                            aggregated one {@code <it>.translator-proxy}
 * @param aggregate           {@code aggregate_channels}: one upstream extended channel for all miners, or one each
 * @param minMinerHashrate    {@code min_individual_miner_hashrate} (H/s), with {@code sharesPerMinute} the
 *                            difficulty of a new miner ({@link SriDifficulty}) and the nominal hashrate of the
 *                            channel it opens upstream
 * @param sharesPerMinute     {@code shares_per_minute}: the vardiff goal
 * @param vardiff             {@code enable_vardiff}; off, the miners keep the first difficulty until the pool sends a
 *                            SetTarget, which translator_sv2 then passes on as it is
 * @param keepaliveSeconds    {@code job_keepalive_interval_secs}; 0 disables the keepalive notifies
 * @param extensions          {@code supported_extensions} and {@code required_extensions} both: translator_sv2
 *                            0.2.5 sends RequestExtensions only for required ones
 * @param extranonce2Size     {@code downstream_extranonce2_size}: the extranonce2 bytes each miner rolls
 */
public record SriTranslatorConfig(InetSocketAddress downstream, InetSocketAddress pool, String poolAuthorityKey,
                                  String userIdentity, boolean aggregate, double minMinerHashrate,
                                  double sharesPerMinute, boolean vardiff, int keepaliveSeconds,
                                  List<Integer> extensions, int extranonce2Size) {
    /**
     * The benchmark's shares_per_minute: with vardiff off it only enters the difficulty formula, and 60 makes
     * min_individual_miner_hashrate the hashrate of one share a second at the miner difficulty (about d * 2^32
     * H/s), which is also the nominal hashrate each channel reports upstream.
     */
    public static final double BENCH_SHARES_PER_MINUTE = 60;

    public SriTranslatorConfig {
        extensions = List.copyOf(extensions);
        if (extranonce2Size < 1 || extranonce2Size > 16 || keepaliveSeconds < 0 || keepaliveSeconds > 0xFFFF) {
            throw new IllegalArgumentException("extranonce2 size or keepalive out of range");
        }
        if (!(minMinerHashrate >= 0) || !(sharesPerMinute > 0)) {
            throw new IllegalArgumentException("hashrate must be non-negative and shares per minute positive");
        }
    }

    /**
     * The benchmark's peer: every miner at {@code minerDifficulty} for the whole run (vardiff off), no keepalive
     * notifies and no extensions (the per-share traffic is then the same as ours without worker tracking), 4 bytes
     * of extranonce2 as the swarm's miners expect.
     *
     * <p>The pool derives each channel's target from its nominal hashrate (here about {@code minerDifficulty *
     * 2^32} H/s); translator_sv2 answers true to a share that meets the miner's difficulty but not that target and
     * never forwards it. For every share to reach the pool, its channel target must be no harder than the miners':
     * with the testbed pool, a minimum difficulty of {@code minerDifficulty} and shares per minute of at least 60.
     */
    public static SriTranslatorConfig bench(InetSocketAddress downstream, InetSocketAddress pool,
                                            String poolAuthorityKey, double minerDifficulty, boolean aggregate) {
        return new SriTranslatorConfig(downstream, pool, poolAuthorityKey, "peer", aggregate,
                SriDifficulty.hashrateFor(minerDifficulty, BENCH_SHARES_PER_MINUTE), BENCH_SHARES_PER_MINUTE, false,
                0, List.of(), 4);
    }

    /** The difficulty translator_sv2 will give its miners (the requested one, to its step, see SriDifficulty). */
    public double minerDifficulty() {
        return SriDifficulty.minerDifficulty(minMinerHashrate, sharesPerMinute);
    }

    /** The config as translator_sv2 reads it: key names and nesting of TranslatorConfig 0.2.5. */
    public Map<String, Object> toToml() {
        Map<String, Object> toml = new LinkedHashMap<>();
        toml.put("downstream_address", downstream.getHostString());
        toml.put("downstream_port", downstream.getPort());
        toml.put("min_supported_version", 2);
        toml.put("max_supported_version", 2);
        toml.put("downstream_extranonce2_size", extranonce2Size);
        toml.put("user_identity", userIdentity);
        toml.put("aggregate_channels", aggregate);
        toml.put("supported_extensions", extensions);
        toml.put("required_extensions", extensions);
        Map<String, Object> difficulty = new LinkedHashMap<>();
        difficulty.put("min_individual_miner_hashrate", minMinerHashrate);
        difficulty.put("shares_per_minute", sharesPerMinute);
        difficulty.put("enable_vardiff", vardiff);
        difficulty.put("job_keepalive_interval_secs", keepaliveSeconds);
        toml.put("downstream_difficulty_config", difficulty);
        Map<String, Object> upstream = new LinkedHashMap<>();
        upstream.put("address", pool.getHostString());
        upstream.put("port", pool.getPort());
        upstream.put("authority_pubkey", poolAuthorityKey);
        toml.put("upstreams", List.of(upstream));
        return toml;
    }

    /** Writes {@link #toToml()} to {@code file}. */
    public void write(Path file) throws IOException {
        new TomlMapper().writeValue(file.toFile(), toToml());
    }
}
