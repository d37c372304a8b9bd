package org.sv2translator.v1;

/**
 * A {@link V1Backend}'s answer to one {@code mining.submit}: accepted ({@code true}) or an error. The constants let
 * the share path answer without allocating.
 */
public record ShareVerdict(V1Error error) {
    public static final ShareVerdict ACCEPTED = new ShareVerdict(null);
    public static final ShareVerdict STALE = new ShareVerdict(V1Error.JOB_NOT_FOUND);
    public static final ShareVerdict DUPLICATE = new ShareVerdict(V1Error.DUPLICATE);
    public static final ShareVerdict LOW_DIFFICULTY = new ShareVerdict(V1Error.LOW_DIFFICULTY);

    public static ShareVerdict rejected(V1Error error) {
        return new ShareVerdict(java.util.Objects.requireNonNull(error, "error"));
    }

    public boolean accepted() {
        return error == null;
    }
}
