package org.sv2translator.testbed.pool;

import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import org.sv2translator.bitcoin.ShareHasher;
import org.sv2translator.bitcoin.Target;

/**
 * One extended channel as the testbed pool sees it: its extranonce, target and jobs, and the validation a real
 * pool applies to each share (known job, not stale, extranonce size, ntime range, BIP320 version bits, duplicate,
 * hash against the target of the share's job, block check against the network target). Every rule is written here
 * from spec chapter 5, on purpose apart from the translator's share pipeline: this is the independent check that
 * tells a share the translator called good from one the pool takes.
 *
 * <p>Jobs are remembered until a new prevhash makes them stale, then forgotten, so memory is bounded by the jobs of
 * one block interval plus the duplicate set of those jobs ({@link #MAX_SHARES_PER_PREVHASH} at most).
 *
 * <p>Each job keeps the channel target it was mined under (spec 5.3.21): a SetTarget changes the target of later
 * jobs and of future jobs not yet activated, never of a job the client already hashes on. So a share is judged by
 * its job's target, with no grace period: a harder target cannot refuse a share of an older job, and an easier
 * one does not help it.
 *
 * <p>Not thread-safe: all of its mutable state (target, prefix, jobs, duplicate set, prevhash) is owned by the pool
 * connection's event loop, which is the only caller.
 */
public final class PoolChannel {
    /** Bound on the duplicate set; past it, a prevhash's further shares are still validated but not deduplicated. */
    static final int MAX_SHARES_PER_PREVHASH = 1_000_000;
    private static final HexFormat HEX = HexFormat.of();

    /**
     * A job as issued: the template and the extranonce_prefix that was current when it was sent.
     *
     * @param ownMinNtime the min_ntime the job was sent with (an active job), or -1 for a future job, which starts
     *                    at its SetNewPrevHash's min_ntime
     * @param target      the channel target its shares must meet: for an active job the one in force when it was
     *                    sent, for a future job the one in force when its SetNewPrevHash activated it; null while a
     *                    future job waits for that (no share of it can be valid yet)
     */
    record Job(int jobId, BlockTemplate template, byte[] extranoncePrefix, int extranonceSize,
               boolean versionRollingAllowed, long prevHashId, long ownMinNtime, Target target) {

        Job activatedUnder(Target channelTarget) {
            return new Job(jobId, template, extranoncePrefix, extranonceSize, versionRollingAllowed, prevHashId,
                    ownMinNtime, channelTarget);
        }
    }

    private record ShareKey(int jobId, int nonce, int ntime, int version, String extranonceHex) {
    }

    private final int channelId;
    private int extranonceSize;
    private final String userIdentity;
    private byte[] extranoncePrefix;
    /** The target of jobs sent (or activated) from now on; each job keeps its own once it is minable. */
    private Target target;
    private final Map<Integer, Job> jobs = new HashMap<>();
    private final Set<ShareKey> seen = new HashSet<>();
    private long prevHashId = -1;
    private int minNtime;
    /** When the latest SetNewPrevHash was written, System.nanoTime(): the ntime window grows from then. */
    private long prevHashSentAt;
    private byte[] prevHash;
    private int nextJobIdHint;

    PoolChannel(int channelId, String userIdentity, byte[] extranoncePrefix, int extranonceSize, Target target) {
        this.channelId = channelId;
        this.userIdentity = userIdentity;
        this.extranoncePrefix = extranoncePrefix.clone();
        this.extranonceSize = extranonceSize;
        this.target = target;
    }

    public int channelId() {
        return channelId;
    }

    public String userIdentity() {
        return userIdentity;
    }

    public int extranonceSize() {
        return extranonceSize;
    }

    public byte[] extranoncePrefix() {
        return extranoncePrefix.clone();
    }

    public Target target() {
        return target;
    }

    /**
     * A new channel target (a SetTarget just sent): for jobs sent from now on and for future jobs not yet activated;
     * jobs already minable keep theirs, so shares in flight on them stay good without any grace period.
     */
    void setTarget(Target target) {
        this.target = target;
    }

    /**
     * The target a share of {@code jobId} is judged by, hence the difficulty it is credited with: its job's, or the
     * channel's for an id with no minable job (such a share is refused anyway).
     */
    Target targetOf(int jobId) {
        Job job = jobs.get(jobId);
        return job != null && job.target() != null ? job.target() : target;
    }

    /**
     * Applies to jobs issued from now on (spec 5.3.10); shares on earlier jobs keep their old prefix and size. The
     * full extranonce (prefix + extranonce) keeps its size (spec 5.3.22), so a longer prefix leaves fewer bytes.
     */
    void setExtranoncePrefix(byte[] prefix) {
        int full = extranoncePrefix.length + extranonceSize;
        if (prefix.length > full) {
            throw new IllegalArgumentException("prefix of " + prefix.length + " bytes exceeds the full extranonce of "
                    + full);
        }
        this.extranonceSize = full - prefix.length;
        this.extranoncePrefix = prefix.clone();
    }

