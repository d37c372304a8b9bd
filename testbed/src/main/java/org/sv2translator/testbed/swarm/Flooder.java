package org.sv2translator.testbed.swarm;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A hostile miner for the bench: one connection at a time that subscribes, authorizes and then sends
 * {@code mining.submit} on a job that does not exist, at a fixed rate, reading and dropping the answers. When the
 * translator cuts it off it reconnects at once and goes on, so it keeps pressing for the whole run. What it managed
 * to send and how often it was cut off are counted.
 */
public final class Flooder implements AutoCloseable {
    private final InetSocketAddress target;
    private final double sharesPerSecond;
    private final Thread thread;
    private volatile boolean closed;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong answered = new AtomicLong();
    private final AtomicLong connections = new AtomicLong();
    private final AtomicLong cutOff = new AtomicLong();

    public Flooder(InetSocketAddress target, double sharesPerSecond) {
        this.target = target;
        this.sharesPerSecond = sharesPerSecond;
        this.thread = new Thread(this::run, "flooder");
        thread.setDaemon(true);
    }

    public Flooder start() {
        thread.start();
        return this;
    }

    /** Invalid shares written so far. */
    public long sent() {
        return sent.get();
    }

    /** Answers read so far. */
    public long answered() {
        return answered.get();
    }

    /** Connections made so far. */
    public long connections() {
        return connections.get();
    }

    /** Times the translator closed the connection after telling it why. */
    public long cutOff() {
        return cutOff.get();
    }

    private void run() {
        long start = System.nanoTime();
        while (!closed) {
            try (Socket s = new Socket()) {
                s.setSoLinger(true, 0);
                s.connect(target, 5000);
                connections.incrementAndGet();
                OutputStream out = s.getOutputStream();
                out.write(("{\"id\":1,\"method\":\"mining.subscribe\",\"params\":[\"flooder/1.0\"]}\n"
                        + "{\"id\":2,\"method\":\"mining.authorize\",\"params\":[\"flooder.1\",\"x\"]}\n")
                        .getBytes(StandardCharsets.US_ASCII));
                Thread reader = new Thread(() -> drain(s), "flooder-reader");
                reader.setDaemon(true);
                reader.start();
                long id = 3;
                StringBuilder batch = new StringBuilder();
                while (!closed && reader.isAlive()) {
                    // Paced from the start of the run: a reconnection does not reset what is owed.
                    long due = (long) ((System.nanoTime() - start) / 1e9 * sharesPerSecond) - sent.get();
                    if (due <= 0) {
                        TimeUnit.MICROSECONDS.sleep(200);
                        continue;
                    }
                    batch.setLength(0);
                    for (long i = 0; i < Math.min(due, 1000); i++) {
                        batch.append("{\"id\":").append(id++).append(",\"method\":\"mining.submit\",\"params\":"
                                + "[\"flooder.1\",\"deadbeef\",\"00000000\",\"65000000\",\"00000000\"]}\n");
                    }
                    out.write(batch.toString().getBytes(StandardCharsets.US_ASCII));
                    sent.addAndGet(Math.min(due, 1000));
                }
                reader.join(1000);
            } catch (IOException e) {
                // cut off while writing: reconnect
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void drain(Socket s) {
        try {
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
            String line;
            while ((line = in.readLine()) != null) {
                answered.incrementAndGet();
                if (line.contains("Too many invalid shares")) {
                    cutOff.incrementAndGet();
                }
            }
        } catch (IOException e) {
            // closed
        }
    }

    @Override
    public void close() throws InterruptedException {
        closed = true;
        thread.join(5000);
    }
}
