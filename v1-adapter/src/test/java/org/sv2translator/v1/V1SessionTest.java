package org.sv2translator.v1;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.timeout.IdleStateEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class V1SessionTest {
    private static final String SUBMIT_BEFORE = "{\"id\":4,\"method\":\"mining.submit\",\"params\":[\"w\",\"1\",\"00000000\",\"6b058d24\",\"1cac0681\"]}";

    /** Records the hooks; otherwise the simple backend. */
    static class RecordingBackend extends SimpleV1Backend {
        final List<String> events = new ArrayList<>();
        ShareVerdict verdict = ShareVerdict.ACCEPTED;

        @Override
        public ShareVerdict onSubmit(V1Session session, V1Request.Submit submit) {
            events.add("submit " + submit.jobId());
            return verdict;
        }

        @Override
        public void onSuggestDifficulty(V1Session session, double difficulty) {
            events.add("suggest_difficulty " + difficulty);
        }

        @Override
        public void onSuggestTarget(V1Session session, byte[] target) {
            events.add("suggest_target " + Hex.of(target));
        }

        @Override
        public void onReady(V1Session session) {
            events.add("ready");
            session.send(new V1Notification.SetDifficulty(0.005));
        }

        @Override
        public void onDisconnect(V1Session session) {
            events.add("disconnect");
        }
    }

    /** Replays the real cpuminer session: our responses equal the strict pool's, which cpuminer accepted. */
    @Test
    void cpuminerSessionGetsTheResponsesItExpects() {
        RecordingBackend backend = new RecordingBackend();
        EmbeddedMiner miner = new EmbeddedMiner(backend);
        List<JsonNode> expected = new ArrayList<>();
        List<JsonNode> ours = new ArrayList<>();
        for (JsonNode entry : Vectors.lines("stratum-v1/cpuminer-2.5.1.jsonl")) {
            JsonNode line = Vectors.tree(entry.get("line").asText());
            if (entry.get("dir").asText().equals("c2s")) {
                for (String out : miner.send(entry.get("line").asText())) {
                    JsonNode node = Vectors.tree(out);
                    if (node.has("result")) {
                        ours.add(node);
                    }
                }
            } else if (line.has("result")) {
                expected.add(line);
            }
        }
        // The capture logged only the first six submits but all their answers: compare ours with the first answers.
        assertEquals(8, ours.size(), "subscribe, authorize and six submits each answered once");
        // The subscription ids are ours to choose; everything else must match.
        JsonNode sub = ours.get(0).get("result");
        assertEquals(expected.get(0).get("result").get(1), sub.get(1), "extranonce1");
        assertEquals(expected.get(0).get("result").get(2), sub.get(2), "extranonce2_size");
        assertEquals("mining.set_difficulty", sub.get(0).get(0).get(0).asText());
        assertEquals("mining.notify", sub.get(0).get(1).get(0).asText());
        assertEquals(expected.subList(1, ours.size()), ours.subList(1, ours.size()));
        assertEquals(1, backend.events.stream().filter("ready"::equals).count());
        assertEquals(6, backend.events.stream().filter(e -> e.startsWith("submit")).count());
    }

    /** The request lines of message_shapes.jsonl against the pool answers listed there. */
    @Test
    void bip310ConfigureAnswersAsTheVectors() {
        List<JsonNode> lines = Vectors.lines("stratum-v1/message_shapes.jsonl");
        EmbeddedMiner miner = new EmbeddedMiner(new SimpleV1Backend());
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).get("line").asText();
            if (line.contains("mining.configure")) {
                JsonNode answer = Vectors.tree(lines.get(i + 1).get("line").asText());
                assertEquals(answer, Vectors.tree(miner.call(line)));
            }
        }
        assertTrue(miner.session.isVersionRolling());
        assertEquals(0x1fffe000, miner.session.versionMask());
    }

    @Test
    void bfgminerShapes() {
        RecordingBackend backend = new RecordingBackend();
        EmbeddedMiner miner = new EmbeddedMiner(backend);
        JsonNode sub = Vectors.tree(miner.call("{\"id\": 1, \"method\": \"mining.subscribe\", \"params\": [\"bfgminer/5.5.0\", \"00000001\"]}"));
        assertEquals(1, sub.get("id").asInt());
        assertEquals("bfgminer/5.5.0", miner.session.userAgent());
        assertEquals("{\"id\":\"auth\",\"result\":true,\"error\":null}",
                miner.send("{\"id\": \"auth\", \"method\": \"mining.authorize\", \"params\": [\"farm.w1\", \"x\"]}").get(0));
        assertEquals("{\"id\":\"xnsub\",\"result\":true,\"error\":null}",
                miner.call("{\"id\": \"xnsub\", \"method\": \"mining.extranonce.subscribe\", \"params\": []}"));
        assertTrue(miner.session.isExtranonceSubscribed());
        // id-null notifications: acted on, never answered.
        assertEquals(List.of(), miner.send("{\"id\": null, \"method\": \"mining.suggest_difficulty\", \"params\": [256]}"));
        assertEquals(List.of(), miner.send("{\"id\": null, \"method\": \"mining.suggest_target\", \"params\": [\"0000000000ffff00000000000000000000000000000000000000000000000000\"]}"));
        assertEquals(List.of(), miner.send("{\"id\": null, \"method\": \"mining.capabilities\", \"params\": [{\"notify\": [], \"set_difficulty\": {}}]}"));
        assertEquals(List.of(), miner.send("{\"id\": null, \"method\": \"mining.suggest_difficulty\", \"params\": [\"oops\"]}"));
        assertEquals("{\"id\":\"txlist1\",\"result\":null,\"error\":[20,\"Method not supported: mining.get_transactions\",null]}",
                miner.call("{\"id\": \"txlist1\", \"method\": \"mining.get_transactions\", \"params\": [\"1\"]}"));
        assertTrue(backend.events.contains("suggest_difficulty 256.0"));
        assertTrue(backend.events.contains("suggest_target 0000000000ffff00000000000000000000000000000000000000000000000000"));
        assertTrue(miner.channel.isActive());
    }

    @Test
    void versionRollingShareIsCheckedAgainstTheNegotiatedMask() {
        JsonNode v = Vectors.load("stratum-v1/version_rolling_share.json");
        RecordingBackend backend = new RecordingBackend();
        EmbeddedMiner miner = new EmbeddedMiner(backend);
        assertEquals(v.get("configure_response"), Vectors.tree(miner.call(v.get("configure_request").toString())));
        miner.subscribeAndAuthorize("w.1");
        assertEquals("{\"id\":5,\"result\":true,\"error\":null}", miner.call(v.get("submit").toString()));
        assertEquals("{\"id\":6,\"result\":null,\"error\":[20,\"Invalid version bits: outside the negotiated mask\",null]}",
                miner.call("{\"id\":6,\"method\":\"mining.submit\",\"params\":[\"w.1\",\"1\",\"0000abcd\",\"6b058d24\",\"00054387\",\"20000000\"]}"));
        assertEquals(List.of("ready", "submit 1"), backend.events);
    }

    @Test
    void versionRollingRefusedWhenTheBackendAllowsNothing() {
        EmbeddedMiner miner = new EmbeddedMiner(new SimpleV1Backend() {
            @Override
            public int allowedVersionMask(V1Session session) {
                return 0;
            }
        });
        assertEquals("{\"id\":1,\"result\":{\"version-rolling\":false},\"error\":null}",
                miner.call("{\"id\":1,\"method\":\"mining.configure\",\"params\":[[\"version-rolling\"],{\"version-rolling.mask\":\"1fffe000\"}]}"));
        assertFalse(miner.session.isVersionRolling());
        assertEquals(0, miner.session.configuredVersionMask());
    }

    /**
     * Firmware that rolls without negotiating (Antminer S21 has been reported sending version bits with no
     * mining.configure): the session has no mask to check them against, so the backend, which knows the job, judges.
     */
    @Test
    void versionBitsFromAMinerThatNeverNegotiatedRollingReachTheBackend() {
        List<Integer> bits = new ArrayList<>();
        RecordingBackend backend = new RecordingBackend() {
            @Override
            public ShareVerdict onSubmit(V1Session session, V1Request.Submit submit) {
                bits.add(submit.versionBits());
                return ShareVerdict.rejected(V1Error.other("version rolling is not allowed on this job"));
            }
        };
        EmbeddedMiner miner = new EmbeddedMiner(backend).subscribeAndAuthorize("w");
        assertEquals("{\"id\":3,\"result\":null,\"error\":[20,\"version rolling is not allowed on this job\",null]}",
                miner.call("{\"id\":3,\"method\":\"mining.submit\",\"params\":[\"w\",\"1\",\"00000000\",\"6b058d24\",\"00054387\",\"00002000\"]}"));
        assertEquals(List.of(0x2000), bits, "the backend saw the bits and gave its reason");
    }

    @Test
    void submitBeforeSubscribeOrAuthorize() {
        EmbeddedMiner miner = new EmbeddedMiner(new RecordingBackend());
        assertEquals("{\"id\":4,\"result\":null,\"error\":[25,\"Not subscribed\",null]}", miner.call(SUBMIT_BEFORE));
        miner.call("{\"id\":1,\"method\":\"mining.subscribe\",\"params\":[]}");
        assertEquals("{\"id\":4,\"result\":null,\"error\":[24,\"Unauthorized worker\",null]}", miner.call(SUBMIT_BEFORE));
        miner.send("{\"id\":2,\"method\":\"mining.authorize\",\"params\":[\"other\",\"x\"]}");
        assertEquals("{\"id\":4,\"result\":null,\"error\":[24,\"Unauthorized worker\",null]}", miner.call(SUBMIT_BEFORE));
        miner.call("{\"id\":3,\"method\":\"mining.authorize\",\"params\":[\"w\",\"x\"]}");
        assertEquals("{\"id\":4,\"result\":true,\"error\":null}", miner.call(SUBMIT_BEFORE));
        assertEquals(List.of("other", "w"), List.copyOf(miner.session.authorizedWorkers()));
    }

    @Test
    void wrongExtranonce2SizeAndBadHex() {
        EmbeddedMiner miner = new EmbeddedMiner(new RecordingBackend()).subscribeAndAuthorize("w");
        assertEquals("{\"id\":4,\"result\":null,\"error\":[20,\"Invalid extranonce2 size\",null]}",
                miner.call("{\"id\":4,\"method\":\"mining.submit\",\"params\":[\"w\",\"1\",\"000000\",\"6b058d24\",\"1cac0681\"]}"));
        assertEquals("{\"id\":5,\"result\":null,\"error\":[20,\"mining.submit: nonce must be 8 hex digits\",null]}",
                miner.call("{\"id\":5,\"method\":\"mining.submit\",\"params\":[\"w\",\"1\",\"00000000\",\"6b058d24\",\"1cac06xy\"]}"));
        assertEquals("{\"id\":6,\"result\":null,\"error\":[20,\"mining.submit: ntime must be a string\",null]}",
                miner.call("{\"id\":6,\"method\":\"mining.submit\",\"params\":[\"w\",\"1\",\"00000000\",1795517732,\"1cac0681\"]}"));
        assertEquals("{\"id\":7,\"result\":null,\"error\":[20,\"Invalid JSON\",null]}", miner.call("{\"id\":7,"));
        assertEquals("{\"id\":null,\"result\":null,\"error\":[20,\"Invalid JSON\",null]}", miner.call("}{"));
        // id null: never answered, even with an error.
        assertEquals(List.of(), miner.send("{\"id\":null,\"method\":\"mining.submit\",\"params\":[\"w\"]}"));
        assertTrue(miner.channel.isActive());
    }

    @Test
    void backendVerdictsAreAnsweredAndNotChargedToTheErrorBudget() {
        RecordingBackend backend = new RecordingBackend();
        EmbeddedMiner miner = new EmbeddedMiner(backend, V1ServerConfig.defaults().withErrorBudget(3)).subscribeAndAuthorize("w");
        for (ShareVerdict v : List.of(ShareVerdict.STALE, ShareVerdict.DUPLICATE, ShareVerdict.LOW_DIFFICULTY,
                ShareVerdict.STALE, ShareVerdict.STALE)) {
            backend.verdict = v;
            assertEquals("{\"id\":4,\"result\":null,\"error\":[" + v.error().code() + ",\"" + v.error().message() + "\",null]}",
                    miner.call(SUBMIT_BEFORE));
        }
        assertTrue(miner.channel.isActive());
    }

    @Test
    void errorBudgetClosesAFloodingConnection() {
        EmbeddedMiner miner = new EmbeddedMiner(new RecordingBackend(), V1ServerConfig.defaults().withErrorBudget(3));
        assertEquals(1, miner.send("garbage").size());
        assertEquals(1, miner.send("{\"id\":1,\"method\":\"mining.subscribe\",\"params\":[]}").size()); // earns one back
        assertEquals(1, miner.send("garbage").size());
        assertEquals(1, miner.send("garbage").size());
        assertTrue(miner.channel.isActive());
        assertEquals(List.of("{\"id\":9,\"result\":null,\"error\":[20,\"Method not supported: mining.get_transactions\",null]}"),
                miner.send("{\"id\":9,\"method\":\"mining.get_transactions\",\"params\":[]}"));
        assertFalse(miner.channel.isActive(), "third bad request in a row exhausts a budget of 3");
    }

    @Test
    void overLongLineIsAnsweredThenClosed() {
        RecordingBackend backend = new RecordingBackend();
        EmbeddedMiner miner = new EmbeddedMiner(backend, V1ServerConfig.defaults().withMaxLineLength(100));
        assertEquals(1, miner.send("{\"id\":1,\"method\":\"mining.subscribe\",\"params\":[]}").size());
        // No newline yet: fails as soon as the limit is passed, not at the end of the line.
        List<String> out = miner.sendRaw("{\"id\":2,\"method\":\"mining.authorize\",\"params\":[\"" + "w".repeat(200));
        assertEquals(List.of("{\"id\":null,\"result\":null,\"error\":[20,\"Line too long\",null]}"), out);
        assertFalse(miner.channel.isActive());
        assertTrue(backend.events.contains("disconnect"));
    }

    @Test
    void crLfAndSplitLines() {
        EmbeddedMiner miner = new EmbeddedMiner(new RecordingBackend());
        assertEquals(List.of(), miner.sendRaw("{\"id\":1,\"method\":\"mining.subscr"));
        List<String> out = miner.sendRaw("ibe\",\"params\":[]}\r\n{\"id\":2,\"method\":\"mining.extranonce.subscribe\",\"params\":[]}\r\n");
        assertEquals(2, out.size());
        assertEquals(1, Vectors.tree(out.get(0)).get("id").asInt());
        assertEquals("{\"id\":2,\"result\":true,\"error\":null}", out.get(1));
    }

    @Test
    void subscribeRefusalAndRepeatedSubscribe() {
        AtomicInteger calls = new AtomicInteger();
        EmbeddedMiner miner = new EmbeddedMiner(new SimpleV1Backend() {
            @Override
            public SubscribeDecision onSubscribe(V1Session session, String userAgent, String sessionId) {
                return calls.incrementAndGet() == 1 ? SubscribeDecision.refuse("Extranonce space exhausted, try later")
                        : super.onSubscribe(session, userAgent, sessionId);
            }
        });
        assertEquals("{\"id\":1,\"result\":null,\"error\":[20,\"Extranonce space exhausted, try later\",null]}",
                miner.call("{\"id\":1,\"method\":\"mining.subscribe\",\"params\":[]}"));
        assertFalse(miner.session.isSubscribed());
        JsonNode first = Vectors.tree(miner.call("{\"id\":2,\"method\":\"mining.subscribe\",\"params\":[]}"));
        JsonNode again = Vectors.tree(miner.call("{\"id\":3,\"method\":\"mining.subscribe\",\"params\":[]}"));
        assertEquals(first.get("result"), again.get("result"));
        assertEquals(2, calls.get());
    }

    @Test
    void workersPerConnectionAreBounded() {
        EmbeddedMiner miner = new EmbeddedMiner(new RecordingBackend(), V1ServerConfig.defaults().withMaxWorkersPerConnection(2));
        miner.call("{\"id\":1,\"method\":\"mining.subscribe\",\"params\":[]}");
        assertEquals("{\"id\":2,\"result\":true,\"error\":null}",
                miner.send("{\"id\":2,\"method\":\"mining.authorize\",\"params\":[\"a\",\"x\"]}").get(0));
        assertEquals("{\"id\":3,\"result\":true,\"error\":null}", miner.call("{\"id\":3,\"method\":\"mining.authorize\",\"params\":[\"b\",\"x\"]}"));
        assertEquals("{\"id\":4,\"result\":true,\"error\":null}", miner.call("{\"id\":4,\"method\":\"mining.authorize\",\"params\":[\"a\",\"x\"]}"));
        assertEquals("{\"id\":5,\"result\":null,\"error\":[20,\"Too many workers on this connection\",null]}",
                miner.call("{\"id\":5,\"method\":\"mining.authorize\",\"params\":[\"c\",\"x\"]}"));
    }

    @Test
    void authorizeRefusedAnswersFalse() {
        EmbeddedMiner miner = new EmbeddedMiner(new SimpleV1Backend() {
            @Override
            public boolean authorize(V1Session session, String workerName, String password) {
                return !workerName.equals("banned");
            }
        });
        assertEquals("{\"id\":2,\"result\":false,\"error\":null}", miner.call("{\"id\":2,\"method\":\"mining.authorize\",\"params\":[\"banned\",\"x\"]}"));
        assertFalse(miner.session.isAuthorized("banned"));
    }

    @Test
    void readyFiresOnceAfterTheAuthorizeResponse() {
        RecordingBackend backend = new RecordingBackend();
        EmbeddedMiner miner = new EmbeddedMiner(backend);
        miner.call("{\"id\":1,\"method\":\"mining.authorize\",\"params\":[\"w\",\"x\"]}"); // authorize first: not ready
        List<String> out = miner.send("{\"id\":2,\"method\":\"mining.subscribe\",\"params\":[]}");
        assertEquals(2, out.size());
        assertEquals(2, Vectors.tree(out.get(0)).get("id").asInt(), "the response precedes what onReady sends");
        assertEquals("{\"id\":null,\"method\":\"mining.set_difficulty\",\"params\":[0.005]}", out.get(1));
        miner.call("{\"id\":3,\"method\":\"mining.authorize\",\"params\":[\"w2\",\"x\"]}");
        assertEquals(List.of("ready"), backend.events);
    }

    @Test
    void setExtranonceOnlyToSubscribersAndItChangesTheSubmitCheck() {
        EmbeddedMiner miner = new EmbeddedMiner(new RecordingBackend()).subscribeAndAuthorize("w");
        assertFalse(miner.session.send(new V1Notification.SetExtranonce(new byte[] {9, 9}, 2)));
        assertEquals(List.of(), miner.output());
        miner.call("{\"id\":3,\"method\":\"mining.configure\",\"params\":[[\"subscribe-extranonce\"],{}]}");
        assertTrue(miner.session.send(new V1Notification.SetExtranonce(new byte[] {9, 9}, 2)));
        assertEquals(List.of("{\"id\":null,\"method\":\"mining.set_extranonce\",\"params\":[\"0909\",2]}"), miner.output());
        assertArrayEquals(new byte[] {9, 9}, miner.session.extranonce1());
        assertEquals("{\"id\":4,\"result\":true,\"error\":null}",
                miner.call("{\"id\":4,\"method\":\"mining.submit\",\"params\":[\"w\",\"1\",\"abcd\",\"6b058d24\",\"1cac0681\"]}"));
    }

    @Test
    void setVersionMaskChangesTheMaskButBitsOfTheConfiguredMaskStillReachTheBackend() {
        RecordingBackend backend = new RecordingBackend();
        EmbeddedMiner miner = new EmbeddedMiner(backend);
        miner.call("{\"id\":1,\"method\":\"mining.configure\",\"params\":[[\"version-rolling\"],{\"version-rolling.mask\":\"ffffffff\"}]}");
        miner.subscribeAndAuthorize("w");
        assertTrue(miner.session.send(new V1Notification.SetVersionMask(0x00006000)));
        assertEquals(List.of("{\"id\":null,\"method\":\"mining.set_version_mask\",\"params\":[\"00006000\"]}"), miner.output());
        assertEquals(0x00006000, miner.session.versionMask());
        assertEquals(0x1fffe000, miner.session.configuredVersionMask(), "configure's mask stays");
        // A share found before the new mask arrived, on a job of the old one: only the backend knows the job's mask.
        assertEquals("{\"id\":5,\"result\":true,\"error\":null}",
                miner.call("{\"id\":5,\"method\":\"mining.submit\",\"params\":[\"w\",\"1\",\"00000000\",\"6b058d24\",\"00054387\",\"00ffe000\"]}"));
        assertEquals("{\"id\":6,\"result\":null,\"error\":[20,\"Invalid version bits: outside the negotiated mask\",null]}",
                miner.call("{\"id\":6,\"method\":\"mining.submit\",\"params\":[\"w\",\"1\",\"00000000\",\"6b058d24\",\"00054387\",\"20000000\"]}"),
                "outside every mask the session was given");
        assertEquals(List.of("ready", "submit 1"), backend.events);
    }

    @Test
    void limitVersionMaskTellsANegotiatingMinerOnlyWhenItsMaskChanges() {
        EmbeddedMiner miner = new EmbeddedMiner(new RecordingBackend());
        miner.call("{\"id\":1,\"method\":\"mining.configure\",\"params\":[[\"version-rolling\"],{\"version-rolling.mask\":\"00ffe000\"}]}");
        miner.subscribeAndAuthorize("w");
        miner.output();
        miner.session.limitVersionMask(0x1fffe000);
        assertEquals(List.of(), miner.output(), "already the miner's mask: nothing to say");
        miner.session.limitVersionMask(0);
        miner.session.limitVersionMask(0);
        assertEquals(List.of("{\"id\":null,\"method\":\"mining.set_version_mask\",\"params\":[\"00000000\"]}"),
                miner.output(), "once");
        assertEquals(0, miner.session.versionMask());
        miner.session.limitVersionMask(0x1fffe000);
        assertEquals(List.of("{\"id\":null,\"method\":\"mining.set_version_mask\",\"params\":[\"00ffe000\"]}"),
                miner.output(), "back to the configured mask, never wider");

        EmbeddedMiner plain = new EmbeddedMiner(new RecordingBackend()).subscribeAndAuthorize("p");
        plain.output();
        plain.session.limitVersionMask(0);
        assertEquals(List.of(), plain.output(), "a miner that never negotiated rolling is not told about masks");
    }

    @Test
    void broadcastWritesOneBufferToManySessions() {
        List<EmbeddedMiner> miners = List.of(new EmbeddedMiner(new RecordingBackend()),
                new EmbeddedMiner(new RecordingBackend()), new EmbeddedMiner(new RecordingBackend()));
        V1Notification.ShowMessage msg = new V1Notification.ShowMessage("pool maintenance at 12:00 UTC");
        ByteBuf line = V1Codec.encode(ByteBufAllocator.DEFAULT, msg);
        miners.get(2).channel.close();
        int written = V1Session.broadcast(line, miners.stream().map(m -> m.session).toList());
        assertEquals(2, written);
        assertEquals(3, line.refCnt(), "two duplicates in flight plus ours");
        for (EmbeddedMiner m : miners.subList(0, 2)) {
            assertEquals(List.of("{\"id\":null,\"method\":\"client.show_message\",\"params\":[\"pool maintenance at 12:00 UTC\"]}"),
                    m.output());
        }
        assertEquals(1, line.refCnt(), "each channel released its duplicate");
        line.release();
    }

    @Test
    void idleConnectionIsClosed() {
        RecordingBackend backend = new RecordingBackend();
        EmbeddedMiner miner = new EmbeddedMiner(backend);
        miner.channel.pipeline().fireUserEventTriggered(IdleStateEvent.READER_IDLE_STATE_EVENT);
        assertFalse(miner.channel.isActive());
        assertEquals(List.of("disconnect"), backend.events);
    }

    @Test
    void backendExceptionIsAnsweredWithError20() {
        EmbeddedMiner miner = new EmbeddedMiner(new SimpleV1Backend() {
            @Override
            public ShareVerdict onSubmit(V1Session session, V1Request.Submit submit) {
                throw new IllegalStateException("boom");
            }
        }).subscribeAndAuthorize("w");
        assertEquals("{\"id\":4,\"result\":null,\"error\":[20,\"Internal error\",null]}", miner.call(SUBMIT_BEFORE));
        assertTrue(miner.channel.isActive());
    }
}
