package org.sv2translator.testbed.pool;

import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import org.sv2translator.bitcoin.ShareHasher;
import org.sv2translator.bitcoin.Target;

/**
 * One extended channel as the testbed pool sees it: its extranonce, target and jobs, and the validation a real
 * pool applies to each share (known job, not stale, extranonce size, ntime range, BIP320 version bits, duplicate,
 * hash against the channel target, block check against the network target).
 *
 * <p>Jobs are remembered until a new prevhash makes them stale, then forgotten, so memory is bounded by the jobs of
 * one block interval plus the duplicate set of those jobs ({@link #MAX_SHARES_PER_PREVHASH} at most).
 * Not thread-safe: owned by the pool connection's event loop.
 */
public final class PoolChannel {
    /** Bitcoin's rule: a block may be dated up to two hours ahead of the network's time. */
    static final int MAX_FUTURE_NTIME_SECONDS = 7200;
    /** Bound on the duplicate set; past it, a prevhash's further shares are still validated but not deduplicated. */
    static final int MAX_SHARES_PER_PREVHASH = 1_000_000;
    private static final HexFormat HEX = HexFormat.of();
    static final long TARGET_GRACE_NANOS = 5_000_000_000L;

    /** A job as issued: the template and the extranonce_prefix that was current when it was sent. */
    record Job(int jobId, BlockTemplate template, byte[] extranoncePrefix, int extranonceSize,
               boolean versionRollingAllowed, long prevHashId) {
    }

    private record ShareKey(int jobId, int nonce, int ntime, int version, String extranonceHex) {
    }

    private final int channelId;
    private int extranonceSize;
    private final String userIdentity;
    private byte[] extranoncePrefix;
    private Target target;
    private Target previousTarget;
    private long targetChangedAt;
    private final Map<Integer, Job> jobs = new HashMap<>();
    private final Set<ShareKey> seen = new HashSet<>();
    private long prevHashId = -1;
    private int minNtime;
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
     * A new channel target. Shares the client sent before it could see the change still arrive for a while, so for
     * {@link #TARGET_GRACE_NANOS} a share meeting the previous (easier) target is accepted too, as pools do.
     */
    void setTarget(Target target) {
        this.previousTarget = this.target;
        this.targetChangedAt = System.nanoTime();
        this.target = target;
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

    void addJob(int jobId, BlockTemplate template, boolean versionRollingAllowed, long forPrevHashId) {
        nextJobIdHint = Math.max(nextJobIdHint, jobId + 1);
        jobs.put(jobId, new Job(jobId, template, extranoncePrefix.clone(), extranonceSize, versionRollingAllowed,
                forPrevHashId));
    }

    /** A new block: jobs of earlier prevhashes become stale and are forgotten. */
    void setPrevHash(long id, byte[] prevHash, int minNtime) {
        this.prevHashId = id;
        this.prevHash = prevHash.clone();
        this.minNtime = minNtime;
        Iterator<Job> it = jobs.values().iterator();
        while (it.hasNext()) {
            if (it.next().prevHashId() < id) {
                it.remove();
            }
        }
        seen.clear();
    }

    /**
     * Validates one share. {@code nowSeconds} is the pool's clock for the ntime upper bound.
     *
     * @param version the full header version the miner used
     */
    ShareVerdict validate(int jobId, int nonce, int ntime, int version, byte[] extranonce, long nowSeconds) {
        Job job = jobs.get(jobId);
        if (job == null) {
            // Ids are issued in increasing order, so a lower unknown id was ours once: its prevhash has passed.
            // The distinction matters to a proxy (stale is normal at a block change, an unknown id is a bug).
            return Integer.compareUnsigned(jobId, nextJobIdHint) < 0 ? ShareVerdict.STALE : ShareVerdict.INVALID_JOB;
        }
        if (job.prevHashId() != prevHashId) {
            return ShareVerdict.STALE; // a future job whose SetNewPrevHash has not come yet
        }
        if (extranonce.length != job.extranonceSize()) {
            return ShareVerdict.BAD_EXTRANONCE_SIZE;
        }
        if (Integer.compareUnsigned(ntime, minNtime) < 0
                || Integer.toUnsignedLong(ntime) > nowSeconds + MAX_FUTURE_NTIME_SECONDS) {
            return ShareVerdict.BAD_NTIME;
        }
        BlockTemplate t = job.template();
        int allowed = job.versionRollingAllowed() ? TemplateFactory.VERSION_ROLLING_MASK : 0;
        if ((version & ~allowed) != (t.version() & ~allowed)) {
            return ShareVerdict.BAD_VERSION;
        }
        byte[] hash = ShareHasher.forCurrentThread().hash(t.coinbase().prefix(), job.extranoncePrefix(), extranonce,
                t.coinbase().suffix(), t.merklePath(), version, prevHash, ntime, t.nbits(), nonce);
        if (!target.isMetBy(hash) && !(previousTarget != null && previousTarget.isMetBy(hash)
                && System.nanoTime() - targetChangedAt < TARGET_GRACE_NANOS)) {
            return ShareVerdict.LOW_DIFFICULTY;
        }
        boolean block = t.networkTarget().isMetBy(hash);
        if (seen.size() < MAX_SHARES_PER_PREVHASH
                && !seen.add(new ShareKey(jobId, nonce, ntime, version, HEX.formatHex(extranonce)))) {
            return ShareVerdict.DUPLICATE;
        }
        return block ? ShareVerdict.BLOCK_FOUND : ShareVerdict.ACCEPTED;
    }
}
