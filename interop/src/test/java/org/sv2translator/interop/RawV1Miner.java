package org.sv2translator.interop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.sv2translator.bitcoin.MerklePath;
import org.sv2translator.bitcoin.ShareHasher;
import org.sv2translator.bitcoin.Target;
import org.sv2translator.v1.V1Codec;
import org.sv2translator.v1.V1Message;
import org.sv2translator.v1.V1Notification;

/**
 * A V1 miner written by hand for the tests that send shares on purpose: a plain socket speaking JSON-RPC lines
 * (subscribe, authorize, no mining.configure, so no version rolling), which finds nonces for any job, extranonce2
 * and ntime it is told, and reports the proxy's true/false answer to each submit. Only notifies are decoded with
 * the project's V1 reader (for its prevhash word order); everything else is plain JSON.
 */
final class RawV1Miner implements AutoCloseable {
    private static final HexFormat HEX = HexFormat.of();
    private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(10);

    private final Socket socket;
    private final OutputStream out;
    private final ObjectMapper json = new ObjectMapper();
    private final Map<Integer, JsonNode> answers = new ConcurrentHashMap<>();
    private final AtomicInteger nextId = new AtomicInteger(1);
    private final Thread reader;
    private volatile V1Notification.Notify job;
    private volatile double difficulty = Double.NaN;
    private volatile byte[] extranonce1;
    private volatile int extranonce2Size;

    RawV1Miner(InetSocketAddress proxy) throws IOException {
        socket = new Socket();
        socket.connect(proxy, 5000);
        out = socket.getOutputStream();
        BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        reader = new Thread(() -> read(in), "raw-v1-miner");
        reader.setDaemon(true);
        reader.start();
    }

    private void read(BufferedReader in) {
        try {
            for (String line; (line = in.readLine()) != null; ) {
                JsonNode node = json.readTree(line);
                if (node.hasNonNull("method")) {
                    String method = node.get("method").asText();
                    if (method.equals("mining.notify")) {
                        V1Message m = V1Codec.decodeFromServer(line);
                        job = (V1Notification.Notify) m;
                    } else if (method.equals("mining.set_difficulty")) {
                        difficulty = node.get("params").get(0).asDouble();
                    }
                } else if (node.hasNonNull("id")) {
                    answers.put(node.get("id").asInt(), node);
                }
            }
        } catch (IOException | RuntimeException e) {
            // the socket closed: the test sees it as answers that never come
        }
    }

    /** subscribe then authorize; returns once a job and a difficulty have arrived. */
    void handshake(String worker) throws Exception {
        JsonNode sub = call("mining.subscribe", "[\"raw-v1-miner/1.0\"]");
        JsonNode result = sub.get("result");
        extranonce1 = HEX.parseHex(result.get(1).asText());
        extranonce2Size = result.get(2).asInt();
        JsonNode auth = call("mining.authorize", "[\"" + worker + "\",\"x\"]");
        if (!auth.path("result").asBoolean(false)) {
            throw new AssertionError("authorize refused: " + auth);
        }
        Translators.await(() -> job != null && !Double.isNaN(difficulty), Duration.ofSeconds(15),
                "a job and a difficulty for the raw miner", () -> "job " + job + " difficulty " + difficulty);
    }

    V1Notification.Notify job() {
        return job;
    }

    double difficulty() {
        return difficulty;
    }

    int extranonce2Size() {
        return extranonce2Size;
    }

    /** Waits until a job other than {@code previous} (by id) has arrived, and returns it. */
    V1Notification.Notify awaitJobAfter(V1Notification.Notify previous) throws InterruptedException {
        Translators.await(() -> !job.jobId().equals(previous.jobId()), Duration.ofSeconds(15),
                "a new job after " + previous.jobId(), () -> "job " + job.jobId());
        return job;
    }

