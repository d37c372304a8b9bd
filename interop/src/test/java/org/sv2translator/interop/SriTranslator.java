package org.sv2translator.interop;

import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * SRI's {@code translator_sv2} as a child process: V1 miners in front, one SV2 pool (ours, in the tests) behind. The
 * TOML is written here from the keys of the crate's {@code TranslatorConfig} (0.2.5); nothing
 * of SRI's example configs is copied. Built without the {@code monitoring} feature, it has no HTTP API: what it did
 * is read from its log (info level), one line per event the checks count.
 */
final class SriTranslator implements AutoCloseable {
    /** One line per share that passed its upstream channel's checks and was sent to the pool (channel_manager). */
    static final Pattern SHARE_FORWARDED = Pattern.compile("SubmitSharesExtended: valid share, forwarding it to upstream");
    /** One line per mining.submit that reached its SV1 server (any verdict). */
    static final Pattern SUBMIT_RECEIVED = Pattern.compile("Received mining.submit from SV1 downstream");
    /** One line per SubmitShares.Error from the pool. */
    static final Pattern SHARE_REFUSED_UPSTREAM = Pattern.compile("Received: SubmitSharesError");
    static final Pattern SET_TARGET_RECEIVED = Pattern.compile("Received: SetTarget");
    static final Pattern EXTENSIONS_NEGOTIATED = Pattern.compile("Extension negotiation success: supported=\\[2\\]");
    static final Pattern PREFIX_IGNORED = Pattern.compile("Cannot process SetExtranoncePrefix");

    /**
     * Settings the tests vary, each a key of translator_sv2 0.2.5's config.
     *
     * @param aggregate          {@code aggregate_channels}: one upstream extended channel for all miners, or one each
     * @param minMinerHashrate   {@code min_individual_miner_hashrate} (H/s): a new miner's difficulty, with
     * @param sharesPerMinute    {@code shares_per_minute}, the per-miner vardiff goal
     * @param vardiff            {@code enable_vardiff}
     * @param keepaliveSeconds   {@code job_keepalive_interval_secs}, 0 disables the keepalive notifies
     * @param extensions         {@code supported_extensions} and {@code required_extensions} both: translator_sv2
     *                           0.2.5 sends RequestExtensions only for required ones (see the findings)
     */
    record Settings(boolean aggregate, double minMinerHashrate, double sharesPerMinute, boolean vardiff,
                    int keepaliveSeconds, List<Integer> extensions) {
    }

    final SriProcess process;
    final InetSocketAddress address;
    final String userIdentity;

    private SriTranslator(SriProcess process, InetSocketAddress address, String userIdentity) {
        this.process = process;
        this.address = address;
        this.userIdentity = userIdentity;
    }

    /**
     * Writes the config into a new folder under {@code parent}, starts translator_sv2 against the pool at
     * {@code upstream} (pinning {@code authorityPublicKey}), and returns once it accepts V1 connections.
     */
    static SriTranslator start(SriRoles sri, Path parent, String name, InetSocketAddress upstream,
                               String authorityPublicKey, String userIdentity, Settings settings)
            throws IOException, InterruptedException {
        Path dir = Files.createDirectories(parent.resolve(name));
        int port = SriProcess.freePort();
        Map<String, Object> toml = new LinkedHashMap<>();
        toml.put("downstream_address", "127.0.0.1");
        toml.put("downstream_port", port);
        toml.put("min_supported_version", 2);
        toml.put("max_supported_version", 2);
        toml.put("downstream_extranonce2_size", 4);
        toml.put("user_identity", userIdentity);
        toml.put("aggregate_channels", settings.aggregate());
        toml.put("supported_extensions", settings.extensions());
        toml.put("required_extensions", settings.extensions());
        Map<String, Object> difficulty = new LinkedHashMap<>();
        difficulty.put("min_individual_miner_hashrate", settings.minMinerHashrate());
        difficulty.put("shares_per_minute", settings.sharesPerMinute());
        difficulty.put("enable_vardiff", settings.vardiff());
        difficulty.put("job_keepalive_interval_secs", settings.keepaliveSeconds());
        toml.put("downstream_difficulty_config", difficulty);
        Map<String, Object> pool = new LinkedHashMap<>();
        pool.put("address", upstream.getHostString());
        pool.put("port", upstream.getPort());
        pool.put("authority_pubkey", authorityPublicKey);
        toml.put("upstreams", List.of(pool));
        new TomlMapper().writeValue(dir.resolve("config.toml").toFile(), toml);
        SriProcess process = SriProcess.start(name, sri.translator(), dir);
        SriTranslator translator = new SriTranslator(process, new InetSocketAddress("127.0.0.1", port), userIdentity);
        try {
            process.awaitListening(port);
        } catch (AssertionError | InterruptedException e) {
            translator.close();
            throw e;
        }
        return translator;
    }

    long forwarded() {
        return process.count(SHARE_FORWARDED);
    }

    long submitsReceived() {
        return process.count(SUBMIT_RECEIVED);
    }

    long refusedUpstream() {
        return process.count(SHARE_REFUSED_UPSTREAM);
    }

    @Override
    public void close() throws InterruptedException {
        process.close();
    }
}
