package org.sv2translator.testbed.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time and resident memory of a process from {@code /proc} (Linux): {@code utime + stime} of
 * {@code /proc/PID/stat} in clock ticks (100 a second on Linux), and {@code VmRSS} of {@code /proc/PID/status}.
 * NaN where {@code /proc} cannot be read.
 */
public record ProcStat(double cpuSeconds, double rssBytes) {
    private static final double TICKS_PER_SECOND = 100;

    public static ProcStat of(long pid) {
        double cpu = Double.NaN;
        double rss = Double.NaN;
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // the command name (field 2) may hold spaces: count the fields after its closing parenthesis
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            cpu = (Long.parseLong(f[11]) + Long.parseLong(f[12])) / TICKS_PER_SECOND; // fields 14 and 15
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    rss = Double.parseDouble(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | RuntimeException unreadable) {
            // not Linux, or the process is gone: NaN says so
        }
        return new ProcStat(cpu, rss);
    }
}
