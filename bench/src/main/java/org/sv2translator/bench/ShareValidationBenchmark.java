package org.sv2translator.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.sv2translator.bitcoin.ShareHasher;
import org.sv2translator.bitcoin.Target;

/**
 * One share validation as the translator does it: rebuild the header from a job (~200-byte coinbase, 12-level
 * merkle path) and a submission, sha256d it, compare with the miner's and the channel's targets. Compare with
 * {@link Sha256FloorBenchmark}, the SHA-256 work alone.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ShareValidationBenchmark {
    private final ShareFixture job = new ShareFixture();
    private final ShareHasher hasher = new ShareHasher();
    private final Target minerTarget = Target.fromDifficulty(0.001);
    private final Target channelTarget = Target.fromDifficulty(1024);
    private int nonce;

    /** Returns how many targets the share met so the work cannot be optimized away. */
    @Benchmark
    public int validateShare() {
        byte[] hash = hasher.hash(job.coinbasePrefix, job.extranonce1, job.extranonce2, job.coinbaseSuffix,
                job.merklePath, job.version, job.prevHash, job.ntime, job.nbits, nonce++);
        int met = 0;
        if (minerTarget.isMetBy(hash)) {
            met++;
            if (channelTarget.isMetBy(hash)) {
                met++;
            }
        }
        return met;
    }
}
