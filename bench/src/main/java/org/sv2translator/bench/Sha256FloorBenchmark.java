package org.sv2translator.bench;

import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
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

/**
 * The floor under {@link ShareValidationBenchmark}: the same SHA-256 work done with bare {@link MessageDigest}
 * calls on pre-assembled buffers (double hash of the coinbase, 12 double hashes of 64-byte merkle nodes, double
 * hash of the 80-byte header) and nothing else. validateShare / floor is the cost of everything around SHA-256.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class Sha256FloorBenchmark {
    private final ShareFixture job = new ShareFixture();
    private final byte[] coinbase = new byte[job.coinbaseLength()];
    private final byte[] nodes = new byte[32 * ShareFixture.MERKLE_DEPTH];
    private final byte[] header = new byte[80];
    private final byte[] root = new byte[32];
    private final MessageDigest sha256;

    public Sha256FloorBenchmark() {
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        for (int i = 0; i < ShareFixture.MERKLE_DEPTH; i++) {
            System.arraycopy(job.pathNodes.get(i), 0, nodes, 32 * i, 32);
        }
    }

    @Benchmark
    public byte sha256Only() throws DigestException {
        sha256.update(coinbase);
        sha256.digest(root, 0, 32);
        sha256.update(root);
        sha256.digest(root, 0, 32);
        for (int off = 0; off < nodes.length; off += 32) {
            sha256.update(root);
            sha256.update(nodes, off, 32);
            sha256.digest(root, 0, 32);
            sha256.update(root);
            sha256.digest(root, 0, 32);
        }
        // Feed the root into the next header so no round can be skipped.
        header[36] = root[0];
        sha256.update(header);
        sha256.digest(root, 0, 32);
        sha256.update(root);
        sha256.digest(root, 0, 32);
        return root[31];
    }
}
