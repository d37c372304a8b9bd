package org.sv2translator.v1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Miner-side abuse at scale (issue 8): junk floods, half-open connections, a connection storm against the accept
 * limit. Each abuser costs bounded memory (one line buffer, one connection slot) and is closed; the well-behaved
 * miner beside it is served throughout.
 */
class V1AbuseTest {
    private static final String SUBSCRIBE = "{\"id\":1,\"method\":\"mining.subscribe\",\"params\":[]}";
    private static final String AUTHORIZE = "{\"id\":2,\"method\":\"mining.authorize\",\"params\":[\"w\",\"x\"]}";

    private final List<V1ServerTest.Client> clients = new ArrayList<>();
    private V1Server server;
    private InetSocketAddress address;

    private void start(V1ServerConfig config) {
        server = new V1Server(config, new SimpleV1Backend());
        address = server.start(new InetSocketAddress("127.0.0.1", 0));
    }

    private V1ServerTest.Client connect() throws IOException {
        V1ServerTest.Client c = new V1ServerTest.Client(address, "127.0.0.1");
        clients.add(c);
        return c;
    }

    @AfterEach
    void stop() throws IOException {
        for (V1ServerTest.Client c : clients) {
            c.close();
        }
        server.close();
    }

    @Test
    void tenThousandJunkLinesCloseTheSenderAfterItsErrorBudgetOnly() throws Exception {
        start(V1ServerConfig.defaults().withErrorBudget(20));
        V1ServerTest.Client good = connect();
        assertTrue(good.call(SUBSCRIBE).contains("result"));
        V1ServerTest.Client junk = connect();
        StringBuilder flood = new StringBuilder();
        for (int i = 0; i < 10_000; i++) {
            flood.append(i % 2 == 0 ? "garbage " + i : "{\"id\":" + i + ",\"method\":\"no.such\"}").append('\n');
        }
        try {
            junk.write(flood.toString());
        } catch (IOException closedWhileWriting) {
            // the server may close before the kernel took all 10,000 lines: that is the point
        }
        int answers = 0;
        while (junk.in.readLine() != null) {
            answers++;
        }
        assertEquals(20, answers, "one error per bad line until the budget is spent, then closed");
        assertTrue(good.call(AUTHORIZE).contains("true"), "the good miner never noticed");
        await(() -> server.connectionCount() == 1, "the junk connection is gone");
    }

    @Test
    void halfOpenConnectionsAreClosedByTheIdleTimeoutWhileActiveMinersStay() throws Exception {
        start(V1ServerConfig.defaults().withIdleTimeout(Duration.ofMillis(500)));
        V1ServerTest.Client good = connect();
        assertTrue(good.call(SUBSCRIBE).contains("result"));
        for (int i = 0; i < 200; i++) {
            V1ServerTest.Client silent = connect();
            if (i % 2 == 0) {
                silent.write("{\"id\":1,\"method\":\"mining.sub"); // half a line, never finished
            }
        }
        await(() -> server.connectionCount() == 201, "all connected");
        for (int i = 0; i < 20 && server.connectionCount() > 1; i++) {
            assertTrue(good.call(AUTHORIZE).contains("true"), "served while the half-open ones wait");
            Thread.sleep(100);
        }
        await(() -> server.connectionCount() == 1, "every half-open connection closed");
        assertTrue(good.call(AUTHORIZE).contains("true"));
        for (int i = 1; i < clients.size(); i++) {
            clients.get(i).socket.setSoTimeout(2000);
            assertNull(clients.get(i).in.readLine(), "closed by the server");
        }
    }

    @Test
    void aStormAboveTheAcceptRateIsPacedNotRefused() throws Exception {
        start(V1ServerConfig.defaults().withAcceptRate(200, 20));
        List<V1ServerTest.Client> storm = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            storm.add(connect()); // the kernel completes the handshakes; the server takes them at its pace
        }
        for (V1ServerTest.Client c : storm) {
            assertTrue(c.call(SUBSCRIBE).contains("result"), "every one gets in");
        }
        assertEquals(300, server.acceptedConnections());
        assertTrue(server.acceptPauses() > 0, "the limit bit and accepting paused");
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 10 s: " + what);
            }
            Thread.sleep(10);
        }
    }
}
