package org.sv2translator.core.share;

/** Lets tests in other packages put a share into a duplicate set the way the pipeline does. */
public final class SeenSharesAccess {
    private SeenSharesAccess() {
    }

    public static void remember(SeenShares seen, int nonce) {
        if (seen.add(1, 1, 0, 0, nonce, 0) != SeenShares.Seen.NEW) {
            throw new IllegalStateException("not new");
        }
    }
}
