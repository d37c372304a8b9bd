package org.sv2translator.cli;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.sv2translator.testbed.tp.SubmittedSolution;
import org.sv2translator.testbed.tp.TemplateProvider;
import org.sv2translator.testbed.tp.TemplateProviderConfig;
import org.sv2translator.v2.noise.InvalidAuthorityKeyException;
import org.sv2translator.v2.noise.NoiseKeys;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code tp}: the testbed's Template Provider, standalone: a template source for a pool under test (the Stratum
 * reference implementation's pool among them) without a Bitcoin node.
 */
@Command(name = "tp", mixinStandardHelpOptions = true,
        description = "Run the embedded Stratum V2 Template Provider (Template Distribution Protocol, made-up mempool, block clock).")
final class TpCommand implements Callable<Integer> {
    @Option(names = "--listen", defaultValue = "127.0.0.1:8442", description = "Where pools connect (default ${DEFAULT-VALUE}).")
    InetSocketAddress listen;

    @Option(names = "--authority-secret-key",
            description = "base58check authority secret key signing the provider's certificate (default: a new one, printed).")
    String authoritySecretKey;

    @Option(names = "--no-encryption", description = "Plain SV2 frames instead of Noise NX (a trusted local link only).")
    boolean noEncryption;

    @Option(names = "--block-interval", defaultValue = "60", description = "Seconds between new blocks (default ${DEFAULT-VALUE}).")
    long blockSeconds;

    @Option(names = "--template-interval", defaultValue = "20",
            description = "Seconds between fee updates on the same block (default ${DEFAULT-VALUE}).")
    long templateSeconds;

    @Option(names = "--transactions", defaultValue = "3000", description = "Made-up mempool transactions per block (default ${DEFAULT-VALUE}).")
    int transactions;

    @Option(names = "--transactions-per-update", defaultValue = "50",
            description = "Transactions arriving between fee updates (default ${DEFAULT-VALUE}).")
    int transactionsPerUpdate;

    @Option(names = "--network-difficulty", defaultValue = "1000000", description = "Difficulty of the network target (default ${DEFAULT-VALUE}).")
    double networkDifficulty;

    @Option(names = "--seed", defaultValue = "0", description = "Seed of the made-up mempool and block hashes (default ${DEFAULT-VALUE}: from the clock).")
    long seed;

    @Option(names = "--duration", defaultValue = "0", description = "Seconds to run; 0 runs until Ctrl-C (default ${DEFAULT-VALUE}).")
    long durationSeconds;

    @Override
    public Integer call() throws Exception {
        NoiseKeys.AuthorityKeyPair authority;
        try {
            authority = AuthoritySecret.keyPair(authoritySecretKey);
        } catch (InvalidAuthorityKeyException e) {
            System.err.println("--authority-secret-key: " + e.getMessage());
            return 2;
        }
        TemplateProviderConfig config;
        try {
            config = TemplateProviderConfig.defaults().withBlockInterval(Duration.ofSeconds(blockSeconds))
                    .withTemplateInterval(Duration.ofSeconds(templateSeconds)).withTransactionCount(transactions)
                    .withTransactionsPerUpdate(transactionsPerUpdate).withNetworkDifficulty(networkDifficulty)
                    .withEncryption(!noEncryption);
        } catch (IllegalArgumentException e) {
            System.err.println("tp: " + e.getMessage());
            return 2;
        }
        TemplateProvider tp;
        try {
            tp = new TemplateProvider(config, authority, 2, seed != 0 ? seed : System.nanoTime()).start(listen);
        } catch (Exception e) { // Netty rethrows the bind's IOException unchecked
            System.err.println(ListenError.describe("--listen", listen, e));
            return 1;
        }
        System.out.println("template provider on " + tp.localAddress() + (noEncryption ? " (unencrypted)" : ""));
        System.out.println("authority public key (pin it in the pool's template provider settings):");
        System.out.println(tp.authorityPublicKey());
        System.out.flush();
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            report(tp);
            stopped.countDown();
        }, "shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        if (durationSeconds > 0) {
            stopped.await(durationSeconds, TimeUnit.SECONDS);
            Runtime.getRuntime().removeShutdownHook(hook);
            report(tp);
        } else {
            stopped.await();
        }
        return 0;
    }

    private static void report(TemplateProvider tp) {
        tp.close();
        long blocks = tp.solutions().stream().filter(SubmittedSolution::accepted).count();
        System.out.println("tp: " + tp.templatesSent() + " templates sent, " + tp.solutions().size()
                + " solutions received, " + blocks + " blocks");
    }
}
