package org.sv2translator.testbed.peer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * What Linux says about one process at one instant: CPU time (user + system, all threads), resident memory and
 * thread count, from {@code /proc/<pid>/stat} and {@code /proc/<pid>/status}. Read from outside, so it measures a
 * Rust child and the benchmark's own JVM the same way. {@link #minus} gives the change over a window.
 *
 * @param pid        the process
 * @param nanoTime   {@link System#nanoTime()} when read (in a {@link #minus} result: the window's length)
 * @param cpuSeconds utime + stime (in a difference: CPU seconds spent in the window)
 * @param rssBytes   VmRSS (in a difference: growth, negative if memory was returned)
 * @param threads    threads of the process (in a difference: threads started minus ended)
 */
public record ProcessSample(long pid, long nanoTime, double cpuSeconds, long rssBytes, int threads) {
    /** Field positions in /proc/<pid>/stat, counted from the state (field 3) after the command name. */
    private static final int UTIME = 14 - 3;
    private static final int STIME = 15 - 3;
    private static final int NUM_THREADS = 20 - 3;

    /** Reads the process now; {@link UncheckedIOException} if it is gone (or this is not Linux). */
    public static ProcessSample of(long pid) {
        long now = System.nanoTime();
        Path proc = Path.of("/proc", Long.toString(pid));
        try {
            String stat = Files.readString(proc.resolve("stat"), StandardCharsets.US_ASCII);
            // The command name is in parentheses and may itself hold spaces or parentheses: count from the last ')'.
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
            long ticks = Long.parseLong(f[UTIME]) + Long.parseLong(f[STIME]);
            int threads = Integer.parseInt(f[NUM_THREADS]);
            return new ProcessSample(pid, now, ticks / (double) ClockTicks.PER_SECOND, rssBytes(proc), threads);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read /proc of process " + pid, e);
        }
    }

    private static long rssBytes(Path proc) throws IOException {
        for (String line : Files.readAllLines(proc.resolve("status"), StandardCharsets.US_ASCII)) {
            if (line.startsWith("VmRSS:")) {
                String[] parts = line.substring("VmRSS:".length()).trim().split("\\s+");
                return Long.parseLong(parts[0]) * 1024; // the kernel writes kB, meaning KiB
            }
        }
        return 0; // a zombie has no VmRSS line
    }

    /** This sample less an earlier one of the same process: CPU spent, memory grown and time elapsed between them. */
    public ProcessSample minus(ProcessSample earlier) {
        if (earlier.pid != pid) {
            throw new IllegalArgumentException("samples of processes " + pid + " and " + earlier.pid);
        }
        return new ProcessSample(pid, nanoTime - earlier.nanoTime, cpuSeconds - earlier.cpuSeconds,
                rssBytes - earlier.rssBytes, threads - earlier.threads);
    }

    /** In a {@link #minus} result: cores kept busy on average over the window (CPU seconds per wall second). */
    public double cores() {
        return nanoTime <= 0 ? 0 : cpuSeconds / (nanoTime / 1e9);
    }

    /**
     * The kernel's USER_HZ, in which /proc reports CPU times: {@code getconf CLK_TCK}, asked once. It is 100 on
     * every mainstream Linux build, which is also the answer if getconf cannot be run.
     */
    static final class ClockTicks {
        static final long PER_SECOND = read();

        private static long read() {
            try {
                Process p = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
                if (p.waitFor(5, TimeUnit.SECONDS) && p.exitValue() == 0) {
                    long hz = Long.parseLong(out);
                    if (hz > 0) {
                        return hz;
                    }
                }
            } catch (IOException | NumberFormatException e) {
                // fall through to the usual value
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return 100;
        }

        private ClockTicks() {
        }
    }
}
