package org.sv2translator.v1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The V1 server behind a load balancer: the PROXY protocol header decides the address limits and logs see. */
class ProxyProtocolTest {
    private static final String SUBSCRIBE = "{\"id\":1,\"method\":\"mining.subscribe\",\"params\":[]}";
    private final List<V1Session> sessions = new CopyOnWriteArrayList<>();
    private final List<V1ServerTest.Client> clients = new ArrayList<>();
    private V1Server server;
    private InetSocketAddress address;

    private final V1Backend backend = new SimpleV1Backend() {
        @Override
        public SubscribeDecision onSubscribe(V1Session session, String userAgent, String sessionId) {
            sessions.add(session);
            return super.onSubscribe(session, userAgent, sessionId);
        }
    };

    private void start(V1ServerConfig config) {
        server = new V1Server(config, backend);
        address = server.start(new InetSocketAddress("127.0.0.1", 0));
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

    private V1ServerTest.Client connect() throws IOException {
        V1ServerTest.Client c = new V1ServerTest.Client(address, "127.0.0.1");
        clients.add(c);
        return c;
    }

    private static String v1Header(String source) {
        return "PROXY TCP4 " + source + " 10.0.0.1 51000 3333\r\n";
    }

    /** A PROXY v2 header for TCP over IPv4, written byte by byte from the protocol's text. */
    private static byte[] v2Header(int[] source, int sourcePort) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(new byte[] {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A});
        b.write(0x21); // version 2, command PROXY
        b.write(0x11); // AF_INET, STREAM
        b.write(0);
        b.write(12); // address block length
        for (int octet : source) {
            b.write(octet);
        }
        b.writeBytes(new byte[] {10, 0, 0, 1});
        b.write(sourcePort >> 8);
        b.write(sourcePort & 0xFF);
        b.write(3333 >> 8);
        b.write(3333 & 0xFF);
        return b.toByteArray();
    }

    private static String host(V1Session s) {
        return ((InetSocketAddress) s.remoteAddress()).getAddress().getHostAddress();
    }

    @Test
    void aV1HeaderGivesTheMinersAddress() throws Exception {
        start(V1ServerConfig.defaults().withProxyProtocol(true));
        V1ServerTest.Client c = connect();
        // Header and first request in one write, as a balancer forwards them.
        c.write(v1Header("203.0.113.7"));
        assertTrue(c.call(SUBSCRIBE).contains("result"));
        assertEquals("203.0.113.7", host(sessions.get(0)));
        assertEquals(51000, ((InetSocketAddress) sessions.get(0).remoteAddress()).getPort());
    }

    @Test
    void aV2HeaderGivesTheMinersAddress() throws Exception {
        start(V1ServerConfig.defaults().withProxyProtocol(true));
        V1ServerTest.Client c = connect();
        c.out.write(v2Header(new int[] {198, 51, 100, 23}, 40000));
        c.out.flush();
        assertTrue(c.call(SUBSCRIBE).contains("result"));
        assertEquals("198.51.100.23", host(sessions.get(0)));
    }

    @Test
    void perAddressLimitsApplyToTheAddressInTheHeader() throws Exception {
        start(V1ServerConfig.defaults().withProxyProtocol(true).withConnectionLimits(10, 1));
        V1ServerTest.Client first = connect();
        first.write(v1Header("203.0.113.7"));
        assertTrue(first.call(SUBSCRIBE).contains("result"));
        V1ServerTest.Client sameMiner = connect();
        sameMiner.write(v1Header("203.0.113.7"));
        assertEquals(null, sameMiner.in.readLine(), "a second connection from 203.0.113.7 is over its limit");
        V1ServerTest.Client other = connect();
        other.write(v1Header("203.0.113.8"));
        assertTrue(other.call(SUBSCRIBE).contains("result"),
                "another miner behind the same balancer address is served");
        assertTrue(first.call(SUBSCRIBE.replace("\"id\":1", "\"id\":2")).contains("result"), "the first is untouched");
    }

    @Test
    void aConnectionWithoutAHeaderIsClosedAndOthersGoOn() throws Exception {
        start(V1ServerConfig.defaults().withProxyProtocol(true));
        V1ServerTest.Client good = connect();
        good.write(v1Header("203.0.113.9"));
        assertTrue(good.call(SUBSCRIBE).contains("result"));
        V1ServerTest.Client bare = connect();
        bare.write(SUBSCRIBE + "\n");
        assertEquals(null, bare.in.readLine(), "no PROXY header: closed without an answer");
        assertTrue(good.call(SUBSCRIBE.replace("\"id\":1", "\"id\":2")).contains("result"));
        assertEquals(1, sessions.size(), "the bare connection never reached the backend");
    }

    @Test
    void aHeaderThatNeverComesIsEndedByTheIdleTimeout() throws Exception {
        start(V1ServerConfig.defaults().withProxyProtocol(true).withIdleTimeout(Duration.ofMillis(300)));
        V1ServerTest.Client silent = connect();
        assertEquals(null, silent.in.readLine(), "closed after the idle timeout");
    }

    @Test
    void withoutTheOptionAProxyLineIsJustABadRequest() throws Exception {
        start(V1ServerConfig.defaults());
        V1ServerTest.Client c = connect();
        String answer = c.call(v1Header("203.0.113.7").trim());
        assertTrue(answer.contains("\"error\":[20") || answer.contains("\"code\":20") || answer.contains("error"),
                answer);
        assertTrue(c.call(SUBSCRIBE).contains("result"), "and the connection stays usable");
        assertEquals("127.0.0.1", host(sessions.get(0)));
    }
}
