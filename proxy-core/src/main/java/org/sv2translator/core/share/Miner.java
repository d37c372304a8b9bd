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
    /** How much a miner's difficulty is raised when its duplicate set fills (half and three quarters full). */
    static final double FULL_SET_RAISE = 4;

    private final MinerConnection connection;
    private volatile byte[] extranonce1;
    private volatile ShareRoute route;
    private final Vardiff vardiff;
    private final double sharesPerMinute;
    private final SeenShares seen;
    private final double suggestionInterval;
    private volatile boolean ready;
    private boolean jobSent;
    private double difficulty;
    private Target target;
    private Target previousTarget;
    private long targetFromJob;
    private double pendingDifficulty;
    private long lastLoweredBySuggestion = Long.MIN_VALUE;
    private int fullSetRaises; // connection's event loop only

    /**
     * @param seen the shares already accepted on this extranonce1 in the current block: inherited from the bytes'
     *             previous holder, or new
     */
    public Miner(MinerConnection connection, byte[] extranonce1, SeenShares seen, Vardiff.Config config,
                 double initialDifficulty, long nowNanos) {
        this.connection = connection;
        this.extranonce1 = extranonce1.clone();
        this.seen = seen;
        this.suggestionInterval = config.retargetInterval() * 1e9;
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

    /** Its duplicate set, handed to the next holder of its extranonce1 when it leaves. */
    public SeenShares seen() {
        return seen;
    }

    /**
     * Subscribed and authorized: only then does it get jobs and count in the channel's hashrate (an idle socket
     * that never authorizes must not inflate what the pool is told).
     */
    public boolean isReady() {
        return ready;
    }

    public void markReady() {
        ready = true;
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

    /**
     * mining.suggest_difficulty: taken as the start before the first job, as a vardiff hint after. Never below the
     * vardiff floor, and once jobs flow it may lower the difficulty at most once per retarget interval: lowering it
     * at will would let a miner make cheap shares (and cheap replays) as fast as it likes.
     *
     * @return false when the suggestion was ignored
     */
    public synchronized boolean suggestDifficulty(double suggested, double maxDifficulty, long nowNanos) {
        double d = Math.min(Math.max(suggested, 0), maxDifficulty);
        if (!(d > 0)) {
            return false;
        }
        if (jobSent && d < difficulty) {
            if (lastLoweredBySuggestion != Long.MIN_VALUE && nowNanos - lastLoweredBySuggestion < suggestionInterval) {
                return false;
            }
            lastLoweredBySuggestion = nowNanos;
        }
        vardiff.resetBelow(d, maxDifficulty, nowNanos);
        d = vardiff.difficulty(); // raised to the floor, on a step
        if (!jobSent) {
            difficulty = d;
            target = Target.fromDifficulty(d);
            previousTarget = target;
        } else if (Math.abs(d - difficulty) > 0.2 * difficulty) {
            pendingDifficulty = d;
        }
        return true;
    }

    /** Raises the difficulty by {@code factor} with the next job (the duplicate set is filling up). */
    synchronized void raiseDifficulty(double factor) {
        double base = pendingDifficulty > 0 ? pendingDifficulty : difficulty;
        vardiff.reset(base * factor, System.nanoTime());
        pendingDifficulty = vardiff.difficulty();
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
            vardiff.resetBelow(maxDifficulty, maxDifficulty, System.nanoTime());
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

    /**
     * Marks the first (and only the first) time a share is seen on this extranonce1 in this block, raising the
     * difficulty as the set fills. Called on the connection's event loop only.
     */
    SeenShares.Seen firstSeen(V1Job job, byte[] extranonce2, int ntime, int nonce, int version) {
        long e2 = 0;
        for (byte b : extranonce2) { // at most 8 bytes: the translator never offers more
            e2 = (e2 << 8) | (b & 0xff);
        }
        SeenShares.Seen result = seen.add(job.epoch(), job.sequence(), e2, ntime, nonce, version);
        if (result == SeenShares.Seen.NEW) {
            // One raise at half full and one at three quarters; a set inherited already that full, or cleared by a
            // new block, counts from where it is.
            int bound = seen.boundPerMiner();
            int due = seen.size() >= bound * 3 / 4 ? 2 : seen.size() >= bound / 2 ? 1 : 0;
            if (due > fullSetRaises) {
                raiseDifficulty(Math.pow(FULL_SET_RAISE, due - fullSetRaises));
            }
            fullSetRaises = due;
        }
        return result;
    }
}
