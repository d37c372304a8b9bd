package org.sv2translator.core.share;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sv2translator.bitcoin.ShareHasher;
import org.sv2translator.bitcoin.Target;
import org.sv2translator.core.job.V1Job;
import org.sv2translator.v1.MinerText;
import org.sv2translator.v1.V1Request;

/**
 * Validates each mining.submit on the miner's event loop and answers at once (never waiting for the pool), so every
 * rule here is the pool's own, from spec chapter 5 (DESIGN.md: a true the pool then refuses is a defect): known and
 * current job (SetNewPrevHash: only jobs of the latest prevhash), extranonce size (SubmitSharesExtended), ntime
 * window (SubmitShares.ntime), version bits (NewExtendedMiningJob.version_rolling_allowed, BIP320), the header
 * rebuilt and hashed against the miner's target (the miner's difficulty is the translator's business), duplicates;
 * then forwards the share when it also meets the channel target (the pool's). Returns a
 * {@link ShareOutcome}; what the miner is told is the V1 side's mapping of it. Logs nothing per share at INFO; a
 * block candidate is logged.
 *
 * <p>Thread-safe: called on each miner's event loop; the counters are adders and per-miner state is the
 * {@link Miner}'s.
 */
public final class SharePipeline {
    private static final Logger log = LoggerFactory.getLogger(SharePipeline.class);
    private final WorkerRegistry workers;
    private final LongSupplier nanoClock;
    private final LongAdder[] byCategory = new LongAdder[ShareOutcome.Category.values().length];
    private final LongAdder forwarded = new LongAdder();
    private final LongAdder blockCandidates = new LongAdder();


    public SharePipeline(WorkerRegistry workers) {
        this(workers, System::nanoTime);
    }

    /** @param nanoClock {@code System.nanoTime()}, or a test's clock (the ntime window grows with it) */
    SharePipeline(WorkerRegistry workers, LongSupplier nanoClock) {
        this.workers = workers;
        this.nanoClock = nanoClock;
        for (int i = 0; i < byCategory.length; i++) {
            byCategory[i] = new LongAdder();
        }
    }

    /**
     * Judges one share the V1 session has already checked (subscribed, worker authorized here, extranonce2 size,
     * version bits inside the mask negotiated at mining.configure, if the miner sent one).
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
        if (Integer.compareUnsigned(ntime, job.ntime()) < 0) {
            return ShareOutcome.NTIME_TOO_EARLY;
        }
        if (Integer.toUnsignedLong(ntime) > job.latestNtime(nanoClock.getAsLong())) {
            return ShareOutcome.NTIME_TOO_LATE;
        }
        int version = job.version();
        if (submit.hasVersionBits()) {
            int bits = submit.versionBits();
            int negotiated = miner.connection().configuredVersionMask();
            // Firmware that rolls without mining.configure (reported of Antminer S21) rolls BIP320's bits.
            int rolls = negotiated != 0 ? negotiated : V1Job.BIP320_MASK;
            if ((bits & ~rolls) != 0) {
                return ShareOutcome.VERSION_BITS_OUTSIDE_MASK;
            }
            // The mask in force on this job: the miner's, cut to what the pool allows on it. The translator sent
            // it (mining.set_version_mask) before the job's notify, so it is what the miner hashed with (BIP310:
            // version = (job version & ~mask) | (bits & mask)), also for a share on an earlier job with another
            // mask. Outside it every bit is the job's, the pool's rule (spec 5.3.16); so with a 0 mask the header
            // keeps the job's version whole, even where the job's own version has bits set inside BIP320.
            int mask = rolls & route.versionRollingMask(job);
            if ((bits & ~mask) != 0) {
                return ShareOutcome.VERSION_ROLLING_NOT_ALLOWED;
            }
            version = (job.version() & ~mask) | bits;
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
        if (route.channelTarget(job).isMetBy(hash) || block) {
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
