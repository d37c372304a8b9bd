package org.sv2translator.testbed.pool;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the testbed pool has seen, for tests and the demo to read: per user_identity (and in total) the accepted
 * and rejected shares by reason, the sum of the accepted shares' difficulty (that of the target the share's job
 * was mined under, as a pool credits work) and the blocks found. Safe to read from any thread while pool loops
 * write.
 *
 * <p>user_identity comes from the client, so at most {@link #MAX_IDENTITIES} are tracked one by one; later ones
 * are counted under {@link #OTHER}.
 */
public final class PoolAccounting {
    static final int MAX_IDENTITIES = 10_000;
    public static final String OTHER = "(other)";

    /** Counters for one user_identity (or the total). */
    public static final class Tally {
        private final Map<ShareVerdict, LongAdder> byVerdict = new EnumMap<>(ShareVerdict.class);
        private final DoubleAdder acceptedDifficulty = new DoubleAdder();

        Tally() {
            for (ShareVerdict v : ShareVerdict.values()) {
                byVerdict.put(v, new LongAdder());
            }
        }

        void record(ShareVerdict verdict, double difficulty) {
            byVerdict.get(verdict).increment();
            if (verdict.accepted()) {
                acceptedDifficulty.add(difficulty);
            }
        }

        /** Accepted shares, blocks included. */
        public long accepted() {
            return count(ShareVerdict.ACCEPTED) + count(ShareVerdict.BLOCK_FOUND);
        }

        public long rejected() {
            long n = 0;
            for (Map.Entry<ShareVerdict, LongAdder> e : byVerdict.entrySet()) {
                n += e.getKey().accepted() ? 0 : e.getValue().sum();
            }
            return n;
        }

        public long count(ShareVerdict verdict) {
            return byVerdict.get(verdict).sum();
        }

        public double acceptedDifficulty() {
            return acceptedDifficulty.sum();
        }

        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder("accepted=" + accepted() + " difficulty="
                    + String.format("%.3f", acceptedDifficulty()));
            byVerdict.forEach((v, n) -> {
                if (!v.accepted() && n.sum() > 0) {
                    sb.append(' ').append(v.errorCode()).append('=').append(n.sum());
                }
            });
            return sb.toString();
        }
    }

    private final Tally total = new Tally();
    private final ConcurrentHashMap<String, Tally> byIdentity = new ConcurrentHashMap<>();
    private final AtomicLong jobsSent = new AtomicLong();

    void record(String userIdentity, ShareVerdict verdict, double difficulty) {
        total.record(verdict, difficulty);
        String key = byIdentity.containsKey(userIdentity) || byIdentity.size() < MAX_IDENTITIES ? userIdentity : OTHER;
        byIdentity.computeIfAbsent(key, k -> new Tally()).record(verdict, difficulty);
    }

    void jobSent() {
        jobsSent.incrementAndGet();
    }

    public Tally total() {
        return total;
    }

    /**
     * The tally of one user_identity, live: it keeps counting after this call, even for an identity that has not
     * submitted yet (registered now, so a test can await its first share on it). Past {@link #MAX_IDENTITIES} an
     * identity not seen before gets an empty tally of its own that stays empty: its shares count under
     * {@link #OTHER}.
     */
    public Tally of(String userIdentity) {
        if (byIdentity.containsKey(userIdentity) || byIdentity.size() < MAX_IDENTITIES) {
            return byIdentity.computeIfAbsent(userIdentity, k -> new Tally());
        }
        return new Tally();
    }

    public long blocksFound() {
        return total.count(ShareVerdict.BLOCK_FOUND);
    }

    public long jobsSent() {
        return jobsSent.get();
    }
}
