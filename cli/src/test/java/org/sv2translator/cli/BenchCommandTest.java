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
 * The bench tool itself, at a toy size: floor and translator run end to end under the open-loop load and every
 * documented key is written. (Its figures are measurements, never asserted: performance is checked by running it,
 * not by tests.)
 */
class BenchCommandTest {
    static final List<String> KEYS = List.of("miners_working", "miners_held", "shares_per_s_asked",
            "shares_per_s_sent", "shortfall", "shares_per_s_answered", "rejected", "unanswered", "submit_ms_p50",
            "submit_ms_p99", "submit_ms_p999", "send_lag_ms_p99", "fanout_ms_p99", "fanout_spread_ms_max",
            "cpu_s_per_10k", "cpu_cores", "rss_bytes_per_miner", "heap_bytes_per_miner", "pool_rejects",
            "pool_rejects_stale_in_flight");

    @Test
    void aSmallRunWritesEveryKeyForFloorAndTranslator(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("bench.json");
        int status = Main.commandLine().execute("bench", "--miners", "20", "--rate", "100", "--duration", "3",
                "--block-interval", "1", "--warmup", "2", "--translator-heap", "256m", "--json", json.toString());
        assertEquals(0, status);
        JsonNode r = new ObjectMapper().readTree(json.toFile());
        for (String target : List.of("floor", "translator")) {
            JsonNode t = r.at("/targets/" + target);
            for (String key : KEYS) {
                assertTrue(t.has(key), "key " + key + " of " + target + " in " + r);
            }
            assertEquals(20, t.get("miners_working").asInt(), target);
            assertTrue(t.get("shares_per_s_answered").asDouble() > 0, target);
            assertTrue(t.get("cpu_s_per_10k").asDouble() > 0, "the child's CPU time was read: " + target);
        }
        assertEquals(20, r.at("/targets/translator/miners_held").asInt());
        // The pool refuses nothing the translator forwarded, except shares a new block crossed on the wire (a block
        // every second here): the translator counts those itself, and the two counts agree.
        assertEquals(r.at("/targets/translator/pool_rejects").asInt(),
                r.at("/targets/translator/pool_rejects_stale_in_flight").asInt(),
                "the pool refused only shares a new prevhash crossed: " + r.at("/targets/translator"));
        assertTrue(r.at("/ratios/translator_vs_floor/cpu_s_per_10k").isNumber());
        assertTrue(r.get("goals").size() >= 3);
    }
}
