package org.sv2translator.interop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.sv2translator.v2.noise.NoiseKeys;

/**
 * SRI's {@code pool_sv2} as a child process, fed by a Template Provider (ours), with its monitoring HTTP API on: that
 * API is what tells what the pool credited. The TOML is written here from the keys of pool_sv2 0.5.0's
 * {@code PoolConfig} (read in the crate's source); nothing of SRI's example configs is copied.
 */
final class SriPool implements AutoCloseable {
    /** One line per share the pool refused (pool_sv2 0.5.0 logs each with its code). */
    static final Pattern SHARE_REFUSED = Pattern.compile("SubmitSharesError: downstream_id");
    /** One line per valid share once share_batch_size is 1: the SubmitShares.Success it sends. */
    static final Pattern SHARE_ACKNOWLEDGED = Pattern.compile("SubmitShares(Extended|Standard): SubmitSharesSuccess");
    static final Pattern BLOCK_FOUND = Pattern.compile("Block Found");

    /**
     * Settings the tests vary.
     *
     * @param sharesPerMinute the pool's vardiff target rate per channel
     * @param serverId        separates the extranonce spaces of several pools (0-255)
     * @param extensions      extension ids the pool supports (e.g. 2, worker-specific hashrate tracking)
     */
    record Settings(double sharesPerMinute, int serverId, List<Integer> extensions) {
        static Settings defaults() {
            return new Settings(120, 0, List.of(2));
        }

        Settings withSharesPerMinute(double spm) {
            return new Settings(spm, serverId, extensions);
        }

        Settings withServerId(int id) {
            return new Settings(sharesPerMinute, id, extensions);
        }
    }

    /** What the pool says of one channel (its monitoring API, {@code /api/v1/clients/{id}/channels}). */
    record ChannelCredit(long clientId, int channelId, String userIdentity, boolean extended, long sharesAccepted,
                         long sharesRejected, Map<String, Long> rejectedByReason, double shareWorkSum,
                         double nominalHashrate, int blocksFound) {
    }

    /** The process running now: a {@link #restart()} replaces it (same folder, config, keys, ports and log file). */
    volatile SriProcess process;
    final InetSocketAddress address;
    final String authorityPublicKey;
    private final Path binary;
    private final int monitoringPort;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final ObjectMapper json = new ObjectMapper();

    private SriPool(SriProcess process, Path binary, InetSocketAddress address, String authorityPublicKey,
                    int monitoringPort) {
        this.process = process;
        this.binary = binary;
        this.address = address;
        this.authorityPublicKey = authorityPublicKey;
        this.monitoringPort = monitoringPort;
    }

    /**
     * Writes the config into a new folder under {@code parent}, starts the pool, and returns once it listens (it
     * opens its port only after the Template Provider's first template and prevhash).
     */
    static SriPool start(SriRoles sri, Path parent, String name, InetSocketAddress templateProvider,
                         String tpAuthorityKey, Settings settings) throws IOException, InterruptedException {
        NoiseKeys.AuthorityKeyPair keys = NoiseKeys.generateAuthorityKeyPair();
        Path dir = Files.createDirectories(parent.resolve(name));
        int port = SriProcess.freePort();
        int monitoring = SriProcess.freePort();
        Map<String, Object> toml = new LinkedHashMap<>();
        toml.put("listen_address", "127.0.0.1:" + port);
        toml.put("authority_public_key", keys.publicKey());
        toml.put("authority_secret_key", keys.secretKey());
        toml.put("cert_validity_sec", 3600);
        // A made-up P2WPKH script: the lab's blocks pay nobody.
        toml.put("coinbase_reward_script", "raw(0014" + "11".repeat(20) + ")");
        toml.put("pool_signature", "sv2-translator interop " + name);
        toml.put("shares_per_minute", settings.sharesPerMinute());
        // Every share acknowledged on its own: the tests compare counts share for share.
        toml.put("share_batch_size", 1);
        toml.put("server_id", settings.serverId());
        toml.put("supported_extensions", settings.extensions());
        toml.put("monitoring_address", "127.0.0.1:" + monitoring);
        toml.put("monitoring_cache_refresh_secs", 1);
        Map<String, Object> tp = new LinkedHashMap<>();
        tp.put("address", templateProvider.getHostString() + ":" + templateProvider.getPort());
        tp.put("public_key", tpAuthorityKey);
        toml.put("template_provider_type", Map.of("Sv2Tp", tp));
        new TomlMapper().writeValue(dir.resolve("config.toml").toFile(), toml);
        SriProcess process = SriProcess.start(name, sri.pool(), dir);
        SriPool pool = new SriPool(process, sri.pool(), new InetSocketAddress("127.0.0.1", port), keys.publicKey(),
                monitoring);
        pool.awaitUp();
        return pool;
    }

    /**
     * The same pool again after its process ended (killed, crashed): a new process with the same folder, so the
     * same config, keys, ports and server_id; its output is appended to the same {@code out.log}. Returns once it
     * listens. Nothing of the old process's state survives (channels, share accounting, monitoring counts).
     */
    SriPool restart() throws IOException, InterruptedException {
        SriProcess old = process;
        if (old.isAlive()) {
            throw new IllegalStateException(old.name + " is still running (pid " + old.pid() + ")");
        }
        process = SriProcess.start(old.name, binary, old.dir);
        awaitUp();
        return this;
    }

    private void awaitUp() throws InterruptedException {
        try {
            process.awaitListening(address.getPort());
            process.awaitListening(monitoringPort);
        } catch (AssertionError | InterruptedException e) {
            close();
            throw e;
        }
    }

    /** Every channel of every client, as the monitoring API reports it now (its cache refreshes each second). */
    List<ChannelCredit> channels() throws IOException, InterruptedException {
        List<ChannelCredit> out = new ArrayList<>();
        for (JsonNode client : get("/api/v1/clients?limit=100").path("items")) {
            long id = client.path("client_id").asLong();
            JsonNode channels = get("/api/v1/clients/" + id + "/channels?limit=100");
            for (JsonNode c : channels.path("extended_channels")) {
                out.add(credit(id, c, true));
            }
            for (JsonNode c : channels.path("standard_channels")) {
                out.add(credit(id, c, false));
            }
        }
        return out;
    }

    /** {@link #channels()} for conditions that tests poll: a failed request is an error there, not a "no". */
    List<ChannelCredit> channelsNow() {
        try {
            return channels();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Shares the pool credits now, over all its channels. */
    long credited() {
        return channelsNow().stream().mapToLong(ChannelCredit::sharesAccepted).sum();
    }

    private static ChannelCredit credit(long clientId, JsonNode c, boolean extended) {
        Map<String, Long> reasons = new LinkedHashMap<>();
        c.path("shares_rejected_by_reason").fields().forEachRemaining(e -> reasons.put(e.getKey(), e.getValue().asLong()));
        return new ChannelCredit(clientId, c.path("channel_id").asInt(), c.path("user_identity").asText(), extended,
                c.path("shares_accepted").asLong(), c.path("shares_rejected").asLong(), reasons,
                c.path("share_work_sum").asDouble(), c.path("nominal_hashrate").asDouble(),
                c.path("blocks_found").asInt());
    }

    private JsonNode get(String path) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + monitoringPort + path))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IOException("pool_sv2 monitoring " + path + ": HTTP " + r.statusCode() + " " + r.body());
        }
        return json.readTree(r.body());
    }

    long sharesRefusedInLog() {
        return process.count(SHARE_REFUSED);
    }

    @Override
    public void close() throws InterruptedException {
        process.close();
    }
}
