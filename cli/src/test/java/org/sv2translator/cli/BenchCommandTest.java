package org.sv2translator.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bench tool itself, at a toy size: it runs end to end and writes every documented key. (Its figures are
 * measurements, never asserted: performance is checked by running it, not by tests.)
 */
class BenchCommandTest {
    static final List<String> KEYS = List.of("miners_held", "shares_per_s_submitted", "shares_per_s_accepted_by_proxy",
            "shares_per_s_forwarded", "pool_rejects", "submit_latency_ms", "fanout_latency_ms", "cpu_s_per_10k_shares",
            "heap_bytes_per_miner", "rss_bytes_per_miner", "bytes_per_share_v1", "bytes_per_share_sv2");

    @Test
    void aSmallRunWritesEveryKey(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("bench.json");
        int status = Main.commandLine().execute("bench", "--miners", "20", "--rate", "100", "--duration", "2",
                "--block-interval", "1", "--warmup", "2", "--translator-heap", "256m", "--json", json.toString());
        assertEquals(0, status);
        JsonNode r = new ObjectMapper().readTree(json.toFile());
        for (String key : KEYS) {
            assertTrue(r.has(key), "key " + key + " in " + r);
        }
        assertEquals(20, r.get("miners_held").asInt());
        assertTrue(r.get("shares_per_s_submitted").asDouble() > 0);
        assertEquals(0, r.get("pool_rejects").asInt(), "the pool never sees an invalid share");
        assertTrue(r.at("/submit_latency_ms/p99").isNumber());
        long byCode = 0;
        for (JsonNode n : r.get("miner_rejects_by_code")) {
            byCode += n.asLong();
        }
        assertEquals(r.get("miner_rejects").asLong(), byCode, "both count the same window");
        assertTrue(r.get("cpu_s_per_10k_shares").asDouble() > 0, "the child's CPU time was read");
    }
}
