package org.sv2translator.core.share;

import org.sv2translator.bitcoin.Target;
import org.sv2translator.core.job.V1Job;

/**
 * Where a miner's jobs come from and its shares go: the upstream channel (or, during a switch of pool, the
 * channels) it is mapped onto. Implementations are safe to call from any V1 event loop.
 */
public interface ShareRoute {
    /** The job with this V1 job id if miners may still submit on it, else null (unknown or stale). */
    V1Job job(String v1JobId);

    /**
     * The version bits miners may roll on {@code job}: {@link V1Job#BIP320_MASK} when the pool allows rolling on it,
     * 0 when it does not (the job's version_rolling_allowed, and whatever else the route knows of the pool).
     */
    default int versionRollingMask(V1Job job) {
        return job.versionRollingAllowed() ? V1Job.BIP320_MASK : 0;
    }

    /** The channel's target now. */
    Target channelTarget();

    /**
     * A share on {@code job} meeting this target is sent to the pool: the target the pool applies to that job
     * (spec 5.3.21: an active job keeps the target it was issued under). Default: {@link #channelTarget()}.
     */
    default Target channelTarget(V1Job job) {
        return channelTarget();
    }

    /** Sends a share on {@code job} to the pool; never blocks. */
    void submit(V1Job job, byte[] extranonce1, byte[] extranonce2, int nonce, int ntime, int version,
                WorkerStats worker);
}