    /** A share of {@code j}: the first nonce from 0 whose header meets {@code difficulty}. */
    Share find(V1Notification.Notify j, byte[] extranonce2, int ntime, double shareDifficulty) {
        Target target = Target.fromDifficulty(shareDifficulty);
        MerklePath path = MerklePath.of(j.merkleBranch());
        ShareHasher hasher = ShareHasher.forCurrentThread();
        for (int nonce = 0; nonce != -1; nonce++) {
            byte[] hash = hasher.hash(j.coinbase1(), extranonce1, extranonce2, j.coinbase2(), path, j.version(),
                    j.prevHash(), ntime, j.nbits(), nonce);
            if (target.isMetBy(hash)) {
                return new Share(j.jobId(), extranonce2.clone(), ntime, nonce, hash);
            }
        }
        throw new IllegalStateException("no nonce meets difficulty " + shareDifficulty);
    }

    /** A share of {@code j} meeting {@code low} but not {@code high}: good for the miner, not for the pool. */
    Share findBetween(V1Notification.Notify j, byte[] extranonce2, double low, double high) {
        Target lowTarget = Target.fromDifficulty(low);
        Target highTarget = Target.fromDifficulty(high);
        MerklePath path = MerklePath.of(j.merkleBranch());
        ShareHasher hasher = ShareHasher.forCurrentThread();
        for (int nonce = 0; nonce != -1; nonce++) {
            byte[] hash = hasher.hash(j.coinbase1(), extranonce1, extranonce2, j.coinbase2(), path, j.version(),
                    j.prevHash(), j.ntime(), j.nbits(), nonce);
            if (lowTarget.isMetBy(hash) && !highTarget.isMetBy(hash)) {
                return new Share(j.jobId(), extranonce2.clone(), j.ntime(), nonce, hash);
            }
        }
        throw new IllegalStateException("no nonce between difficulties " + low + " and " + high);
    }

    record Share(String jobId, byte[] extranonce2, int ntime, int nonce, byte[] hash) {
        Share withJobId(String id) {
            return new Share(id, extranonce2, ntime, nonce, hash);
        }
    }

    /** Sends mining.submit and returns the proxy's answer: true, false, or an error (as false). */
    boolean submit(String worker, Share s) throws Exception {
        JsonNode answer = call("mining.submit", "[\"" + worker + "\",\"" + s.jobId() + "\",\""
                + HEX.formatHex(s.extranonce2()) + "\",\"" + String.format("%08x", s.ntime()) + "\",\""
                + String.format("%08x", s.nonce()) + "\"]");
        return answer.path("result").asBoolean(false) && answer.path("error").isNull();
    }

    /** Writes mining.submit without waiting for the answer (for bursts); returns its request id. */
    int submitAsync(String worker, Share s) throws IOException {
        int id = nextId.getAndIncrement();
        send(id, "mining.submit", "[\"" + worker + "\",\"" + s.jobId() + "\",\"" + HEX.formatHex(s.extranonce2())
                + "\",\"" + String.format("%08x", s.ntime()) + "\",\"" + String.format("%08x", s.nonce()) + "\"]");
        return id;
    }

    boolean answer(int id) throws InterruptedException {
        Translators.await(() -> answers.containsKey(id), ANSWER_TIMEOUT, "an answer to request " + id, () -> "");
        JsonNode a = answers.get(id);
        return a.path("result").asBoolean(false) && a.path("error").isNull();
    }

    private JsonNode call(String method, String params) throws Exception {
        int id = nextId.getAndIncrement();
        send(id, method, params);
        Translators.await(() -> answers.containsKey(id), ANSWER_TIMEOUT, "an answer to " + method, () -> "");
        return answers.get(id);
    }

    private synchronized void send(int id, String method, String params) throws IOException {
        String line = "{\"id\":" + id + ",\"method\":\"" + method + "\",\"params\":" + params + "}\n";
        out.write(line.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    boolean isConnected() {
        return reader.isAlive();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
