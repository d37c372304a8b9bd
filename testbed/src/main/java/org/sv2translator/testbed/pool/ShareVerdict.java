package org.sv2translator.testbed.pool;

/**
 * The testbed pool's answer to one submitted share. Error codes are free-form strings in SV2 (spec 3.5); these are
 * the ones the reference pool uses where it has one, so a proxy tested here meets the same codes in production.
 */
public enum ShareVerdict {
    ACCEPTED(null),
    /** Accepted, and the header also meets the network target. */
    BLOCK_FOUND(null),
    INVALID_CHANNEL("invalid-channel-id"),
    INVALID_JOB("invalid-job-id"),
    STALE("stale-share"),
    BAD_EXTRANONCE_SIZE("invalid-extranonce-size"),
    BAD_NTIME("invalid-timestamp"),
    BAD_VERSION("invalid-version"),
    DUPLICATE("duplicate-share"),
    LOW_DIFFICULTY("difficulty-too-low");

    private final String errorCode;

    ShareVerdict(String errorCode) {
        this.errorCode = errorCode;
    }

    public boolean accepted() {
        return errorCode == null;
    }

    /** The SubmitShares.Error code, or null for an accepted share. */
    public String errorCode() {
        return errorCode;
    }
}
