package org.sv2translator.testbed.peer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * SRI's translator_sv2 as a child process: its config in {@code <workDir>/config.toml}, standard output and error in
 * {@code <workDir>/out.log} (a file, so a chatty process never blocks on a full pipe and the log outlives a kill).
 * {@link #close()} sends SIGTERM, then SIGKILL if it has not exited in time, and waits for it.
 */
public final class SriTranslatorProcess implements AutoCloseable {
    /** How long it gets to exit after SIGTERM before SIGKILL (translator_sv2 handles only Ctrl-C itself). */
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

    private final Process process;
    private final Path log;
    private final InetSocketAddress listening;

    private SriTranslatorProcess(Process process, Path log, InetSocketAddress listening) {
        this.process = process;
        this.log = log;
        this.listening = listening;
    }

    /**
     * translator_sv2 as {@code .ci/sri-roles} installs it: {@code $SV2T_SRI_HOME/bin}, else
     * {@code ~/.cache/sv2-translator/sri/bin}; empty unless that file is executable.
     */
    public static Optional<Path> locate() {
        String home = System.getenv("SV2T_SRI_HOME");
        Path dir = home != null && !home.isBlank() ? Path.of(home)
                : Path.of(System.getProperty("user.home"), ".cache", "sv2-translator", "sri");
        Path binary = dir.resolve("bin").resolve("translator_sv2");
        return Files.isRegularFile(binary) && Files.isExecutable(binary) ? Optional.of(binary) : Optional.empty();
    }

    /**
     * The benchmark's peer ({@link SriTranslatorConfig#bench}) on {@code 127.0.0.1:downstreamPort}.
     *
     * @param commandPrefix run before the binary, e.g. {@code taskset -c 0}; it must exec the binary (taskset, nice
     *                      and chrt do) so that {@link #pid()} is translator_sv2's
     */
    public static SriTranslatorProcess start(Path binary, Path workDir, InetSocketAddress pool,
                                             String poolAuthorityKey, int downstreamPort, double minerDifficulty,
                                             boolean aggregate, List<String> commandPrefix) throws IOException {
        SriTranslatorConfig config = SriTranslatorConfig.bench(new InetSocketAddress("127.0.0.1", downstreamPort),
                pool, poolAuthorityKey, minerDifficulty, aggregate);
        return start(binary, workDir, config, commandPrefix);
    }

    /** Writes {@code config} into {@code workDir} (created if needed) and starts translator_sv2 on it. */
    public static SriTranslatorProcess start(Path binary, Path workDir, SriTranslatorConfig config,
                                             List<String> commandPrefix) throws IOException {
        Files.createDirectories(workDir);
        Path toml = workDir.resolve("config.toml");
        config.write(toml);
        Path log = workDir.resolve("out.log");
        return new SriTranslatorProcess(SriLaunch.start(commandPrefix, binary, toml, workDir, log, false), log,
                config.downstream());
    }

    /** The process id, for {@link ProcessSample#of}. */
    public long pid() {
        return process.pid();
    }

    public Path log() {
        return log;
    }

    /** Where miners connect. */
    public InetSocketAddress address() {
        return listening;
    }

    /** The child itself, for callers that signal it or read its exit status (the interop tests pause it). */
    public Process process() {
        return process;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /**
     * Returns once the downstream port accepts TCP connections (translator_sv2 binds it once connected to the
     * pool). {@link IOException} with the log's last lines if it exits first or {@code timeout} passes. The port
     * must be free: a process already listening there would answer for it while translator_sv2 fails to bind and
     * exits (seen twice with the pool's port + 1; pick it with a {@code ServerSocket(0)}).
     */
    public void awaitListening(Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (!process.isAlive()) {
                throw new IOException("translator_sv2 exited (status " + process.exitValue()
                        + ") before listening on " + listening + "; last lines of " + log + ":\n" + tail(30));
            }
            try (Socket s = new Socket()) {
                s.connect(listening, 200);
                return;
            } catch (IOException notYet) {
                if (System.nanoTime() > deadline) {
                    throw new IOException("translator_sv2 not listening on " + listening + " within "
                            + timeout.toSeconds() + " s; last lines of " + log + ":\n" + tail(30));
                }
            }
            Thread.sleep(50);
        }
    }

    /** The last {@code n} lines of the log, for error messages. */
    public String tail(int n) {
        return SriLaunch.tail(log, n);
    }

    /** SIGTERM, then SIGKILL if it is still running after a few seconds; waits for it to exit. */
    @Override
    public void close() throws InterruptedException {
        SriLaunch.stop(process, STOP_TIMEOUT);
    }
}
