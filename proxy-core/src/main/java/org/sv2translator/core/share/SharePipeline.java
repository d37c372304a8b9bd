package org.sv2translator.core.share;

import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sv2translator.bitcoin.ShareHasher;
import org.sv2translator.bitcoin.Target;
import org.sv2translator.core.job.V1Job;
import org.sv2translator.v1.ShareVerdict;
import org.sv2translator.v1.V1Error;
import org.sv2translator.v1.V1Request;

/**
 * Validates each mining.submit on the miner's event loop and answers at once (never waiting for the pool): known
 * and current job, ntime range, version rolling allowed by the job, the header rebuilt and hashed, the miner's
 * target, duplicates; then forwards the share when it also meets the channel target. Logs nothing per share at
 * INFO; a block candidate is logged.
 */
public final class SharePipeline {
    private static final Logger log = LoggerFactory.getLogger(SharePipeline.class);
    /** Bitcoin's rule: a header may be dated up to two hours ahead. */
    static final int MAX_FUTURE_NTIME_SECONDS = 7200;
    static final ShareVerdict NTIME_OUT_OF_RANGE = ShareVerdict.rejected(V1Error.other("ntime out of range"));
    static final ShareVerdict NO_VERSION_ROLLING = ShareVerdict.rejected(
            V1Error.other("version rolling is not allowed on this job"));

    private final WorkerRegistry workers;
    private final LongAdder accepted = new LongAdder();
    private final LongAdder rejected = new LongAdder();
    private final LongAdder forwarded = new LongAdder();
    private final LongAdder blockCandidates = new LongAdder();


    public SharePipeline(WorkerRegistry workers) {
        this.workers = workers;
    }

    public ShareVerdict onSubmit(Miner miner, V1Request.Submit submit) {
        WorkerStats worker = workers.of(submit.workerName());
        ShareVerdict verdict = validate(miner, submit, worker);
        if (verdict.accepted()) {
            accepted.increment();
        } else {
            rejected.increment();
            countRejection(worker, verdict);
        }
        return verdict;
    }

    private ShareVerdict validate(Miner miner, V1Request.Submit submit, WorkerStats worker) {
        ShareRoute route = miner.route();
        V1Job job = route == null ? null : route.job(submit.jobId());
        if (job == null) {
            return ShareVerdict.STALE; // unknown, of a prevhash that has passed, or of a lost channel
        }
        byte[] extranonce1 = miner.extranonce1();
        if (extranonce1.length != job.extranonce1Size(submit.extranonce2().length)) {
            return ShareVerdict.STALE; // a job of the layout before a mining.set_extranonce
        }
        int ntime = submit.ntime();
        long now = System.currentTimeMillis() / 1000;
        if (Integer.compareUnsigned(ntime, job.ntime()) < 0
                || Integer.toUnsignedLong(ntime) > now + MAX_FUTURE_NTIME_SECONDS) {
            return NTIME_OUT_OF_RANGE;
        }
        int version = job.version();
        if (submit.hasVersionBits()) {
            if (!job.versionRollingAllowed() && submit.versionBits() != 0) {
                return NO_VERSION_ROLLING;
            }
            // The session has already refused bits outside the negotiated mask.
            int mask = miner.session().versionMask();
            version = (job.version() & ~mask) | (submit.versionBits() & mask);
        }
        byte[] hash = ShareHasher.forCurrentThread().hash(job.coinbase1(), extranonce1, submit.extranonce2(),
                job.coinbase2(), job.merklePath(), version, job.prevHash(), ntime, job.nbits(), submit.nonce());
        Target target = miner.targetFor(job);
        if (!target.isMetBy(hash)) {
            return ShareVerdict.LOW_DIFFICULTY;
        }
        // After the hash, so an invalid share never occupies the duplicate set.
        if (!miner.firstSeen(job, submit.extranonce2(), ntime, submit.nonce(), version)) {
            return ShareVerdict.DUPLICATE;
        }
        miner.onAccepted(System.nanoTime(), target.difficulty());
        worker.count(WorkerStats.ACCEPTED);
        worker.acceptedDifficulty.add(target.difficulty());
        worker.lastDifficulty = target.difficulty();
        worker.lastShareMillis = System.currentTimeMillis();
        boolean block = job.networkTarget().isMetBy(hash);
        if (route.channelTarget().isMetBy(hash) || block) {
            route.submit(job, extranonce1, submit.extranonce2(), submit.nonce(), ntime, version, worker);
            forwarded.increment();
        }
        if (block) {
            blockCandidates.increment();
            worker.count(WorkerStats.BLOCK_CANDIDATES);
            log.warn("block candidate from worker {} on job {} (nonce {})", submit.workerName(), job.v1JobId(),
                    Integer.toHexString(submit.nonce()));
        }
        return ShareVerdict.ACCEPTED;
    }

    private static void countRejection(WorkerStats worker, ShareVerdict verdict) {
        switch (verdict.error().code()) {
            case V1Error.CODE_JOB_NOT_FOUND -> worker.count(WorkerStats.STALE);
            case V1Error.CODE_DUPLICATE -> worker.count(WorkerStats.DUPLICATE);
            case V1Error.CODE_LOW_DIFFICULTY -> worker.count(WorkerStats.LOW_DIFFICULTY);
            default -> worker.count(WorkerStats.OTHER_REJECTED);
        }
    }

    /** Shares answered true. */
    public long accepted() {
        return accepted.sum();
    }

    /** Shares answered with an error. */
    public long rejected() {
        return rejected.sum();
    }

    /** Shares that met the channel target and were handed to the upstream connection (see its sharesSent). */
    public long forwarded() {
        return forwarded.sum();
    }

    public long blockCandidates() {
        return blockCandidates.sum();
    }
}
