package org.sv2translator.testbed.tp;

import java.time.Duration;

/**
 * Settings of the {@link TemplateProvider}. {@link #defaults()} suits tests and the {@code tp} command; each
 * {@code with...} returns a copy with one setting changed.
 *
 * @param blockInterval       time between new blocks found by "the network" (a future NewTemplate, then
 *                            SetNewPrevHash)
 * @param templateInterval    time between fee updates on the same block (more transactions, an active NewTemplate)
 * @param transactionCount    made-up mempool transactions when a block starts (a few thousand, as on mainnet)
 * @param transactionsPerUpdate transactions arriving in the mempool between two template updates
 * @param networkDifficulty   difficulty of the network target written in nbits
 * @param encrypted           Noise NX (spec 4) on every connection; off, frames go in the clear, as Template
 *                            Providers allow on a trusted local link
 */
public record TemplateProviderConfig(Duration blockInterval, Duration templateInterval, int transactionCount,
                                     int transactionsPerUpdate, double networkDifficulty, boolean encrypted) {

    public TemplateProviderConfig {
        if (blockInterval.isNegative() || blockInterval.isZero() || templateInterval.isNegative()
                || templateInterval.isZero()) {
            throw new IllegalArgumentException("intervals must be positive");
        }
        // SEQ0_64K: RequestTransactionData.Success lists at most 65,535 transactions.
        if (transactionCount < 0 || transactionsPerUpdate < 0 || transactionCount > 20_000
                || transactionsPerUpdate > 1_000) {
            throw new IllegalArgumentException("transactions: 0..20000 per block, 0..1000 per update");
        }
        if (!(networkDifficulty > 0)) {
            throw new IllegalArgumentException("network difficulty must be positive");
        }
    }

    public static TemplateProviderConfig defaults() {
        return new TemplateProviderConfig(Duration.ofSeconds(60), Duration.ofSeconds(20), 3000, 50, 1e6, true);
    }

    public TemplateProviderConfig withBlockInterval(Duration d) {
        return new TemplateProviderConfig(d, templateInterval, transactionCount, transactionsPerUpdate,
                networkDifficulty, encrypted);
    }

    public TemplateProviderConfig withTemplateInterval(Duration d) {
        return new TemplateProviderConfig(blockInterval, d, transactionCount, transactionsPerUpdate,
                networkDifficulty, encrypted);
    }

    public TemplateProviderConfig withTransactionCount(int n) {
        return new TemplateProviderConfig(blockInterval, templateInterval, n, transactionsPerUpdate,
                networkDifficulty, encrypted);
    }

    public TemplateProviderConfig withTransactionsPerUpdate(int n) {
        return new TemplateProviderConfig(blockInterval, templateInterval, transactionCount, n, networkDifficulty,
                encrypted);
    }

    public TemplateProviderConfig withNetworkDifficulty(double d) {
        return new TemplateProviderConfig(blockInterval, templateInterval, transactionCount, transactionsPerUpdate,
                d, encrypted);
    }

    public TemplateProviderConfig withEncryption(boolean on) {
        return new TemplateProviderConfig(blockInterval, templateInterval, transactionCount, transactionsPerUpdate,
                networkDifficulty, on);
    }
}
