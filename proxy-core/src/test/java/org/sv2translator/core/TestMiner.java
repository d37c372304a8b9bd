package org.sv2translator.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.sv2translator.bitcoin.BlockHeader;
import org.sv2translator.bitcoin.Merkle;
import org.sv2translator.bitcoin.MerklePath;
import org.sv2translator.bitcoin.Target;

/**
 * A deliberately plain V1 miner for end-to-end tests: blocking socket, raw JSON, and share construction written
 * from the V1 conventions (not from the project's V1 codec), so the test checks the translator independently.
 */
final class TestMiner implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HexFormat HEX = HexFormat.of();

    private final Socket socket;
    private final BufferedReader in;
    private final OutputStream out;
    private int nextId = 1;
    byte[] extranonce1;
    int extranonce2Size;
    double difficulty = 1;
    JsonNode notify; // params of the latest mining.notify
    final List<JsonNode> notifies = new ArrayList<>();
    final List<JsonNode> unhandled = new ArrayList<>();
    /** Every notification, in the order it arrived (tests of what comes before what). */
    final List<JsonNode> received = new ArrayList<>();

    TestMiner(InetSocketAddress proxy) throws IOException {
        this(proxy, null);
    }

    /** From {@code source} (e.g. 127.0.0.2: a miner with an address of its own on loopback), or any when null. */
    TestMiner(InetSocketAddress proxy, java.net.InetAddress source) throws IOException {
        socket = source == null ? new Socket(proxy.getAddress(), proxy.getPort())
                : new Socket(proxy.getAddress(), proxy.getPort(), source, 0);
        socket.setSoTimeout(10_000);
        in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        out = socket.getOutputStream();
    }

    /** Sends a request and returns its response, handling notifications that arrive meanwhile. */
    JsonNode call(String method, Object... params) throws IOException {
        int id = nextId++;
        send(JSON.createObjectNode().put("id", id).put("method", method)
                .set("params", JSON.valueToTree(params)).toString());
        while (true) {
            JsonNode msg = read();
            if (msg.path("id").asInt(-1) == id && !msg.has("method")) {
                return msg;
            }
            handle(msg);
        }
    }

    void send(String line) throws IOException {
        out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    JsonNode read() throws IOException {
        String line = in.readLine();
        if (line == null) {
            throw new IOException("connection closed by the proxy");
        }
        return JSON.readTree(line);
    }

    /** Reads notifications until a mining.notify arrives (within the socket timeout). */
    void awaitNotify() throws IOException {
        int before = notifies.size();
        while (notifies.size() == before) {
            handle(read());
        }
    }

    /** Reads whatever arrives within {@code millis}. */
    void drain(int millis) throws IOException {
        socket.setSoTimeout(millis);
        try {
            while (true) {
                handle(read());
            }
        } catch (SocketTimeoutException done) {
            // nothing more for now
        } finally {
            socket.setSoTimeout(10_000);
        }
    }

    private void handle(JsonNode msg) {
        String method = msg.path("method").asText("");
        if (!method.isEmpty()) {
            received.add(msg);
        }
        switch (method) {
            case "mining.set_difficulty" -> difficulty = msg.get("params").get(0).asDouble();
            case "mining.set_extranonce" -> {
                extranonce1 = HEX.parseHex(msg.get("params").get(0).asText());
                extranonce2Size = msg.get("params").get(1).asInt();
                unhandled.add(msg); // applied, and kept for tests to see
            }
            case "mining.notify" -> {
                notify = msg.get("params");
                notifies.add(notify);
            }
            default -> unhandled.add(msg);
        }
    }

    /** The method of the notification just before the latest mining.notify, or "" if there was none. */
    String beforeLatestNotify() {
        for (int i = received.size() - 1; i > 0; i--) {
            if (received.get(i).path("method").asText().equals("mining.notify")) {
                return received.get(i - 1).path("method").asText();
            }
        }
        return "";
    }

    /** The params of every mining.set_version_mask so far, as hex strings. */
    List<String> versionMasks() {
        List<String> masks = new ArrayList<>();
        for (JsonNode m : received) {
            if (m.path("method").asText().equals("mining.set_version_mask")) {
                masks.add(m.get("params").get(0).asText());
            }
        }
        return masks;
    }

    /** mining.extranonce.subscribe: this miner takes mining.set_extranonce. */
    boolean extranonceSubscribe() throws IOException {
        return call("mining.extranonce.subscribe").path("result").asBoolean();
    }

    void subscribeAndAuthorize(String worker) throws IOException {
        JsonNode result = call("mining.subscribe", "test-miner/1.0").get("result");
        extranonce1 = HEX.parseHex(result.get(1).asText());
        extranonce2Size = result.get(2).asInt();
        if (!call("mining.authorize", worker, "x").get("result").asBoolean()) {
            throw new IOException("not authorized");
        }
    }

    /** A share on the latest notify: extranonce2 and nonce such that the header meets the current difficulty. */
    record Share(String jobId, String extranonce2, String ntime, String nonce, String versionBits, byte[] hash) {
    }

    /** BIP310 version rolling; returns the negotiated mask (0 when refused). */
    int configureVersionRolling(int mask) throws IOException {
        JsonNode ext = JSON.createArrayNode().add("version-rolling");
        JsonNode opts = JSON.createObjectNode().put("version-rolling.mask", String.format("%08x", mask))
                .put("version-rolling.min-bit-count", 2);
        JsonNode result = call("mining.configure", ext, opts).get("result");
        return result.path("version-rolling").asBoolean()
                ? (int) Long.parseLong(result.get("version-rolling.mask").asText(), 16) : 0;
    }

    Share findShare(long extranonce2, boolean meeting) {
        return findShare(extranonce2, meeting, -1);
    }

    /** {@code versionBits} -1: no version rolling (5 submit parameters); else the rolled bits to use. */
    Share findShare(long extranonce2, boolean meeting, int versionBits) {
        return findShare(extranonce2, meeting, versionBits, 0);
    }

    /**
     * {@code versionBits} as above; {@code ntimeAhead} seconds added to the job's ntime, as miners roll it.
     * The rolled bits are applied inside the BIP320 mask, the rest of the version is the job's (BIP310).
     */
    Share findShare(long extranonce2, boolean meeting, int versionBits, int ntimeAhead) {
        JsonNode n = notify;
        byte[] e2 = new byte[extranonce2Size];
        for (int i = 0; i < extranonce2Size; i++) {
            e2[extranonce2Size - 1 - i] = (byte) (extranonce2 >>> (8 * i));
        }
        byte[] coinbaseTxid = Merkle.coinbaseTxid(HEX.parseHex(n.get(2).asText()), extranonce1, e2,
                HEX.parseHex(n.get(3).asText()));
        List<byte[]> branch = new ArrayList<>();
        n.get(4).forEach(b -> branch.add(HEX.parseHex(b.asText())));
        byte[] root = MerklePath.of(branch).root(coinbaseTxid);
        // V1 prevhash: each 4-byte word of the header bytes is byte-reversed in the hex.
        byte[] v1Prev = HEX.parseHex(n.get(1).asText());
        byte[] prev = new byte[32];
        for (int i = 0; i < 32; i++) {
            prev[i] = v1Prev[(i / 4) * 4 + 3 - i % 4];
        }
        int jobVersion = (int) Long.parseLong(n.get(5).asText(), 16);
        int version = versionBits < 0 ? jobVersion : (jobVersion & ~0x1fffe000) | versionBits;
        int nbits = (int) Long.parseLong(n.get(6).asText(), 16);
        int ntime = (int) Long.parseLong(n.get(7).asText(), 16) + ntimeAhead;
        Target target = Target.fromDifficulty(difficulty);
        for (int nonce = 0; ; nonce++) {
            if (nonce == 1 << 22) {
                throw new AssertionError("no share within 2^22 nonces at difficulty " + difficulty
                        + ": the test's difficulty is not what it expects");
            }
            byte[] hash = new BlockHeader(version, prev, root, ntime, nbits, nonce).hash();
            if (target.isMetBy(hash) == meeting) {
                return new Share(n.get(0).asText(), HEX.formatHex(e2), String.format("%08x", ntime),
                        String.format("%08x", nonce), versionBits < 0 ? null : String.format("%08x", versionBits),
                        hash);
            }
        }
    }

    JsonNode submit(String worker, Share s) throws IOException {
        return s.versionBits() == null
                ? call("mining.submit", worker, s.jobId(), s.extranonce2(), s.ntime(), s.nonce())
                : call("mining.submit", worker, s.jobId(), s.extranonce2(), s.ntime(), s.nonce(), s.versionBits());
    }

    private List<JsonNode> lastAnswers = List.of();

    /** The answers {@link #pipelined} had read when it stopped (e.g. because the proxy closed the connection). */
    List<JsonNode> answersBeforeClose() {
        return lastAnswers;
    }

    /**
     * Sends every share while reading the answers (in order: the proxy answers in request order); the writing runs
     * on a thread of its own so neither side's buffers fill up.
     */
    List<JsonNode> pipelined(String worker, List<Share> shares) throws IOException {
        int firstId = nextId;
        nextId += shares.size();
        java.util.concurrent.CompletableFuture<Void> written = java.util.concurrent.CompletableFuture.runAsync(() -> {
            StringBuilder batch = new StringBuilder();
            int id = firstId;
            try {
                for (Share s : shares) {
                    batch.append(JSON.createObjectNode().put("id", id++).put("method", "mining.submit")
                            .set("params", JSON.valueToTree(List.of(worker, s.jobId(), s.extranonce2(), s.ntime(),
                                    s.nonce()))).toString()).append('\n');
                    if (batch.length() > 1 << 14) {
                        out.write(batch.toString().getBytes(StandardCharsets.UTF_8));
                        batch.setLength(0);
                    }
                }
                out.write(batch.toString().getBytes(StandardCharsets.UTF_8));
                out.flush();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        List<JsonNode> answers = lastAnswers = new ArrayList<>();
        while (answers.size() < shares.size()) {
            JsonNode msg;
            try {
                msg = read();
            } catch (SocketTimeoutException e) {
                throw new IOException("no answer after " + answers.size() + " (writer "
                        + (written.isCompletedExceptionally() ? "failed: " + written.handle((v, t) -> t).join()
                        : written.isDone() ? "done" : "running") + ")", e);
            }
            if (msg.has("method")) {
                handle(msg);
            } else if (msg.path("id").asInt() == firstId + answers.size()) {
                answers.add(msg);
            } else {
                throw new IOException("answer out of order after " + answers.size() + ": " + msg);
            }
        }
        written.join();
        return answers;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