    /**
     * @param activeMinNtime the job's min_ntime when it is sent as an active job; empty for a future job
     */
    void addJob(int jobId, BlockTemplate template, boolean versionRollingAllowed, long forPrevHashId,
                java.util.OptionalInt activeMinNtime) {
        nextJobIdHint = Math.max(nextJobIdHint, jobId + 1);
        jobs.put(jobId, new Job(jobId, template, extranoncePrefix.clone(), extranonceSize, versionRollingAllowed,
                forPrevHashId, activeMinNtime.isPresent() ? Integer.toUnsignedLong(activeMinNtime.getAsInt()) : -1,
                activeMinNtime.isPresent() ? target : null));
    }

    /**
     * A new block: jobs of earlier prevhashes become stale and are forgotten, and the future jobs it activates take
     * the target in force now. Call it once the message is written.
     */
    void setPrevHash(long id, byte[] prevHash, int minNtime) {
        setPrevHash(id, prevHash, minNtime, System.nanoTime());
    }

    /** @param sentAtNanos when the SetNewPrevHash was written ({@code System.nanoTime()}) */
    void setPrevHash(long id, byte[] prevHash, int minNtime, long sentAtNanos) {
        this.prevHashId = id;
        this.prevHash = prevHash.clone();
        this.minNtime = minNtime;
        this.prevHashSentAt = sentAtNanos;
        jobs.values().removeIf(job -> job.prevHashId() < id);
        // Spec 5.3.21: a future job follows SetTarget until activated, then (mined on) its target "remains stable".
        jobs.replaceAll((jobId, job) -> job.prevHashId() == id && job.target() == null
                ? job.activatedUnder(target) : job);
        seen.clear();
    }

    /**
     * Validates one share.
     *
     * @param version  the full header version the miner used
     * @param nowNanos the pool's {@code System.nanoTime()}: how long ago the prevhash was sent bounds the ntime
     */
    ShareVerdict validate(int jobId, int nonce, int ntime, int version, byte[] extranonce, long nowNanos) {
        Job job = jobs.get(jobId);
        if (job == null) {
            // Ids are issued in increasing order, so a lower unknown id was ours once: its prevhash has passed.
            // The distinction matters to a proxy (stale is normal at a block change, an unknown id is a bug).
            return Integer.compareUnsigned(jobId, nextJobIdHint) < 0 ? ShareVerdict.STALE : ShareVerdict.INVALID_JOB;
        }
        if (job.prevHashId() != prevHashId || job.target() == null) {
            return ShareVerdict.STALE; // a future job no SetNewPrevHash has activated (yet)
        }
        if (extranonce.length != job.extranonceSize()) {
            return ShareVerdict.BAD_EXTRANONCE_SIZE;
        }
        if (!ntimeInWindow(job, Integer.toUnsignedLong(ntime), nowNanos)) {
            return ShareVerdict.BAD_NTIME;
        }
        // Spec 5.3.16 (version_rolling_allowed): with it, the BIP320 general-purpose bits are the miner's; every
        // other bit of the header's version is the job's. Without it, the version is the job's, all 32 bits.
        BlockTemplate t = job.template();
        int minersBits = job.versionRollingAllowed() ? TemplateFactory.VERSION_ROLLING_MASK : 0;
        if (((version ^ t.version()) & ~minersBits) != 0) {
            return ShareVerdict.BAD_VERSION;
        }
        byte[] hash = ShareHasher.forCurrentThread().hash(t.coinbase().prefix(), job.extranoncePrefix(), extranonce,
                t.coinbase().suffix(), t.merklePath(), version, prevHash, ntime, t.nbits(), nonce);
        if (!job.target().isMetBy(hash)) {
            return ShareVerdict.LOW_DIFFICULTY;
        }
        boolean block = t.networkTarget().isMetBy(hash);
        if (seen.size() < MAX_SHARES_PER_PREVHASH
                && !seen.add(new ShareKey(jobId, nonce, ntime, version, HEX.formatHex(extranonce)))) {
            return ShareVerdict.DUPLICATE;
        }
        return block ? ShareVerdict.BLOCK_FOUND : ShareVerdict.ACCEPTED;
    }

    /**
     * Spec 5.3.11, SubmitShares.ntime: at least the min_ntime of the latest SetNewPrevHash, at most that plus the
     * seconds since it was sent (whole seconds: a client measures from when it received the message, later than we
     * sent it, so its bound is never above ours). An active job also starts at its own min_ntime, which may be later
     * than the prevhash's time plus the seconds since (our clock ran on while the prevhash's time stood still): we
     * told miners to hash from there, so that value itself is always in the window, but the window's end does not
     * move past it before the seconds since the prevhash catch up.
     */
    private boolean ntimeInWindow(Job job, long ntime, long nowNanos) {
        long prevHashTime = Integer.toUnsignedLong(minNtime);
        long secondsSince = Math.max(0, (nowNanos - prevHashSentAt) / 1_000_000_000L);
        long earliest = Math.max(prevHashTime, job.ownMinNtime());
        long latest = Math.max(prevHashTime + secondsSince, job.ownMinNtime());
        return ntime >= earliest && ntime <= latest;
    }
}
