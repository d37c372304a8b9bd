package org.sv2translator.v1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.sv2translator.v1.ConnectionRateLimiter.Verdict.OK;
import static org.sv2translator.v1.ConnectionRateLimiter.Verdict.TOO_FAST;
import static org.sv2translator.v1.ConnectionRateLimiter.Verdict.UNTRACKED;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** New connections per second per source address: the bucket arithmetic, the table's bound, then real sockets. */
class ConnectionRateLimiterTest {
    private static final long MS = 1_000_000;
    private static final String SUBSCRIBE = "{\"id\":1,\"method\":\"mining.subscribe\",\"params\":[]}";

    private final List<V1ServerTest.Client> clients = new ArrayList<>();
    private final AtomicLong clock = new AtomicLong(); // the server's rate clock: moves only when told
    private V1Server server;
    private InetSocketAddress address;

    private static InetAddress ip(String text) throws IOException {
        return InetAddress.getByName(text);
    }

    @Test
    void aBurstThenTheRateForEachAddressSeparately() throws Exception {
        ConnectionRateLimiter limiter = new ConnectionRateLimiter(10, 3, 100); // a token per 100 ms
        long t = 5_000 * MS;
        for (int i = 0; i < 3; i++) {
            assertEquals(OK, limiter.tryAcquire(ip("198.51.100.1"), t), "burst " + i);
        }
        assertEquals(TOO_FAST, limiter.tryAcquire(ip("198.51.100.1"), t));
        assertEquals(OK, limiter.tryAcquire(ip("198.51.100.2"), t), "another address has its own bucket");
        assertEquals(TOO_FAST, limiter.tryAcquire(ip("198.51.100.1"), t + 99 * MS));
        assertEquals(OK, limiter.tryAcquire(ip("198.51.100.1"), t + 100 * MS), "one token 100 ms later");
        assertEquals(TOO_FAST, limiter.tryAcquire(ip("198.51.100.1"), t + 100 * MS));
    }

    @Test
    void refusedAttemptsSpendNothing() throws Exception {
        ConnectionRateLimiter limiter = new ConnectionRateLimiter(10, 1, 100);
        InetAddress looping = ip("198.51.100.7");
        assertEquals(OK, limiter.tryAcquire(looping, 0));
        for (int i = 1; i < 100; i++) { // retrying every millisecond does not push the next token back
            assertEquals(TOO_FAST, limiter.tryAcquire(looping, i * MS));
        }
        assertEquals(OK, limiter.tryAcquire(looping, 100 * MS));
    }

    @Test
    void anAddressIsForgottenOnceItsBucketIsFullAgain() throws Exception {
        ConnectionRateLimiter limiter = new ConnectionRateLimiter(1, 5, 100);
        limiter.tryAcquire(ip("198.51.100.1"), 0); // spends 1: full again after 1 s
        for (int i = 0; i < 5; i++) {
            limiter.tryAcquire(ip("198.51.100.2"), 0); // spends 5: full again after 5 s
        }
        assertEquals(2, limiter.addresses());
        limiter.tryAcquire(ip("198.51.100.3"), 1_500 * MS); // sweeps on the way in
        assertEquals(2, limiter.addresses(), ".1 forgotten, .2 (still refilling) and .3 kept");
        // .2 remembered: 1.6 tokens refilled of the 5 it spent, so one more connection and no second.
        assertEquals(OK, limiter.tryAcquire(ip("198.51.100.2"), 1_600 * MS));
        assertEquals(TOO_FAST, limiter.tryAcquire(ip("198.51.100.2"), 1_600 * MS), "forgotten, it would have 5");
        limiter.tryAcquire(ip("198.51.100.3"), 7_000 * MS);
        assertEquals(1, limiter.addresses(), "only .3, just used again");
    }

    @Test
    void theTableIsBoundedAndAFullTableAdmitsRatherThanRefuses() throws Exception {
        ConnectionRateLimiter limiter = new ConnectionRateLimiter(1, 1, 2);
        assertEquals(OK, limiter.tryAcquire(ip("198.51.100.1"), 0));
        assertEquals(OK, limiter.tryAcquire(ip("198.51.100.2"), 0));
        for (int i = 0; i < 100; i++) {
            assertEquals(UNTRACKED, limiter.tryAcquire(ip("203.0.113." + i), 0), "admitted, not remembered");
        }
        assertEquals(2, limiter.addresses());
        assertEquals(TOO_FAST, limiter.tryAcquire(ip("198.51.100.1"), 0), "the tracked ones are still limited");
        // Once .1 and .2 are full again, the next sweep frees their places.
        assertEquals(OK, limiter.tryAcquire(ip("203.0.113.7"), 2_000 * MS));
        assertEquals(TOO_FAST, limiter.tryAcquire(ip("203.0.113.7"), 2_000 * MS));
    }

