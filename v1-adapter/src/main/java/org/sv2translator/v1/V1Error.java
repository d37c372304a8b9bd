package org.sv2translator.v1;

import java.util.Objects;

/**
 * A Stratum V1 error, sent as {@code "error": [code, message, null]}. The codes are the conventional ones pools use
 * (there is no written standard): 20 other, 21 job not found (stale), 22 duplicate, 23 low difficulty, 24 unauthorized
 * worker, 25 not subscribed. The constants are shared so that rejecting a share allocates no error object.
 */
public record V1Error(int code, String message) {
    public static final int CODE_OTHER = 20;
    public static final int CODE_JOB_NOT_FOUND = 21;
    public static final int CODE_DUPLICATE = 22;
    public static final int CODE_LOW_DIFFICULTY = 23;
    public static final int CODE_UNAUTHORIZED = 24;
    public static final int CODE_NOT_SUBSCRIBED = 25;

    public static final V1Error OTHER = new V1Error(CODE_OTHER, "Other/Unknown");
    public static final V1Error JOB_NOT_FOUND = new V1Error(CODE_JOB_NOT_FOUND, "Job not found");
    public static final V1Error DUPLICATE = new V1Error(CODE_DUPLICATE, "Duplicate share");
    public static final V1Error LOW_DIFFICULTY = new V1Error(CODE_LOW_DIFFICULTY, "Low difficulty share");
    public static final V1Error UNAUTHORIZED = new V1Error(CODE_UNAUTHORIZED, "Unauthorized worker");
    public static final V1Error NOT_SUBSCRIBED = new V1Error(CODE_NOT_SUBSCRIBED, "Not subscribed");

    public V1Error {
        Objects.requireNonNull(message, "message");
    }

    /** Error 20 with a specific message, for everything that has no code of its own. */
    public static V1Error other(String message) {
        return new V1Error(CODE_OTHER, message);
    }
}
