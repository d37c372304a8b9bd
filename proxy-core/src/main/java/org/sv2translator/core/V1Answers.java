package org.sv2translator.core;

import java.util.EnumMap;
import java.util.Map;
import org.sv2translator.core.share.ShareOutcome;
import org.sv2translator.v1.ShareVerdict;
import org.sv2translator.v1.V1Error;

/**
 * What a miner is told for each {@link ShareOutcome}: the conventional V1 codes (21 stale, 22 duplicate, 23 low
 * difficulty) where one exists, else 20 with the outcome's reason. Built once, so answering allocates nothing.
 */
final class V1Answers {
    private static final Map<ShareOutcome, ShareVerdict> ANSWERS = new EnumMap<>(ShareOutcome.class);

    static {
        for (ShareOutcome o : ShareOutcome.values()) {
            ANSWERS.put(o, switch (o.category()) {
                case ACCEPTED -> ShareVerdict.ACCEPTED;
                case STALE -> ShareVerdict.STALE;
                case DUPLICATE -> ShareVerdict.DUPLICATE;
                case LOW_DIFFICULTY -> ShareVerdict.LOW_DIFFICULTY;
                case INVALID -> ShareVerdict.rejected(V1Error.other(o.reason()));
            });
        }
    }

    private V1Answers() {
    }

    static ShareVerdict of(ShareOutcome outcome) {
        return ANSWERS.get(outcome);
    }
}
