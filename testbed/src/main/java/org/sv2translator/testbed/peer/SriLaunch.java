package org.sv2translator.testbed.peer;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * How an SRI role (pool_sv2, translator_sv2) is run as a child process, for the bench's peer and the interop tests
 * alike: {@code <binary> -c <config>}, standard output and error into a log file (so a chatty process never blocks
 * on a full pipe, and the log outlives a kill), no colours, {@code RUST_LOG} info unless the environment says.
 */
public final class SriLaunch {
    /** RUST_LOG when the environment has none: info logs a line per share, which the interop checks count. */
    public static final String DEFAULT_LOG_LEVEL = "info";

    private SriLaunch() {
    }

    /**
     * Starts {@code commandPrefix binary -c config} in {@code workDir}.
     *
     * @param commandPrefix run before the binary, e.g. {@code taskset -c 0}; it must exec the binary (taskset, nice
     *                      and chrt do) so that the process's pid is the role's
     * @param append        add to the log (a restart of the same role) instead of writing it afresh
     */
    public static Process start(List<String> commandPrefix, Path binary, Path config, Path workDir, Path log,
                                boolean append) throws IOException {
        List<String> command = new ArrayList<>(commandPrefix);
        command.addAll(List.of(binary.toString(), "-c", config.toString()));
        ProcessBuilder pb = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true)
                .redirectOutput(append ? ProcessBuilder.Redirect.appendTo(log.toFile())
                        : ProcessBuilder.Redirect.to(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        // Plain text: readers match words in the log, and ANSI colour codes would sit between them.
        pb.environment().put("NO_COLOR", "1");
        pb.environment().putIfAbsent("RUST_LOG", DEFAULT_LOG_LEVEL);
        return pb.start();
    }

    /** Every line of {@code log} so far (none before the file exists). */
    public static List<String> lines(Path log) {
        try {
            return Files.exists(log) ? Files.readAllLines(log, StandardCharsets.UTF_8) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The last {@code n} lines of {@code log}, for error messages. */
    public static String tail(Path log, int n) {
        List<String> all = lines(log);
        return String.join("\n", all.subList(Math.max(0, all.size() - n), all.size()));
    }

    /** SIGTERM, then SIGKILL if it is still running after {@code timeout}; waits for it to exit. */
    public static void stop(Process process, Duration timeout) throws InterruptedException {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        }
    }
}
