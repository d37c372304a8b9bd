/**
 * A peer to compare the translator with: SRI's translator_sv2 0.2.5 run as a child process against the same testbed
 * pool ({@link org.sv2translator.testbed.peer.SriTranslatorProcess}, its config from
 * {@link org.sv2translator.testbed.peer.SriTranslatorConfig}, shared by the benchmark and the interop tests; the
 * miner difficulty it derives from its config in {@link org.sv2translator.testbed.peer.SriDifficulty}), and
 * {@link org.sv2translator.testbed.peer.ProcessSample} to measure either process from outside through /proc.
 *
 * <p>What a manual run showed (cli {@code pool} with min difficulty = the miners', shares per minute 60; cli
 * {@code swarm} in RATE mode; miner difficulty asked 1e-9, given 9.31e-10; 2 cores shared with other builds, load
 * 6-9, so the CPU figures are high-side):
 * <ul>
 *   <li>Per-miner channels, 1,000 miners asking 2 shares/s each for 20 s: all had a job within 6-7 s, 26,700 shares
 *       (RUST_LOG=info) and 32,200 (warn) submitted, all credited by the pool. translator_sv2: 3 threads, 0.2-0.35
 *       cores, 165 us of CPU a share at info (about 3.5 log lines a share, 18 MB in 20 s) and 122 us at warn
 *       (connections included); RSS 7 MiB idle, 53-55 MiB with the miners: 47-49 KiB a miner; open files = miners
 *       + 11. Submit latency p50 0.4 ms, p99 0.3-0.4 s (everything on the same two loaded cores).</li>
 *   <li>Per-miner channels, 2,000 miners: the testbed pool refuses a connection's 1,025th channel
 *       ({@code too-many-channels}, PoolConfig.MAX_CHANNELS_PER_CONNECTION); translator_sv2 takes an
 *       OpenMiningChannel.Error as a reason to fall back, drops every miner, has no other upstream and exits. Beyond
 *       1,024 miners the comparison needs that cap raised, or aggregated mode.</li>
 *   <li>Aggregated, each new miner's channel makes translator_sv2 send the active job again to every connected
 *       miner: joining is quadratic. 500 miners: 15 s until all had a job, 57,000 notifies, RSS 278 MiB (554 KiB a
 *       miner), submit p99 7 s during the joins, then 0.15 cores at about 1,000 shares/s. 2,000 miners: only 20-30
 *       joined a second, after 20 s a few dozen had a job, RSS at 2.4 GB and growing (queued notifies), 1-1.5 cores,
 *       nothing credited. A comparison must connect everyone first and measure after the join storm.</li>
 *   <li>10,000 idle TCP connections (no message sent, so no channel): accepted in 1.6 s and held; 10,011 open
 *       files, RSS +232 MiB (24 KiB a connection), 1.2 s of CPU. No config key limits downstream connections; the
 *       bound is the open-files limit, inherited (the JVM raises its soft limit to the hard one, here 20,000;
 *       translator_sv2 does not raise its own).</li>
 * </ul>
 */
package org.sv2translator.testbed.peer;
