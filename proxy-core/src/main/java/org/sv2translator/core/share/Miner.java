package org.sv2translator.core.share;

import org.sv2translator.bitcoin.ShareRate;
import org.sv2translator.bitcoin.Target;
import org.sv2translator.core.difficulty.Vardiff;
import org.sv2translator.core.job.V1Job;
import org.sv2translator.v1.MinerConnection;

/**
 * The translator's state for one V1 connection: its extranonce1, its difficulty (vardiff) and the shares it has
 * already sent on the current prevhash. The translator keeps one per subscribed connection.
 *
 * <p>Threading: submits are validated on the connection's event loop, which alone uses the duplicate set
 * ({@link #firstSeen}). The difficulty is read there and changed by the retarget timer and the job fan-out on the
 * upstream loop, so every method touching the difficulty or the {@link Vardiff} is synchronized on this miner: the
 * lock is per miner, held for a few field updates, and nothing is called out while it is held.
 * {@link #extranonce1()} and {@link #route()} are volatile: written by the mapping, read by any loop.
 */
public final class Miner {
    /**
     * Shares remembered per prevhash for duplicate detection, at most; the oldest half is forgotten past it (a
     * miner submitting that many on one block has a far too low difficulty, which vardiff corrects).
     */
    static final int MAX_REMEMBERED_SHARES = 8192;

    private final MinerConnection connection;
    private volatile byte[] extranonce1;
    private volatile ShareRoute route;
    private final Vardiff vardiff;
    private final double sharesPerMinute;
    private final SeenShares seen = new SeenShares(MAX_REMEMBERED_SHARES / 2);
    private long seenEpoch = Long.MIN_VALUE;
    private boolean jobSent;
    private double difficulty;
    private Target target;
    private Target previousTarget;
    private long targetFromJob;
    private double pendingDifficulty;

    public Miner(MinerConnection connection, byte[] extranonce1, Vardiff.Config config, double initialDifficulty,
                 long nowNanos) {
        this.connection = connection;
        this.extranonce1 = extranonce1.clone();
        this.vardiff = new Vardiff(config, initialDifficulty, nowNanos);
        this.sharesPerMinute = config.sharesPerMinute();
        this.difficulty = vardiff.difficulty();
        this.target = Target.fromDifficulty(difficulty);
        this.previousTarget = target;
    }

    public MinerConnection connection() {
        return connection;
    }

    /** This miner's extranonce1 (the caller must not modify it). */
    public byte[] extranonce1() {
        return extranonce1;
    }

    /** A new extranonce1 after the channel's layout changed (the miner is told by mining.set_extranonce). */
    public void setExtranonce1(byte[] extranonce1) {
        this.extranonce1 = extranonce1.clone();
    }

    /** Where this miner's jobs come from and its shares go; null until it is on a channel. */
    public ShareRoute route() {
        return route;
    }

    public void setRoute(ShareRoute route) {
        this.route = route;
    }

    /** The difficulty the miner was last told, or will be told before its first job. */
    public synchronized double difficulty() {
        return difficulty;
    }

    /**
     * Estimated hashes per second: vardiff's measurement once it has one, else what the current difficulty implies
     * at the wanted share rate (so a fresh miner counts upstream at once).
     */
    public synchronized double hashrate() {
        double measured = vardiff.hashrate();
        return measured > 0 ? measured : ShareRate.hashrateFor(difficulty, sharesPerMinute);
    }

    /** The target a share on {@code job} must meet: a job sent before a difficulty change keeps the easier one. */
    synchronized Target targetFor(V1Job job) {
        if (job.sequence() < targetFromJob && previousTarget.compareTo(target) > 0) {
            return previousTarget;
        }
        return target;
    }

    /** mining.suggest_difficulty: taken as the start before the first job, as a vardiff hint after. */
    public synchronized void suggestDifficulty(double suggested, double maxDifficulty) {
        double d = Math.min(Math.max(suggested, 0), maxDifficulty);
        if (!(d > 0)) {
            return;
        }
        vardiff.reset(d, System.nanoTime());
        d = vardiff.difficulty(); // raised to the floor
        if (!jobSent) {
            difficulty = d;
            target = Target.fromDifficulty(d);
            previousTarget = target;
        } else if (Math.abs(d - difficulty) > 0.2 * difficulty) {
            pendingDifficulty = d;
        }
    }

    synchronized void onAccepted(long nowNanos, double shareDifficulty) {
        vardiff.onShare(nowNanos, shareDifficulty);
    }

    /** The timer's retarget; a change is sent with the next job, and none is considered until then. */
    public synchronized void retarget(long nowNanos, double maxDifficulty) {
        if (pendingDifficulty > 0) {
            return;
        }
        double next = vardiff.retarget(nowNanos, maxDifficulty);
        if (next > 0) {
            pendingDifficulty = next;
        }
    }

    /**
     * Called just before {@code job} is written to this miner: returns the difficulty to send first
     * (mining.set_difficulty) or 0, and from this job on checks shares against it. A difficulty above
     * {@code maxDifficulty} (the channel's: a new pool may have an easier target) is lowered to it, since shares
     * above the channel target would be lost work for the pool.
     */
    public synchronized double beforeJob(V1Job job, double maxDifficulty) {
        jobSent = true;
        if (pendingDifficulty <= 0 && difficulty > maxDifficulty) {
            vardiff.reset(maxDifficulty, System.nanoTime());
            pendingDifficulty = vardiff.difficulty();
        }
        if (pendingDifficulty <= 0) {
            return 0;
        }
        double d = pendingDifficulty;
        pendingDifficulty = 0;
        previousTarget = target;
        difficulty = d;
        target = Target.fromDifficulty(d);
        targetFromJob = job.sequence();
        vardiff.restartWindow(System.nanoTime());
        return d;
    }

    /** Marks the first (and only the first) time a share is seen. Called on the connection's event loop only. */
    boolean firstSeen(V1Job job, byte[] extranonce2, int ntime, int nonce, int version) {
        if (job.epoch() != seenEpoch) {
            seen.clear();
            seenEpoch = job.epoch();
        }
        long e2 = 0;
        for (byte b : extranonce2) { // at most 8 bytes: the translator never offers more
            e2 = (e2 << 8) | (b & 0xff);
        }
        return seen.add(job.sequence(), e2, ntime, nonce, version);
    }
}
