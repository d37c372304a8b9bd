package org.sv2translator.cli;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.sv2translator.testbed.pool.PoolConfig;
import org.sv2translator.testbed.pool.TestPool;
import org.sv2translator.v2.noise.InvalidAuthorityKeyException;
import org.sv2translator.v2.noise.NoiseKeys;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code pool}: the testbed's Stratum V2 pool, standalone, to try the translator in a lab. */
@Command(name = "pool", mixinStandardHelpOptions = true,
        description = "Run the embedded Stratum V2 test pool (Noise, realistic jobs, real share validation).")
final class PoolCommand implements Callable<Integer> {
    @Option(names = "--listen", defaultValue = "127.0.0.1:34254", description = "Where SV2 clients connect (default ${DEFAULT-VALUE}).")
    InetSocketAddress listen;

    @Option(names = "--authority-secret-key",
            description = "base58check authority secret key signing the pool's certificate (default: a new one, printed).")
    String authoritySecretKey;

    @Option(names = "--block-interval", defaultValue = "60", description = "Seconds between new blocks (default ${DEFAULT-VALUE}).")
    long blockSeconds;

    @Option(names = "--job-interval", defaultValue = "15", description = "Seconds between job updates (default ${DEFAULT-VALUE}).")
    long jobSeconds;

    @Option(names = "--transactions", defaultValue = "2000", description = "Made-up transactions per block (default ${DEFAULT-VALUE}).")
    int transactions;

    @Option(names = "--min-difficulty", defaultValue = "0.0001", description = "Easiest channel difficulty (default ${DEFAULT-VALUE}).")
    double minDifficulty;

    @Option(names = "--network-difficulty", defaultValue = "1000000", description = "Difficulty of the network target (default ${DEFAULT-VALUE}).")
    double networkDifficulty;

    @Option(names = "--shares-per-minute", defaultValue = "20", description = "Share rate a channel target aims for (default ${DEFAULT-VALUE}).")
    double sharesPerMinute;

    @Option(names = "--no-version-rolling", description = "Jobs forbid version rolling.")
    boolean noVersionRolling;

    @Override
    public Integer call() throws Exception {
        NoiseKeys.AuthorityKeyPair authority;
        try {
            authority = AuthoritySecret.keyPair(authoritySecretKey);
        } catch (InvalidAuthorityKeyException e) {
            System.err.println("--authority-secret-key: " + e.getMessage());
            return 2;
        }
        PoolConfig config = PoolConfig.defaults().withBlockInterval(Duration.ofSeconds(blockSeconds))
                .withJobInterval(Duration.ofSeconds(jobSeconds)).withTransactionCount(transactions)
                .withMinDifficulty(minDifficulty).withNetworkDifficulty(networkDifficulty)
                .withSharesPerMinute(sharesPerMinute).withVersionRolling(!noVersionRolling);
        TestPool pool;
        try {
            pool = new TestPool(config, authority, 2).start(listen);
        } catch (Exception e) { // Netty rethrows the bind's IOException unchecked
            System.err.println(ListenError.describe("--listen", listen, e));
            return 1;
        }
        System.out.println("authority public key (pin it with --authority-pubkey):");
        System.out.println(pool.authorityPublicKey());
        System.out.flush();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            pool.close();
            System.out.println("pool: " + pool.accounting().total());
            stopped.countDown();
        }, "shutdown"));
        stopped.await();
        return 0;
    }
}
