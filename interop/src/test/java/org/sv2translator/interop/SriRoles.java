package org.sv2translator.interop;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * The Stratum Reference Implementation's binaries, as {@code .ci/sri-roles} installs them (from crates.io, pinned
 * versions, into a cache outside the work tree). The script is the one place that names the versions; this class
 * runs it (a no-op when they are installed) and reads its last lines.
 *
 * <p>Where cargo is absent the tests that need SRI are skipped with the script's one-line reason; any other failure
 * (a build that breaks) fails them, since a silent skip there would hide that nothing was checked.
 */
final class SriRoles {
    /** A cold build of both roles on a 2-core machine takes 20-30 minutes (README); leave room above it. */
    private static final long INSTALL_TIMEOUT_MINUTES = 60;
    private static final int EXIT_NO_CARGO = 3;
    private static SriRoles installed;
    private static String absent;

    final Path binDir;
    final String poolVersion;
    final String translatorVersion;

    private SriRoles(Path binDir, String poolVersion, String translatorVersion) {
        this.binDir = binDir;
        this.poolVersion = poolVersion;
        this.translatorVersion = translatorVersion;
    }

    /** The installed roles, installing them first if needed; skips the calling test where cargo is absent. */
    static synchronized SriRoles require() throws IOException, InterruptedException {
        if (installed == null && absent == null) {
            install();
        }
        Assumptions.assumeTrue(absent == null, () -> absent);
        return installed;
    }

    Path pool() {
        return binDir.resolve("pool_sv2");
    }

    Path translator() {
        return binDir.resolve("translator_sv2");
    }

    private static void install() throws IOException, InterruptedException {
        Path script = Path.of(System.getProperty("repo.dir", ".."), ".ci", "sri-roles").toAbsolutePath().normalize();
        Path log = Files.createTempFile("sri-roles", ".log");
        Path stdout = Files.createTempFile("sri-roles", ".out");
        Process p = new ProcessBuilder("bash", script.toString()).redirectOutput(stdout.toFile())
                .redirectError(log.toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .start();
        if (!p.waitFor(INSTALL_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IllegalStateException(script + " did not finish in " + INSTALL_TIMEOUT_MINUTES + " min; see "
                    + log);
        }
        List<String> err = Files.readAllLines(log, StandardCharsets.UTF_8);
        if (p.exitValue() == EXIT_NO_CARGO) {
            absent = err.isEmpty() ? "cargo not found" : err.get(err.size() - 1);
            System.err.println("SRI interop tests skipped: " + absent);
            return;
        }
        if (p.exitValue() != 0) {
            throw new IllegalStateException(script + " failed (exit " + p.exitValue() + "): "
                    + String.join("\n", err.subList(Math.max(0, err.size() - 20), err.size())));
        }
        String out = Files.readString(stdout, StandardCharsets.UTF_8);
        List<String> lines = new ArrayList<>(out.lines().toList());
        if (lines.size() < 3) {
            throw new IllegalStateException(script + " printed no binary folder: " + out);
        }
        Path bin = Path.of(lines.get(lines.size() - 1));
        String pool = value(lines.get(lines.size() - 3), "pool_sv2=");
        String translator = value(lines.get(lines.size() - 2), "translator_sv2=");
        installed = new SriRoles(bin, pool, translator);
    }

    private static String value(String line, String prefix) {
        if (!line.startsWith(prefix)) {
            throw new IllegalStateException("expected " + prefix + "<version> from .ci/sri-roles, got " + line);
        }
        return line.substring(prefix.length());
    }
}