    @Test
    void theDefaultBurstFollowsTheConnectionsAnAddressMayHold() {
        V1ServerConfig d = V1ServerConfig.defaults();
        assertEquals(20, d.maxConnectionRatePerIp());
        assertEquals(1000, d.effectiveConnectionBurstPerIp());
        assertEquals(20_000, d.withConnectionLimits(20_000, 20_000).effectiveConnectionBurstPerIp(),
                "a farm allowed 20,000 connections from one address may bring them all back at once");
        assertEquals(5, d.withConnectionRatePerIp(20, 5).effectiveConnectionBurstPerIp());
        assertThrows(IllegalArgumentException.class, () -> d.withConnectionRatePerIp(-1, 0));
        assertThrows(IllegalArgumentException.class, () -> d.withConnectionRatePerIp(20, -1));
    }

    private void start(V1ServerConfig config) {
        server = new V1Server(config, new SimpleV1Backend(), clock::get);
        address = server.start(new InetSocketAddress("127.0.0.1", 0));
    }

    private V1ServerTest.Client connect(String localAddress) throws IOException {
        V1ServerTest.Client c = new V1ServerTest.Client(address, localAddress);
        clients.add(c);
        return c;
    }

    @AfterEach
    void stop() throws IOException {
        for (V1ServerTest.Client c : clients) {
            c.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void overTcpAnAddressAboveItsRateIsRefusedAndOthersAreNot() throws Exception {
        start(V1ServerConfig.defaults().withConnectionRatePerIp(1, 2));
        // Connections become active on different event loops: one at a time so the order is known.
        connect("127.0.0.1");
        await(() -> server.connectionCount() == 1);
        V1ServerTest.Client second = connect("127.0.0.1");
        await(() -> server.connectionCount() == 2);
        V1ServerTest.Client third = connect("127.0.0.1");
        assertEquals(-1, third.in.read(), "the third within the same second is closed at once, unanswered");
        assertEquals(1, server.connectionRateRefusals());
        V1ServerTest.Client other = connect("127.0.0.2");
        assertTrue(other.call(SUBSCRIBE).contains("result"), "another address is not affected");
        assertTrue(second.call(SUBSCRIBE).contains("result"), "nor are the connections already in");
        clock.addAndGet(1_000 * MS);
        V1ServerTest.Client later = connect("127.0.0.1");
        assertTrue(later.call(SUBSCRIBE).contains("result"), "a second later the address has a token again");
        assertEquals(1, server.connectionRateRefusals());
    }

    @Test
    void behindAProxyTheRateAppliesToTheAddressInTheHeader() throws Exception {
        start(V1ServerConfig.defaults().withProxyProtocol(true).withConnectionRatePerIp(1, 1));
        V1ServerTest.Client first = connect("127.0.0.1");
        first.write("PROXY TCP4 203.0.113.7 10.0.0.1 51000 3333\r\n");
        assertTrue(first.call(SUBSCRIBE).contains("result"));
        V1ServerTest.Client again = connect("127.0.0.1");
        again.write("PROXY TCP4 203.0.113.7 10.0.0.1 51001 3333\r\n" + SUBSCRIBE + "\n");
        assertNull(again.in.readLine(), "203.0.113.7 again within the second: refused");
        V1ServerTest.Client other = connect("127.0.0.1");
        other.write("PROXY TCP4 203.0.113.8 10.0.0.1 51002 3333\r\n");
        assertTrue(other.call(SUBSCRIBE).contains("result"), "another miner behind the same balancer is let in");
        assertEquals(1, server.connectionRateRefusals());
    }

    @Test
    void rateZeroTurnsTheLimitOff() throws Exception {
        start(V1ServerConfig.defaults().withConnectionRatePerIp(0, 0));
        for (int i = 0; i < 5; i++) {
            assertTrue(connect("127.0.0.1").call(SUBSCRIBE).contains("result"));
        }
        assertEquals(0, server.connectionRateRefusals());
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not reached within 10 s");
            }
            Thread.sleep(10);
        }
    }
}
