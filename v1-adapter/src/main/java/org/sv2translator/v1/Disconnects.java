package org.sv2translator.v1;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * Connections the server refused or closed because of a limit, by reason: what an operator watches to tell a
 * misbehaving fleet from a quiet one (each is also logged, throttled). Thread-safe.
 */
public final class Disconnects {
    /** Why a connection was refused or closed by the server. */
    public enum Reason {
        CONNECTION_LIMIT("connection-limit"),
        ADDRESS_LIMIT("address-limit"),
        ADDRESS_RATE("address-rate"),
        HANDSHAKE_TIMEOUT("handshake-timeout"),
        INVALID_SHARES("invalid-shares"),
        ERROR_BUDGET("error-budget"),
        LINE_TOO_LONG("line-too-long"),
        SLOW_READER("slow-reader"),
        IDLE("idle");

        private final String label;

        Reason(String label) {
            this.label = label;
        }

        /** The name in metrics. */
        public String label() {
            return label;
        }
    }

    private final Map<Reason, LongAdder> counts = new EnumMap<>(Reason.class);

    public Disconnects() {
        for (Reason r : Reason.values()) {
            counts.put(r, new LongAdder());
        }
    }

    void increment(Reason reason) {
        counts.get(reason).increment();
    }

    public long count(Reason reason) {
        return counts.get(reason).sum();
    }

    /** Every reason with its count so far. */
    public Map<Reason, Long> all() {
        Map<Reason, Long> all = new EnumMap<>(Reason.class);
        counts.forEach((r, n) -> all.put(r, n.sum()));
        return all;
    }
}
