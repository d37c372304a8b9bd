package org.sv2translator.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.sv2translator.core.share.ShareOutcome;
import org.sv2translator.v1.ShareVerdict;

class V1AnswersTest {
    @ParameterizedTest
    @EnumSource(ShareOutcome.class)
    void eachOutcomeHasTheConventionalCodeOrTwentyWithItsReason(ShareOutcome outcome) {
        ShareVerdict v = V1Answers.of(outcome);
        switch (outcome.category()) {
            case ACCEPTED -> assertNull(v.error());
            case STALE -> assertEquals(21, v.error().code());
            case DUPLICATE -> assertEquals(22, v.error().code());
            case LOW_DIFFICULTY -> assertEquals(23, v.error().code());
            case INVALID -> {
                assertEquals(20, v.error().code());
                assertEquals(outcome.reason(), v.error().message());
            }
        }
        assertEquals(v, V1Answers.of(outcome), "the same answer every time");
    }
}
