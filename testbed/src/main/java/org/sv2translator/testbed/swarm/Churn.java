package org.sv2translator.testbed.swarm;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A misbehaving fleet in one process: clients that connect, send {@code mining.subscribe}, read the answer and
 * close at once, over and over. Each closes with a reset (SO_LINGER 0) so the loop does not run out of local ports
 * in TIME_WAIT. Prints one line at the end: {@code cycles=N subscribed=N refused=N failed=N} (refused: the
 * subscribe was answered with an error; failed: the connection broke).
 *
 * <p>Usage: {@code Churn HOST PORT CYCLES THREADS}.
 */
public final class Churn {
    private static final byte[] SUBSCRIBE = "{\"id\":1,\"method\":\"mining.subscribe\",\"params\":[\"churn/1.0\"]}\n"
            .getBytes(StandardCharsets.US_ASCII);

    private Churn() {
    }

    public static void main(String[] args) throws InterruptedException {
        if (args.length != 4) {
            System.err.println("usage: Churn HOST PORT CYCLES THREADS");
            System.exit(2);
        }
        InetSocketAddress target = new InetSocketAddress(args[0], Integer.parseInt(args[1]));
        long cycles = Long.parseLong(args[2]);
        int threads = Integer.parseInt(args[3]);
        AtomicLong next = new AtomicLong();
        AtomicLong subscribed = new AtomicLong();
        AtomicLong refused = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread w = new Thread(() -> {
                while (next.getAndIncrement() < cycles) {
                    try (Socket s = new Socket()) {
                        s.setSoLinger(true, 0);
                        s.setSoTimeout(10_000);
                        s.connect(target, 10_000);
                        OutputStream out = s.getOutputStream();
                        out.write(SUBSCRIBE);
                        out.flush();
                        String answer = new BufferedReader(new InputStreamReader(s.getInputStream(),
                                StandardCharsets.UTF_8)).readLine();
                        if (answer == null) {
                            failed.incrementAndGet();
                        } else if (answer.contains("\"error\":null") || !answer.contains("\"error\"")) {
                            subscribed.incrementAndGet();
                        } else {
                            refused.incrementAndGet();
                        }
                    } catch (IOException e) {
                        failed.incrementAndGet();
                    }
                }
            }, "churn-" + t);
            w.start();
            workers.add(w);
        }
        for (Thread w : workers) {
            w.join();
        }
        System.out.printf("cycles=%d subscribed=%d refused=%d failed=%d%n", cycles, subscribed.get(), refused.get(),
                failed.get());
    }
}
