package org.sv2translator.v1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Worker names are checked at mining.authorize, before the backend is asked. */
class WorkerNameTest {
    private static final String E_ACUTE = "\u00e9"; // 2 bytes of UTF-8
    private static final String EURO = "\u20ac"; // 3 bytes
    private static final String GRINNING = "\ud83d\ude00"; // U+1F600, 4 bytes

    /** name, expected error (null: accepted). */
    static Stream<Arguments> names() {
        return Stream.of(
                // allowed: the usual form, spaces, any language, emoji, punctuation
                Arguments.of("account.worker", null),
                Arguments.of("a", null),
                Arguments.of("rack 3.s19 12", null),
                Arguments.of("mineur." + E_ACUTE + "t" + E_ACUTE, null),
                Arguments.of("\u77ff\u5de5.\u4e00\u53f7", null),
                Arguments.of("rig." + GRINNING, null),
                Arguments.of("bc1qxyz_worker-01+x@farm/#1", null),
                // length: exactly 255 bytes passes, 256 does not, with the boundary inside multibyte sequences
                Arguments.of("w".repeat(255), null),
                Arguments.of("w".repeat(256), WorkerName.TOO_LONG),
                Arguments.of(E_ACUTE.repeat(127) + "a", null), // 254 + 1
                Arguments.of(E_ACUTE.repeat(128), WorkerName.TOO_LONG), // 256
                Arguments.of(EURO.repeat(85), null), // 255
                Arguments.of(EURO.repeat(85) + "a", WorkerName.TOO_LONG), // 256
                Arguments.of(GRINNING.repeat(63) + "abc", null), // 252 + 3
                Arguments.of(GRINNING.repeat(63) + "abcd", WorkerName.TOO_LONG), // 256
                Arguments.of("w".repeat(300) + "\n", WorkerName.TOO_LONG), // length is told first
                // empty
                Arguments.of("", WorkerName.EMPTY),
                Arguments.of("   ", WorkerName.EMPTY),
                // C0, DEL, C1 controls
                Arguments.of("a\nINFO forged line", WorkerName.CONTROL_CHARACTER),
                Arguments.of("a\rb", WorkerName.CONTROL_CHARACTER),
                Arguments.of("a\tb", WorkerName.CONTROL_CHARACTER),
                Arguments.of("a\u0000b", WorkerName.CONTROL_CHARACTER),
                Arguments.of("a\u001b[31mred", WorkerName.CONTROL_CHARACTER),
                Arguments.of("a\u007fb", WorkerName.CONTROL_CHARACTER),
                Arguments.of("a\u0085b", WorkerName.CONTROL_CHARACTER), // NEL
                Arguments.of("a\u009bb", WorkerName.CONTROL_CHARACTER), // CSI
                // line and paragraph separators
                Arguments.of("a\u2028b", WorkerName.LINE_SEPARATOR),
                Arguments.of("a\u2029b", WorkerName.LINE_SEPARATOR),
                // format characters: bidi overrides and isolates, zero-width, BOM, soft hyphen
                Arguments.of("worker\u202egpj.exe", WorkerName.FORMAT_CHARACTER),
                Arguments.of("a\u2066b", WorkerName.FORMAT_CHARACTER),
                Arguments.of("a\u200bb", WorkerName.FORMAT_CHARACTER),
                Arguments.of("\ufeffworker", WorkerName.FORMAT_CHARACTER),
                Arguments.of("a\u00adb", WorkerName.FORMAT_CHARACTER),
                // a lone surrogate (only a JSON escape can produce one)
                Arguments.of("a\ud800b", WorkerName.UNPAIRED_SURROGATE),
                Arguments.of("a\ude00", WorkerName.UNPAIRED_SURROGATE));
    }

    @ParameterizedTest
    @MethodSource("names")
    void theRules(String name, V1Error expected) {
        assertEquals(expected, WorkerName.check(name), () -> MinerText.forLog(name, 300));
    }

    /** The same table through a session: refused names get the rule's error 20, the backend never sees them. */
    @ParameterizedTest
    @MethodSource("names")
    void authorizeAnswersTheRule(String name, V1Error expected) {
        List<String> asked = new ArrayList<>();
        EmbeddedMiner miner = new EmbeddedMiner(new SimpleV1Backend() {
            @Override
            public boolean authorize(V1Session session, String workerName, String password) {
                asked.add(workerName);
                return true;
            }
        });
        String answer = miner.call(authorize(7, name));
        if (expected == null) {
            assertEquals("{\"id\":7,\"result\":true,\"error\":null}", answer);
            assertEquals(List.of(name), asked);
            assertTrue(miner.session.isAuthorized(name));
        } else {
            assertEquals("{\"id\":7,\"result\":null,\"error\":[20,\"" + expected.message() + "\",null]}", answer);
            assertEquals(List.of(), asked, "the backend is not asked");
            assertFalse(miner.session.isAuthorized(name));
            assertTrue(miner.channel.isActive(), "one refusal is not a disconnection");
        }
    }

    @Test
    void theLengthRuleIsUtf8BytesNotCharacters() {
        String boundary = EURO.repeat(85);
        assertEquals(85, boundary.length());
        assertEquals(255, boundary.getBytes(StandardCharsets.UTF_8).length);
        assertEquals(255, MinerText.utf8Length(boundary));
        assertEquals(256, MinerText.utf8Length(GRINNING.repeat(63) + "abcd"));
    }

    @Test
    void refusedNamesCountAgainstTheErrorBudget() {
        EmbeddedMiner miner = new EmbeddedMiner(new SimpleV1Backend(), V1ServerConfig.defaults().withErrorBudget(3));
        miner.call("{\"id\":1,\"method\":\"mining.subscribe\",\"params\":[]}"); // a good request: budget stays full
        assertTrue(miner.call(authorize(2, "")).contains("Invalid worker name: empty"));
        assertTrue(miner.call(authorize(3, "a\tb")).contains("control character"));
        assertTrue(miner.channel.isActive());
        List<String> last = miner.send(authorize(4, "x".repeat(256)));
        assertEquals(List.of("{\"id\":4,\"result\":null,\"error\":[20,\"" + WorkerName.TOO_LONG.message() + "\",null]}"),
                last, "the third refusal is still answered");
        assertFalse(miner.channel.isActive(), "then the budget of 3 is spent and the connection closed");
    }

    @Test
    void aGoodRequestBetweenRefusalsEarnsOneBack() {
        EmbeddedMiner miner = new EmbeddedMiner(new SimpleV1Backend(), V1ServerConfig.defaults().withErrorBudget(2));
        miner.call(authorize(1, ""));
        miner.call(authorize(2, "farm.w1"));
        miner.call(authorize(3, ""));
        assertTrue(miner.channel.isActive());
        assertNull(WorkerName.check("farm.w1"));
    }

    /**
     * The authorize line with {@code name} as a JSON string in which every non-printable-ASCII character is a
     * {@code \}{@code uXXXX} escape, so the server decodes exactly {@code name} (even a lone surrogate).
     */
    static String authorize(int id, String name) {
        StringBuilder json = new StringBuilder();
        for (char c : name.toCharArray()) {
            if (c < 0x20 || c > 0x7e || c == '"' || c == '\\') {
                json.append(String.format("\\u%04x", (int) c));
            } else {
                json.append(c);
            }
        }
        return "{\"id\":" + id + ",\"method\":\"mining.authorize\",\"params\":[\"" + json + "\",\"x\"]}";
    }
}
