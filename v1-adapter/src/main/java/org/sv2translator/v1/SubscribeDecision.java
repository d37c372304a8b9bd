package org.sv2translator.v1;

import java.util.Objects;

/** A {@link V1Backend}'s answer to {@code mining.subscribe}: the miner's extranonce space, or a refusal. */
public sealed interface SubscribeDecision {

    /** Accept with this extranonce1 (copied) and extranonce2 size in bytes. */
    static SubscribeDecision accept(byte[] extranonce1, int extranonce2Size) {
        return new Accept(extranonce1.clone(), extranonce2Size);
    }

    /** Refuse with error 20 and this message (e.g. "extranonce space exhausted"); the connection stays up. */
    static SubscribeDecision refuse(String message) {
        return new Refuse(V1Error.other(message));
    }

    record Accept(byte[] extranonce1, int extranonce2Size) implements SubscribeDecision {
        public Accept {
            Objects.requireNonNull(extranonce1, "extranonce1");
            if (extranonce1.length > V1Codec.MAX_EXTRANONCE1_SIZE) {
                throw new IllegalArgumentException("extranonce1 longer than " + V1Codec.MAX_EXTRANONCE1_SIZE);
            }
            if (extranonce2Size < 1 || extranonce2Size > V1Codec.MAX_EXTRANONCE2_SIZE) {
                throw new IllegalArgumentException("extranonce2Size out of range: " + extranonce2Size);
            }
        }
    }

    record Refuse(V1Error error) implements SubscribeDecision {
        public Refuse {
            Objects.requireNonNull(error, "error");
        }
    }
}
