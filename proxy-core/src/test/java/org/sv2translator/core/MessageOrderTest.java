package org.sv2translator.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HexFormat;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * The orders of the handshake requests firmware is seen to use: whichever comes last of subscribe and the first
 * authorize, the miner gets work then, in both modes.
 */
class MessageOrderTest {
    private static final UnaryOperator<TranslatorConfig> AGGREGATED = c -> c;
    private static final UnaryOperator<TranslatorConfig> PER_MINER = c -> c.withMode(ChannelMode.PER_MINER, "farmA")
            .withDifficulty(20, Lab.EASY, Lab.EASY / 4);

    static Stream<Arguments> orders() {
        List<List<String>> orders = List.of(
                List.of("subscribe", "authorize"),
                List.of("authorize", "subscribe"),
                List.of("configure", "suggest_difficulty", "authorize", "subscribe"),
                List.of("extranonce.subscribe", "authorize", "configure", "subscribe"),
                List.of("configure", "subscribe", "extranonce.subscribe", "suggest_difficulty", "authorize"));
        return Stream.of("aggregated", "per-miner").flatMap(mode -> orders.stream().map(o -> Arguments.of(mode, o)));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("orders")
    void anyOrderGetsWorkOnceSubscribeAndAuthorizeHaveArrived(String mode, List<String> order) throws Exception {
        try (Lab lab = new Lab(Lab.quietPool(), mode.equals("aggregated") ? AGGREGATED : PER_MINER);
             TestMiner m = new TestMiner(lab.proxy)) {
            for (String step : order) {
                JsonNode r = switch (step) {
                    case "subscribe" -> m.call("mining.subscribe", "order-test/1.0");
                    case "authorize" -> m.call("mining.authorize", "rig.1", "x");
                    case "configure" -> m.call("mining.configure", List.of("version-rolling"),
                            java.util.Map.of("version-rolling.mask", "1fffe000", "version-rolling.min-bit-count", 2));
                    // Easy enough for the test to find shares at: a miner's suggestion is honoured (per-miner, the
                    // pool sizes the channel from it too).
                    case "suggest_difficulty" -> m.call("mining.suggest_difficulty", Lab.EASY * 2);
                    case "extranonce.subscribe" -> m.call("mining.extranonce.subscribe");
                    default -> throw new IllegalArgumentException(step);
                };
                assertTrue(r.path("error").isNull(), step + ": " + r);
                if (step.equals("subscribe")) {
                    m.extranonce1 = HexFormat.of().parseHex(r.get("result").get(1).asText());
                    m.extranonce2Size = r.get("result").get(2).asInt();
                }
            }
            m.awaitNotify();
            JsonNode answer = m.submit("rig.1", m.findShare(0, true));
            assertTrue(answer.path("result").asBoolean(), answer.toString());
        }
    }

    @Test
    void perMinerUserIdentityIsThePrefixAndTheWorkerJoinedByADot() throws Exception {
        try (Lab lab = new Lab(Lab.quietPool(), PER_MINER); TestMiner m = new TestMiner(lab.proxy)) {
            m.subscribeAndAuthorize("cpu.rig2");
            m.awaitNotify();
            assertTrue(m.submit("cpu.rig2", m.findShare(0, true)).path("result").asBoolean());
            Lab.awaitTrue(() -> lab.pool.accounting().of("farmA.cpu.rig2").accepted() == 1,
                    "credited to farmA.cpu.rig2");
            TranslatorConfig c = Lab.config(Lab.endpoint(lab.pool));
            assertEquals("farmA.rig", c.withMode(ChannelMode.PER_MINER, "farmA.").perMinerIdentity("rig"));
            assertEquals("rig", c.withMode(ChannelMode.PER_MINER, "").perMinerIdentity("rig"));
        }
    }

    @Test
    void perMinerModeRefusesASecondWorkerOnOneConnectionWithTheReason() throws Exception {
        try (Lab lab = new Lab(Lab.quietPool(), PER_MINER); TestMiner m = new TestMiner(lab.proxy)) {
            m.subscribeAndAuthorize("rig.1");
            m.awaitNotify();
            JsonNode second = m.call("mining.authorize", "rig.2", "x");
            assertFalse(second.path("error").isNull(), second.toString());
            assertTrue(second.path("error").path(1).asText().contains("one worker per connection"), second.toString());
            assertTrue(m.call("mining.authorize", "rig.1", "x").path("result").asBoolean(), "the first still is");
            assertTrue(m.submit("rig.1", m.findShare(0, true)).path("result").asBoolean());
            assertEquals(1, lab.translator.status().openChannels());
        }
    }
}
