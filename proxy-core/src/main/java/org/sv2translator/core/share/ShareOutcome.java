package org.sv2translator.core.share;

/**
 * What the translator decided about one share, in its own terms: the V1 backend maps each outcome to a Stratum V1
 * answer once, and the per-worker counters, metrics and the reject summary count by {@link #category()}. An enum so
 * the share path answers without allocating; each rejection names its reason for the miner and the operator.
 */
public enum ShareOutcome {
    ACCEPTED(Category.ACCEPTED, "accepted"),
    /** The job is unknown, of a prevhash that has passed, or of a channel that is gone. */
    STALE_JOB(Category.STALE, "job not found or stale"),
    /** The job was issued for an extranonce layout the miner no longer has (after a mining.set_extranonce). */
    STALE_EXTRANONCE_LAYOUT(Category.STALE, "job of an earlier extranonce layout"),
    DUPLICATE(Category.DUPLICATE, "duplicate share"),
    LOW_DIFFICULTY(Category.LOW_DIFFICULTY, "share above the miner's target"),
    /** Spec 5.3.11: before the prevhash's min_ntime, or the active job's own. */
    NTIME_TOO_EARLY(Category.INVALID, "ntime out of range: before the job's min_ntime"),
    /**
     * Spec 5.3.11: past the prevhash's min_ntime plus the seconds since it came (a job's own min_ntime always
     * passes). Miners rolling ntime minutes ahead, as Bitcoin's two hours would allow, hit this.
     */
    NTIME_TOO_LATE(Category.INVALID, "ntime out of range: later than the prevhash time plus the seconds since"),
    /** Version bits outside what the pool lets miners roll on this job (none when it forbids rolling). */
    VERSION_ROLLING_NOT_ALLOWED(Category.INVALID, "version rolling is not allowed on this job"),
    /**
     * Version bits outside the mask the miner negotiated, or, for a miner that rolls without mining.configure,
     * outside BIP320's general-purpose bits.
     */
    VERSION_BITS_OUTSIDE_MASK(Category.INVALID, "version bits outside the version-rolling mask"),
    /**
     * The duplicate check's memory for this extranonce1 (or the translator's) is spent for this block: the share
     * cannot be told from a replay, so it is refused; the miner's difficulty has been raised.
     */
    TOO_MANY_SHARES(Category.INVALID, "too many shares in this block: difficulty raised, try the next job");

    /** The groups counted per worker and in metrics. */
    public enum Category {
        ACCEPTED("accepted"),
        STALE("stale"),
        DUPLICATE("duplicate"),
        LOW_DIFFICULTY("low-difficulty"),
        /** A field the pool would refuse (ntime, version bits...). */
        INVALID("other");

        private final String label;

        Category(String label) {
            this.label = label;
        }

        /** The name in metrics and logs ({@code reason} label). */
        public String label() {
            return label;
        }
    }

    private final Category category;
    private final String reason;

    ShareOutcome(Category category, String reason) {
        this.category = category;
        this.reason = reason;
    }

    public Category category() {
        return category;
    }

    /** Why, in a few words, for the miner's error message and the operator's log. */
    public String reason() {
        return reason;
    }

    public boolean accepted() {
        return this == ACCEPTED;
    }
}
