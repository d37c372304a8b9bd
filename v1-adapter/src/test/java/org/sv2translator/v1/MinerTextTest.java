package org.sv2translator.v1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class MinerTextTest {
    private static final String BS = "\\";

    static Stream<Arguments> escapes() {
        return Stream.of(
                Arguments.of("farm.w1", "\"farm.w1\""),
                Arguments.of("rack 3", "\"rack 3\""),
                Arguments.of("mineur.\u00e9t\u00e9", "\"mineur.\u00e9t\u00e9\""),
                Arguments.of("rig.\ud83d\ude00", "\"rig.\ud83d\ude00\""),
                Arguments.of("a\nb", "\"a" + BS + "nb\""),
                Arguments.of("a\r\nb", "\"a" + BS + "r" + BS + "nb\""),
                Arguments.of("a\tb", "\"a" + BS + "tb\""),
                Arguments.of("say \"hi\"", "\"say " + BS + "\"hi" + BS + "\"\""),
                Arguments.of("back" + BS + "slash", "\"back" + BS + BS + "slash\""),
                Arguments.of("\u0000", "\"" + BS + "x00\""),
                Arguments.of("\u001b[2J", "\"" + BS + "x1b[2J\""),
                Arguments.of("\u007f", "\"" + BS + "x7f\""),
                Arguments.of("\u0085", "\"" + BS + "x85\""),
                Arguments.of("\u00a0", "\"" + BS + "xa0\""), // a no-break space is not a space
                Arguments.of("a\u2028b", "\"a" + BS + "u2028b\""),
                Arguments.of("\u202eexe.txt", "\"" + BS + "u202eexe.txt\""),
                Arguments.of("\ufeff", "\"" + BS + "ufeff\""),
                Arguments.of("\ud800", "\"" + BS + "ud800\""), // unpaired surrogate
                Arguments.of("\ue000", "\"" + BS + "ue000\""), // private use
                Arguments.of("\udb40\udc01", "\"" + BS + "U000e0001\"")); // U+E0001 LANGUAGE TAG, format
    }

    @ParameterizedTest
    @MethodSource("escapes")
    void escapesWhatDoesNotPrintAsItself(String in, String expected) {
        assertEquals(expected, MinerText.forLog(in));
    }

    @Test
    void longValuesAreCutWithTheirFullLength() {
        assertEquals("\"" + "x".repeat(64) + "\"", MinerText.forLog("x".repeat(64)), "64 code points: whole");
        assertEquals("\"" + "x".repeat(64) + "\"…(65 bytes)", MinerText.forLog("x".repeat(65)));
        // Cut by code points: a pair is never split, and the byte count is the whole value's UTF-8 length.
        String emoji = "\ud83d\ude00";
        assertEquals("\"" + emoji.repeat(64) + "\"…(400 bytes)", MinerText.forLog(emoji.repeat(100)));
        assertEquals("\"ab\"…(5 bytes)", MinerText.forLog("ab\ncd", 2));
        assertEquals("\"" + BS + "n" + BS + "n\"…(3 bytes)", MinerText.forLog("\n\n\n", 2),
                "the limit counts the value's code points, not the escaped output");
    }

    @Test
    void nullIsUnquoted() {
        assertEquals("null", MinerText.forLog(null));
        assertEquals("\"null\"", MinerText.forLog("null"));
        assertThrows(IllegalArgumentException.class, () -> MinerText.forLog("x", 0));
    }

    @Test
    void theOutputIsAlwaysOneLineOfPrintableText() {
        StringBuilder everything = new StringBuilder();
        for (int cp = 0; cp < 0x3000; cp++) {
            everything.appendCodePoint(cp);
        }
        String out = MinerText.forLog(everything.toString(), Integer.MAX_VALUE);
        out.codePoints().forEach(cp -> assertTrue(MinerText.printsAsItself(cp),
                () -> "U+" + Integer.toHexString(cp) + " left in the output"));
        for (String breaker : List.of("\n", "\r", "\u0085", "\u2028", "\u2029", "\u000b", "\u000c")) {
            assertFalse(out.contains(breaker), () -> "a line breaker in " + out);
        }
    }

    /** A newline in a worker name must not start a second log line (a forged entry). */
    @Test
    void aWorkerNameWithANewlineIsLoggedOnOneLine() {
        V1SessionHandler.WORKER_NAME_LOG.reset();
        try (LogCapture log = new LogCapture(V1SessionHandler.class)) {
            EmbeddedMiner miner = new EmbeddedMiner(new SimpleV1Backend());
            miner.call(WorkerNameTest.authorize(2, "evil\n07:00:00.000 WARN  [main] o.s.c.Translator - pool lost"));
            List<String> warnings = log.warnings();
            assertEquals(1, warnings.size(), warnings::toString);
            String line = warnings.get(0);
            assertFalse(line.contains("\n") || line.contains("\r"), line);
            assertTrue(line.contains("refusing worker \"evil" + BS + "n07:00:00.000 WARN  [main] o.s.c.Translator - pool"
                    + " lost\" on V1 session"), line);
            assertTrue(line.endsWith(": " + WorkerName.CONTROL_CHARACTER.message()), line);
        }
    }

    /** An unknown method's name ends up in the error-budget line: escaped there too. */
    @Test
    void aMethodNameInTheErrorBudgetLineIsEscaped() {
        V1SessionHandler.BUDGET_LOG.reset();
        EmbeddedMiner miner = new EmbeddedMiner(new SimpleV1Backend(), V1ServerConfig.defaults().withErrorBudget(1));
        try (LogCapture log = new LogCapture(V1SessionHandler.class)) {
            miner.send("{\"id\":1,\"method\":\"x\\u2028forged\",\"params\":[]}");
            assertFalse(miner.channel.isActive());
            List<String> warnings = log.warnings();
            assertEquals(1, warnings.size(), warnings::toString);
            assertFalse(warnings.get(0).contains("\u2028"), warnings.get(0));
            assertTrue(warnings.get(0).endsWith("(last: \"Method not supported: x" + BS + "u2028forged\")"),
                    warnings.get(0));
        }
    }
}
