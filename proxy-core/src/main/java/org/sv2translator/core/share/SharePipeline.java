package org.sv2translator.core.share;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sv2translator.bitcoin.ShareHasher;
import org.sv2translator.bitcoin.Target;
import org.sv2translator.core.job.V1Job;
import org.sv2translator.v1.MinerText;
import org.sv2translator.v1.V1Request;

/**
 * Validates each mining.submit on the miner's event loop and answers at once (never waiting for the pool): known
 * and current job, ntime range, version rolling allowed by the job, the header rebuilt and hashed, the miner's
 * target, duplicates; then forwards the share when it also meets the channel target. Returns a
 * {@link ShareOutcome}; what the miner is told is the V1 side's mapping of it. Logs nothing per share at INFO; a
 * block candidate is logged.
 *
 * <p>Thread-safe: called on each miner's event loop; the counters are adders and per-miner state is the
 * {@link Miner}'s.
 */
public final class SharePipeline {
    private static final Logger log = LoggerFactory.getLogger(SharePipeline.class);
    /** Bitcoin's rule: a header may be dated up to two hours ahead. */
    static final int MAX_FUTURE_NTIME_SECONDS = 7200;

    private final WorkerRegistry workers;
    private final LongAdder[] byCategory = new LongAdder[ShareOutcome.Category.values().length];
    private final LongAdder forwarded = new LongAdder();
    private final LongAdder blockCandidates = new LongAdder();


    public SharePipeline(WorkerRegistry workers) {
        this.workers = workers;
        for (int i = 0; i < byCategory.length; i++) {
            byCategory[i] = new LongAdder();
        }
    }

    /**
     * Judges one share the V1 session has already checked (subscribed, worker authorized here, extranonce2 size,
     * version bits inside the negotiated mask).
     */
    public ShareOutcome onSubmit(Miner miner, V1Request.Submit submit) {
        WorkerStats worker = workers.of(submit.workerName());
        ShareOutcome outcome = validate(miner, submit, worker);
        byCategory[outcome.category().ordinal()].increment();
        worker.count(outcome);
        return outcome;
    }

    private ShareOutcome validate(Miner miner, V1Request.Submit submit, WorkerStats worker) {
        ShareRoute route = miner.route();
        V1Job job = route == null ? null : route.job(submit.jobId());
        if (job == null) {
            return ShareOutcome.STALE_JOB; // unknown, of a prevhash that has passed, or of a lost channel
        }
        byte[] extranonce1 = miner.extranonce1();
        if (extranonce1.length != job.extranonce1Size(submit.extranonce2().length)) {
            return ShareOutcome.STALE_EXTRANONCE_LAYOUT; // a job of the layout before a mining.set_extranonce
        }
        int ntime = submit.ntime();
        long now = System.currentTimeMillis() / 1000;
        if (Integer.compareUnsigned(ntime, job.ntime()) < 0) {
            return ShareOutcome.NTIME_TOO_EARLY;
        }
        if (Integer.toUnsignedLong(ntime) > now + MAX_FUTURE_NTIME_SECONDS) {
            return ShareOutcome.NTIME_TOO_LATE;
        }
        int version = job.version();
        if (submit.hasVersionBits()) {
            if (!job.versionRollingAllowed() && submit.versionBits() != 0) {
                return ShareOutcome.VERSION_ROLLING_NOT_ALLOWED;
            }
            // The session has already refused bits outside the negotiated mask.
            int mask = miner.connection().versionMask();
            version = (job.version() & ~mask) | (submit.versionBits() & mask);
        }
        byte[] hash = ShareHasher.forCurrentThread().hash(job.coinbase1(), extranonce1, submit.extranonce2(),
                job.coinbase2(), job.merklePath(), version, job.prevHash(), ntime, job.nbits(), submit.nonce());
        Target target = miner.targetFor(job);
        if (!target.isMetBy(hash)) {
            return ShareOutcome.LOW_DIFFICULTY;
        }
        // After the hash, so an invalid share never occupies the duplicate set.
        switch (miner.firstSeen(job, submit.extranonce2(), ntime, submit.nonce(), version)) {
            case DUPLICATE -> {
                return ShareOutcome.DUPLICATE;
            }
            case FULL -> {
                return ShareOutcome.TOO_MANY_SHARES;
            }
            case NEW -> {
            }
        }
        miner.onAccepted(System.nanoTime(), target.difficulty());
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
            worker.countBlockCandidate();
            log.warn("block candidate from worker {} on job {} (nonce {})", MinerText.forLog(submit.workerName()),
                    job.v1JobId(), Integer.toHexString(submit.nonce()));
        }
        return ShareOutcome.ACCEPTED;
    }

    /** Shares answered true. */
    public long accepted() {
        return byCategory[ShareOutcome.Category.ACCEPTED.ordinal()].sum();
    }

    /** Shares answered with an error. */
    public long rejected() {
        long n = 0;
        for (ShareOutcome.Category c : ShareOutcome.Category.values()) {
            if (c != ShareOutcome.Category.ACCEPTED) {
                n += byCategory[c.ordinal()].sum();
            }
        }
        return n;
    }

    /**
     * Shares rejected so far, by {@link ShareOutcome.Category#label()}: counted here rather than summed over the
     * workers, which come and go.
     */
    public Map<String, Long> rejectedByReason() {
        Map<String, Long> byReason = new LinkedHashMap<>();
        for (ShareOutcome.Category c : ShareOutcome.Category.values()) {
            if (c != ShareOutcome.Category.ACCEPTED) {
                byReason.put(c.label(), byCategory[c.ordinal()].sum());
            }
        }
        return byReason;
    }

    /** Shares that met the channel target and were handed to the upstream connection (see its sharesSent). */
    public long forwarded() {
        return forwarded.sum();
    }

    public long blockCandidates() {
        return blockCandidates.sum();
    }
}
