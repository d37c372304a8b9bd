package org.sv2translator.testbed.pool;

import java.time.Duration;

/**
 * Settings of the {@link TestPool}. {@link #defaults()} suits the demo and tests; each {@code with...} returns a
 * copy with one setting changed.
 *
 * @param blockInterval          time between new blocks (a future job, then SetNewPrevHash)
 * @param jobInterval            time between job updates on the same block (new transactions, later ntime)
 * @param transactionCount       made-up transactions per template (sets the merkle path depth)
 * @param networkDifficulty      difficulty of the network target written in nbits
 * @param sharesPerMinute        share rate a channel's target aims for, from its nominal hashrate
 * @param minDifficulty          easiest target the pool hands out (and the target of a 0 H/s channel)
 * @param successBatchSize       acknowledge accepted shares with one SubmitShares.Success every N shares...
 * @param successBatchInterval   ...or after this long, whichever comes first
 * @param versionRolling         whether jobs allow BIP320 version rolling
 * @param channelExtranonceSize  extranonce bytes an extended channel gets after its 4-byte prefix
 */
public record PoolConfig(Duration blockInterval, Duration jobInterval, int transactionCount,
                         double networkDifficulty, double sharesPerMinute, double minDifficulty,
                         int successBatchSize, Duration successBatchInterval, boolean versionRolling,
                         int channelExtranonceSize) {
    /** Bytes of the per-channel extranonce_prefix: unique across all of the pool's channels. */
    static final int PREFIX_SIZE = 4;
    /** Channels one connection may open: a client cannot grow the pool's memory without bound. */
    static final int MAX_CHANNELS_PER_CONNECTION = 1024;

    public PoolConfig {
        if (channelExtranonceSize < 1 || channelExtranonceSize > 32 - PREFIX_SIZE) {
            throw new IllegalArgumentException("channel extranonce size must be 1.." + (32 - PREFIX_SIZE));
        }
        if (successBatchSize < 1 || transactionCount < 0 || !(minDifficulty > 0) || !(sharesPerMinute > 0)
                || !(networkDifficulty > 0)) {
            throw new IllegalArgumentException("pool settings out of range");
        }
    }

    public static PoolConfig defaults() {
        return new PoolConfig(Duration.ofSeconds(60), Duration.ofSeconds(15), 2000, 1e6, 20, 1e-4, 10,
                Duration.ofMillis(500), true, 16);
    }

    /** The extranonce space every coinbase reserves: prefix plus the channel's part. */
    int extranonceSpace() {
        return PREFIX_SIZE + channelExtranonceSize;
    }

    public PoolConfig withBlockInterval(Duration d) {
        return new PoolConfig(d, jobInterval, transactionCount, networkDifficulty, sharesPerMinute, minDifficulty,
                successBatchSize, successBatchInterval, versionRolling, channelExtranonceSize);
    }

    public PoolConfig withJobInterval(Duration d) {
        return new PoolConfig(blockInterval, d, transactionCount, networkDifficulty, sharesPerMinute, minDifficulty,
                successBatchSize, successBatchInterval, versionRolling, channelExtranonceSize);
    }

    public PoolConfig withTransactionCount(int n) {
        return new PoolConfig(blockInterval, jobInterval, n, networkDifficulty, sharesPerMinute, minDifficulty,
                successBatchSize, successBatchInterval, versionRolling, channelExtranonceSize);
    }

    public PoolConfig withNetworkDifficulty(double d) {
        return new PoolConfig(blockInterval, jobInterval, transactionCount, d, sharesPerMinute, minDifficulty,
                successBatchSize, successBatchInterval, versionRolling, channelExtranonceSize);
    }

    public PoolConfig withSharesPerMinute(double spm) {
        return new PoolConfig(blockInterval, jobInterval, transactionCount, networkDifficulty, spm, minDifficulty,
                successBatchSize, successBatchInterval, versionRolling, channelExtranonceSize);
    }

    public PoolConfig withMinDifficulty(double d) {
        return new PoolConfig(blockInterval, jobInterval, transactionCount, networkDifficulty, sharesPerMinute, d,
                successBatchSize, successBatchInterval, versionRolling, channelExtranonceSize);
    }

    public PoolConfig withSuccessBatch(int size, Duration interval) {
        return new PoolConfig(blockInterval, jobInterval, transactionCount, networkDifficulty, sharesPerMinute,
                minDifficulty, size, interval, versionRolling, channelExtranonceSize);
    }

    public PoolConfig withVersionRolling(boolean on) {
        return new PoolConfig(blockInterval, jobInterval, transactionCount, networkDifficulty, sharesPerMinute,
                minDifficulty, successBatchSize, successBatchInterval, on, channelExtranonceSize);
    }

    public PoolConfig withChannelExtranonceSize(int n) {
        return new PoolConfig(blockInterval, jobInterval, transactionCount, networkDifficulty, sharesPerMinute,
                minDifficulty, successBatchSize, successBatchInterval, versionRolling, n);
    }
}
