package org.sv2translator.core.job;

import org.sv2translator.bitcoin.MerklePath;
import org.sv2translator.bitcoin.Target;

/**
 * One job as miners see it, derived from an SV2 extended job and the prevhash it runs on: everything needed to
 * rebuild a share's header. Immutable and shared by every V1 event loop that validates shares on it.
 *
 * @param v1JobId               the job_id in mining.notify and mining.submit
 * @param sv2JobId              the upstream job_id to submit under
 * @param coinbase1             coinbase_tx_prefix + the channel's extranonce_prefix when the job was issued
 *                              + {@code extranoncePadding} zero bytes
 * @param coinbase2             coinbase_tx_suffix
 * @param version               block version before rolling
 * @param versionRollingAllowed whether the pool accepts rolled BIP320 bits on this job
 * @param prevHash              previous block hash, header order
 * @param nbits                 network target, compact
 * @param ntime                 the job's start time: its own min_ntime (an active job), else the prevhash's; the
 *                              smallest ntime a share may carry
 * @param cleanJobs             whether miners must drop earlier jobs (a new prevhash)
 * @param epoch                 the prevhash generation: jobs of an older epoch are stale
 * @param sequence              increases with every job, across channels (orders jobs against difficulty changes)
 * @param networkTarget         {@code Target.fromNBits(nbits)}, kept so block candidates cost nothing to spot
 * @param extranonceSize        the channel's extranonce bytes after its prefix when the job was issued
 * @param extranoncePadding     zero bytes at the end of coinbase1 before the miner's extranonce1: a share's
 *                              extranonce for the pool is padding + extranonce1 + extranonce2
 * @param prevHashNtime         min_ntime of the SetNewPrevHash the job runs on (the spec's header_timestamp)
 * @param prevHashReceivedNanos when that SetNewPrevHash was received, {@code System.nanoTime()}
 */
public record V1Job(String v1JobId, int sv2JobId, byte[] coinbase1, byte[] coinbase2, MerklePath merklePath,
                    int version, boolean versionRollingAllowed, byte[] prevHash, int nbits, int ntime,
                    boolean cleanJobs, long epoch, long sequence, Target networkTarget,
                    int extranonceSize, int extranoncePadding, int prevHashNtime, long prevHashReceivedNanos) {
    /** BIP320: the version bits a pool lets miners roll when a job allows version rolling. */
    public static final int BIP320_MASK = 0x1fffe000;

    // The arrays are built by JobTranslator and never handed to code that could modify them; records would
    // otherwise copy on every share, which the share path cannot afford.

    /** The extranonce1 length a miner must have for its shares on this job to fit the channel's extranonce. */
    public int extranonce1Size(int extranonce2Size) {
        return extranonceSize - extranoncePadding - extranonce2Size;
    }

    /** The same job with clean_jobs set: the first job of a new channel replaces all of the old one's. */
    public V1Job asClean() {
        return cleanJobs ? this : new V1Job(v1JobId, sv2JobId, coinbase1, coinbase2, merklePath, version,
                versionRollingAllowed, prevHash, nbits, ntime, true, epoch, sequence, networkTarget, extranonceSize,
                extranoncePadding, prevHashNtime, prevHashReceivedNanos);
    }

    /**
     * The latest ntime a share on this job may carry at {@code nowNanos}, unsigned. Spec 5.3.11 (SubmitShares,
     * ntime): at most the latest SetNewPrevHash's min_ntime plus the whole seconds since it was received. The pool
     * counts from when it sent the message, earlier than we received it, so this bound is never above the pool's.
     *
     * <p>An active job may start later than that (its own min_ntime: the pool's clock ran on while we count from the
     * prevhash). A pool cannot refuse its own job's min_ntime, so that value is always allowed; but nothing past it
     * until the seconds since the prevhash catch up, since the spec's bound is the prevhash's, not the job's.
     */
    public long latestNtime(long nowNanos) {
        long seconds = Math.max(0, (nowNanos - prevHashReceivedNanos) / 1_000_000_000L);
        return Math.max(Integer.toUnsignedLong(prevHashNtime) + seconds, Integer.toUnsignedLong(ntime));
    }
}
