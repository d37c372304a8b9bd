package org.sv2translator.testbed.swarm;

import java.net.InetSocketAddress;

/**
 * Settings of a {@link Swarm}. {@link #defaults(InetSocketAddress)} gives a small hashing swarm; each
 * {@code with...} returns a copy with one setting changed.
 *
 * @param upstream          the V1 endpoint the miners connect to (the translator)
 * @param miners            how many V1 connections
 * @param workerPrefix      workers are named {@code <prefix>.<index>}
 * @param mode              {@link Mode#HASHING}: real proof of work; {@link Mode#RATE}: a fixed share rate
 * @param hashingThreads    threads doing sha256d in HASHING mode
 * @param sharesPerSecond   per miner, in RATE mode
 * @param versionRolling    send mining.configure for BIP310 version rolling and roll version bits
 * @param ioThreads         event loop threads for the connections
 * @param connectsPerSecond connection ramp, so thousands of miners do not arrive in one burst
 * @param suggestDifficulty sent as mining.suggest_difficulty after authorize when positive (0: not sent)
 */
public record SwarmConfig(InetSocketAddress upstream, int miners, String workerPrefix, Mode mode, int hashingThreads,
                          double sharesPerSecond, boolean versionRolling, int ioThreads, int connectsPerSecond,
                          double suggestDifficulty) {
    public enum Mode { HASHING, RATE }

    public SwarmConfig {
        if (miners < 1 || hashingThreads < 1 || ioThreads < 1 || connectsPerSecond < 1 || !(sharesPerSecond > 0)) {
            throw new IllegalArgumentException("swarm settings must be positive");
        }
    }

    public static SwarmConfig defaults(InetSocketAddress upstream) {
        return new SwarmConfig(upstream, 8, "swarm", Mode.HASHING, 1, 1, true, 1, 500, 0);
    }

    public SwarmConfig withMiners(int n) {
        return new SwarmConfig(upstream, n, workerPrefix, mode, hashingThreads, sharesPerSecond, versionRolling,
                ioThreads, connectsPerSecond, suggestDifficulty);
    }

    public SwarmConfig withWorkerPrefix(String prefix) {
        return new SwarmConfig(upstream, miners, prefix, mode, hashingThreads, sharesPerSecond, versionRolling,
                ioThreads, connectsPerSecond, suggestDifficulty);
    }

    public SwarmConfig withMode(Mode m) {
        return new SwarmConfig(upstream, miners, workerPrefix, m, hashingThreads, sharesPerSecond, versionRolling,
                ioThreads, connectsPerSecond, suggestDifficulty);
    }

    public SwarmConfig withHashingThreads(int n) {
        return new SwarmConfig(upstream, miners, workerPrefix, mode, n, sharesPerSecond, versionRolling, ioThreads,
                connectsPerSecond, suggestDifficulty);
    }

    public SwarmConfig withSharesPerSecond(double rate) {
        return new SwarmConfig(upstream, miners, workerPrefix, mode, hashingThreads, rate, versionRolling, ioThreads,
                connectsPerSecond, suggestDifficulty);
    }

    public SwarmConfig withVersionRolling(boolean on) {
        return new SwarmConfig(upstream, miners, workerPrefix, mode, hashingThreads, sharesPerSecond, on, ioThreads,
                connectsPerSecond, suggestDifficulty);
    }

    public SwarmConfig withIoThreads(int n) {
        return new SwarmConfig(upstream, miners, workerPrefix, mode, hashingThreads, sharesPerSecond, versionRolling,
                n, connectsPerSecond, suggestDifficulty);
    }

    public SwarmConfig withConnectsPerSecond(int n) {
        return new SwarmConfig(upstream, miners, workerPrefix, mode, hashingThreads, sharesPerSecond, versionRolling,
                ioThreads, n, suggestDifficulty);
    }

    public SwarmConfig withSuggestDifficulty(double d) {
        return new SwarmConfig(upstream, miners, workerPrefix, mode, hashingThreads, sharesPerSecond, versionRolling,
                ioThreads, connectsPerSecond, d);
    }
}
