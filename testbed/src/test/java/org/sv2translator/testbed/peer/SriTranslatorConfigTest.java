package org.sv2translator.testbed.peer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SriTranslatorConfigTest {
    private static final String KEY = "9bDuixKmZqAJnrmP746n8zU1wyAQRrus7th9dxnkPg6RzQvCnan";

    @Test
    void benchConfigAsTranslatorSv2ReadsIt(@TempDir Path dir) throws Exception {
        SriTranslatorConfig c = SriTranslatorConfig.bench(new InetSocketAddress("127.0.0.1", 3333),
                new InetSocketAddress("127.0.0.1", 34254), KEY, 1.0 / 1024, true);
        Path file = dir.resolve("config.toml");
        c.write(file);
        JsonNode t = new TomlMapper().readTree(Files.readString(file));
        assertEquals("127.0.0.1", t.get("downstream_address").asText());
        assertEquals(3333, t.get("downstream_port").asInt());
        assertEquals(2, t.get("min_supported_version").asInt());
        assertEquals(2, t.get("max_supported_version").asInt());
        assertEquals(4, t.get("downstream_extranonce2_size").asInt());
        assertTrue(t.get("aggregate_channels").asBoolean());
        assertEquals(0, t.get("supported_extensions").size());
        assertEquals(0, t.get("required_extensions").size());
        JsonNode d = t.get("downstream_difficulty_config");
        assertFalse(d.get("enable_vardiff").asBoolean());
        assertEquals(0, d.get("job_keepalive_interval_secs").asInt());
        assertEquals(60, d.get("shares_per_minute").asDouble());
        assertEquals(1.0 / 1024, SriDifficulty.minerDifficulty(d.get("min_individual_miner_hashrate").asDouble(),
                d.get("shares_per_minute").asDouble()), 1e-9);
        JsonNode up = t.get("upstreams").get(0);
        assertEquals("127.0.0.1", up.get("address").asText());
        assertEquals(34254, up.get("port").asInt());
        assertEquals(KEY, up.get("authority_pubkey").asText());
        assertEquals(1, t.get("upstreams").size());
    }

    @Test
    void extensionsAreBothSupportedAndRequired() {
        SriTranslatorConfig c = new SriTranslatorConfig(new InetSocketAddress("127.0.0.1", 1),
                new InetSocketAddress("127.0.0.1", 2), KEY, "farm", false, 1e5, 600, true, 0, List.of(2), 4);
        assertEquals(List.of(2), c.toToml().get("supported_extensions"));
        assertEquals(List.of(2), c.toToml().get("required_extensions"));
        assertEquals(10_001 * SriDifficulty.STEP, c.minerDifficulty(), 1e-18);
    }
}
