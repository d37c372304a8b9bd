package org.sv2translator.testbed.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sv2translator.testbed.pool.TestPool;
import org.sv2translator.v1.V1Codec;
import org.sv2translator.v1.V1Notification;
import org.sv2translator.v1.V1Response;

class FloorServerTest {
    @Test
    void linesAreFixedSizeV1Messages() {
        byte[] answer = FloorServer.answerLine();
        assertEquals(FloorServer.ANSWER_BYTES, answer.length);
        V1Response r = (V1Response) V1Codec.decodeFromServer(new String(answer, StandardCharsets.US_ASCII).trim());
        assertEquals(new V1Response.BooleanResult(true), r.result());
        // the generator's parser-free path reads it too, and nothing else
        assertEquals(1, LoadConnection.quickAnswer(io.netty.buffer.Unpooled.wrappedBuffer(answer, 0, answer.length - 1)));
        assertEquals(12345, LoadConnection.quickAnswer(io.netty.buffer.Unpooled.copiedBuffer(
                "{\"id\":12345,\"result\":true,\"error\":null}", StandardCharsets.US_ASCII)));
        assertEquals(Long.MIN_VALUE, LoadConnection.quickAnswer(io.netty.buffer.Unpooled.copiedBuffer(
                "{\"id\":12345,\"result\":false,\"error\":null}", StandardCharsets.US_ASCII)));
        assertEquals(Long.MIN_VALUE, LoadConnection.quickAnswer(io.netty.buffer.Unpooled.copiedBuffer(
                "{\"id\":12345,\"result\":true,\"error\":null}x", StandardCharsets.US_ASCII)));
        byte[] notify = FloorServer.notifyLine(1_234_567_890_123L, 5);
        assertEquals(FloorServer.NOTIFY_BYTES, notify.length);
        assertEquals('\n', notify[notify.length - 1]);
        V1Notification.Notify n = (V1Notification.Notify) V1Codec.decodeFromServer(
                new String(notify, StandardCharsets.US_ASCII).trim());
        assertTrue(n.cleanJobs());
        assertEquals(1_234_567_890_123L, TestPool.publishedMillis(n.coinbase1()));
    }

    @Test
    void answersEveryLineAndTriggersEveryConnection() throws Exception {
        try (FloorServer floor = new FloorServer(1)) {
            InetSocketAddress at = floor.start(new InetSocketAddress("127.0.0.1", 0));
            List<Socket> sockets = new ArrayList<>();
            try {
                for (int i = 0; i < 5; i++) {
                    sockets.add(new Socket(at.getAddress(), at.getPort()));
                }
                for (Socket s : sockets) {
                    OutputStream out = s.getOutputStream();
                    out.write("{\"id\":7,\"method\":\"mining.submit\",\"params\":[]}\nsecond line\n".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                }
                List<BufferedReader> readers = new ArrayList<>();
                for (Socket s : sockets) {
                    BufferedReader r = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
                    readers.add(r);
                    assertEquals(FloorServer.ANSWER_BYTES - 1, r.readLine().length());
                    assertEquals(FloorServer.ANSWER_BYTES - 1, r.readLine().length());
                }
                long deadline = System.nanoTime() + 5_000_000_000L;
                while (floor.connections() < 5 && System.nanoTime() < deadline) {
                    Thread.sleep(10);
                }
                floor.trigger();
                for (BufferedReader r : readers) {
                    String line = r.readLine();
                    assertEquals(FloorServer.NOTIFY_BYTES - 1, line.length());
                    assertTrue(line.contains("mining.notify"));
                }
            } finally {
                for (Socket s : sockets) {
                    s.close();
                }
            }
        }
    }
}
