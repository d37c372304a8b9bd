package org.sv2translator.interop;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Pattern;
import org.sv2translator.testbed.peer.SriLaunch;

/**
 * One SRI binary running as a child process on loopback: its TOML config in a folder of its own, its standard output
 * and error in {@code <folder>/out.log} (to a file, so a chatty process never blocks on a full pipe, and the log
 * survives a kill for the checks that read it). {@link #close()} stops it and waits for it to exit.
 */
final class SriProcess implements AutoCloseable {
    /** How long a role gets to start listening or to exit after SIGTERM: generous for a loaded 2-core CI machine. */
    static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

    final String name;
    final Path dir;
    final Path log;
    private final Process process;
    /** Lines the log already had when this process started (a restart appends to the same file). */
    private final int firstLine;
    private volatile boolean paused;

    private SriProcess(String name, Path dir, Process process, int firstLine) {
        this.name = name;
        this.dir = dir;
        this.log = dir.resolve("out.log");
        this.process = process;
        this.firstLine = firstLine;
    }

    /** Starts {@code binary -c <dir>/config.toml}, the config having been written there by the caller. */
    static SriProcess start(String name, Path binary, Path dir) throws IOException {
        Path log = dir.resolve("out.log");
        int firstLine = SriLaunch.lines(log).size();
        // Appended: a restart of the same role adds to its log, which the checks read over all its lives.
        return new SriProcess(name, dir, SriLaunch.start(List.of(), binary, dir.resolve("config.toml"), dir, log,
                true), firstLine);
    }

    /**
     * A process started elsewhere with its log at {@code <dir>/out.log}, written afresh (translator_sv2 through
     * the testbed's SriTranslatorProcess).
     */
    static SriProcess adopt(String name, Path dir, Process process) {
        return new SriProcess(name, dir, process, 0);
    }

    /** A loopback port free now (the SRI roles take fixed ports from their config, so the test picks them). */
    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** Waits until something accepts TCP connections on {@code port}, failing early if the process exits. */
    void awaitListening(int port) throws InterruptedException {
        awaitCondition(() -> {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return true;
            } catch (IOException e) {
                return false;
            }
        }, START_TIMEOUT, "listening on 127.0.0.1:" + port);
    }

    /** Waits until the log has a line matching {@code line}, failing early if the process exits. */
    void awaitLog(Pattern line, Duration timeout) throws InterruptedException {
        awaitCondition(() -> count(line) > 0, timeout, "a log line matching /" + line + "/");
    }

    /** Lines of the log so far matching {@code line}. */
    long count(Pattern line) {
        return lines().stream().filter(l -> line.matcher(l).find()).count();
    }

    /** Lines written by this process only, not by earlier ones that logged to the same file. */
    long countThisLife(Pattern line) {
        List<String> all = lines();
        return all.subList(Math.min(firstLine, all.size()), all.size()).stream()
                .filter(l -> line.matcher(l).find()).count();
    }

    List<String> lines() {
        return SriLaunch.lines(log);
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** SIGKILL, as a crash or an OOM kill: no goodbye on any connection. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }

    long pid() {
        return process.pid();
    }

    /**
     * SIGSTOP: the process stops with its sockets open; the kernel still acknowledges what peers send (into the
     * socket buffers) but nothing is read or answered. The hung-pool case, which only liveness checks can notice.
     */
    void pause() throws IOException, InterruptedException {
        signal("-STOP");
        paused = true;
    }

    /** SIGCONT after {@link #pause()}. */
    void resume() throws IOException, InterruptedException {
        signal("-CONT");
        paused = false;
    }

    boolean isPaused() {
        return paused;
    }

    private void signal(String signal) throws IOException, InterruptedException {
        if (!process.isAlive()) {
            throw new IllegalStateException(name + " is not running");
        }
        Process kill = new ProcessBuilder("kill", signal, Long.toString(process.pid())).redirectErrorStream(true)
                .start();
        if (!kill.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS) || kill.exitValue() != 0) {
            kill.destroyForcibly();
            throw new IOException("kill " + signal + " " + process.pid() + " failed: "
                    + new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    void awaitCondition(BooleanSupplier condition, Duration timeout, String what) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (!process.isAlive()) {
                throw new AssertionError(name + " exited (status " + process.exitValue() + ") before " + what
                        + "; last lines of " + log + ":\n" + tail(30));
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(name + ": not within " + timeout.toSeconds() + " s: " + what
                        + "; last lines of " + log + ":\n" + tail(30));
            }
            Thread.sleep(50);
        }
    }

    String tail(int n) {
        return SriLaunch.tail(log, n);
    }

    @Override
    public void close() throws InterruptedException {
        if (paused && process.isAlive()) {
            // A stopped process would not act on SIGTERM before a SIGCONT, and a SIGCONT would let it first answer
            // whatever waited in its sockets: end it as it is.
            kill();
            return;
        }
        SriLaunch.stop(process, STOP_TIMEOUT);
    }
}
