package org.sv2translator.testbed.load;

import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * What {@link OpenLoopLoad} does.
 *
 * @param target            where the miners connect: a translator (ours or another) or the {@link FloorServer}
 * @param floor             talk to the floor: no handshake (the floor answers every line the same), answers taken
 *                          in order instead of by id
 * @param miners            connections
 * @param rate              shares per second, all connections together
 * @param schedule          how the send times are spaced
 * @param ioThreads         network threads
 * @param prepareThreads    threads preparing shares ahead of their send time
 * @param connectsPerSecond connection ramp
 * @param versionRolling    send mining.configure for version rolling (as ASIC firmware does)
 * @param workerPrefix      workers are {@code prefix.N}
 * @param warmup            load before the measured window
 * @param window            the measured window
 * @param grace             after the window: answers to the window's shares still counted
 * @param measuredPid       a process whose CPU time is read at the window's start and end (0: none)
 */
public record LoadConfig(InetSocketAddress target, boolean floor, int miners, double rate, Schedule.Kind schedule,
                         int ioThreads, int prepareThreads, int connectsPerSecond, boolean versionRolling,
                         String workerPrefix, Duration warmup, Duration window, Duration grace, long measuredPid) {

    public static LoadConfig defaults(InetSocketAddress target) {
        return new LoadConfig(target, false, 100, 100, Schedule.Kind.EVEN, 2, 1, 5000, true, "load",
                Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(2), 0);
    }

    public LoadConfig withFloor(boolean f) {
        return new LoadConfig(target, f, miners, rate, schedule, ioThreads, prepareThreads, connectsPerSecond,
                versionRolling, workerPrefix, warmup, window, grace, measuredPid);
    }

    public LoadConfig withMiners(int n) {
        return new LoadConfig(target, floor, n, rate, schedule, ioThreads, prepareThreads, connectsPerSecond,
                versionRolling, workerPrefix, warmup, window, grace, measuredPid);
    }

    public LoadConfig withRate(double r) {
        return new LoadConfig(target, floor, miners, r, schedule, ioThreads, prepareThreads, connectsPerSecond,
                versionRolling, workerPrefix, warmup, window, grace, measuredPid);
    }

    public LoadConfig withSchedule(Schedule.Kind s) {
        return new LoadConfig(target, floor, miners, rate, s, ioThreads, prepareThreads, connectsPerSecond,
                versionRolling, workerPrefix, warmup, window, grace, measuredPid);
    }

    public LoadConfig withThreads(int io, int prepare) {
        return new LoadConfig(target, floor, miners, rate, schedule, io, prepare, connectsPerSecond,
                versionRolling, workerPrefix, warmup, window, grace, measuredPid);
    }

    public LoadConfig withConnectsPerSecond(int c) {
        return new LoadConfig(target, floor, miners, rate, schedule, ioThreads, prepareThreads, c,
                versionRolling, workerPrefix, warmup, window, grace, measuredPid);
    }

    public LoadConfig withVersionRolling(boolean v) {
        return new LoadConfig(target, floor, miners, rate, schedule, ioThreads, prepareThreads, connectsPerSecond,
                v, workerPrefix, warmup, window, grace, measuredPid);
    }

    public LoadConfig withWorkerPrefix(String p) {
        return new LoadConfig(target, floor, miners, rate, schedule, ioThreads, prepareThreads, connectsPerSecond,
                versionRolling, p, warmup, window, grace, measuredPid);
    }

    public LoadConfig withTiming(Duration w, Duration measured, Duration g) {
        return new LoadConfig(target, floor, miners, rate, schedule, ioThreads, prepareThreads, connectsPerSecond,
                versionRolling, workerPrefix, w, measured, g, measuredPid);
    }

    public LoadConfig withMeasuredPid(long pid) {
        return new LoadConfig(target, floor, miners, rate, schedule, ioThreads, prepareThreads, connectsPerSecond,
                versionRolling, workerPrefix, warmup, window, grace, pid);
    }
}
