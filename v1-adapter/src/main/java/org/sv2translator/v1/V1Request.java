package org.sv2translator.v1;

import java.util.List;
import java.util.Objects;

/**
 * A miner-to-pool message. A request whose {@link #id()} is {@link RequestId#NULL} is a notification (bfgminer sends
 * {@code mining.suggest_difficulty} that way): the server acts on it but never answers it.
 *
 * <p>Byte arrays in these records are owned by the record once constructed; callers must not modify them.
 */
public sealed interface V1Request extends V1Message {
    RequestId id();

    /** The JSON-RPC method name. */
    String method();

    /** {@code mining.subscribe [user_agent, session_id, ...]}; both optional (null when absent). */
    record Subscribe(RequestId id, String userAgent, String sessionId) implements V1Request {
        public static final String METHOD = "mining.subscribe";

        public Subscribe {
            Objects.requireNonNull(id, "id");
        }

        @Override
        public String method() {
            return METHOD;
        }
    }

    /** {@code mining.authorize [worker, password]}; password null when absent. */
    record Authorize(RequestId id, String workerName, String password) implements V1Request {
        public static final String METHOD = "mining.authorize";

        public Authorize {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(workerName, "workerName");
        }

        @Override
        public String method() {
            return METHOD;
        }
    }

    /**
     * BIP310 {@code mining.configure [[extensions], {params}]}. Known extension parameters are decoded:
     * {@code versionRollingMask} ({@code ffffffff} when version-rolling is requested without a mask, as BIP310
     * says), {@code versionRollingMinBitCount} (0 when absent), {@code minimumDifficulty} (NaN when absent).
     * Extensions this library does not know stay in {@code extensions} so they can be answered {@code false}.
     */
    record Configure(RequestId id, List<String> extensions, int versionRollingMask, int versionRollingMinBitCount,
                     double minimumDifficulty) implements V1Request {
        public static final String METHOD = "mining.configure";
        public static final String VERSION_ROLLING = "version-rolling";
        public static final String MINIMUM_DIFFICULTY = "minimum-difficulty";
        public static final String SUBSCRIBE_EXTRANONCE = "subscribe-extranonce";

        public Configure {
            Objects.requireNonNull(id, "id");
            extensions = List.copyOf(extensions);
        }

        public boolean requests(String extension) {
            return extensions.contains(extension);
        }

        @Override
        public String method() {
            return METHOD;
        }
    }

    /** {@code mining.extranonce.subscribe []}: the miner accepts {@code mining.set_extranonce}. */
    record ExtranonceSubscribe(RequestId id) implements V1Request {
        public static final String METHOD = "mining.extranonce.subscribe";

        public ExtranonceSubscribe {
            Objects.requireNonNull(id, "id");
        }

        @Override
        public String method() {
            return METHOD;
        }
    }

    /** {@code mining.suggest_difficulty [difficulty]}: a hint, not an order. */
    record SuggestDifficulty(RequestId id, double difficulty) implements V1Request {
        public static final String METHOD = "mining.suggest_difficulty";

        public SuggestDifficulty {
            Objects.requireNonNull(id, "id");
        }

        @Override
        public String method() {
            return METHOD;
        }
    }

    /** {@code mining.suggest_target [target hex]}: a hint; {@code target} is the 32 bytes big-endian as sent. */
    record SuggestTarget(RequestId id, byte[] target) implements V1Request {
        public static final String METHOD = "mining.suggest_target";

        public SuggestTarget {
            Objects.requireNonNull(id, "id");
            if (target.length != 32) {
                throw new IllegalArgumentException("target must be 32 bytes, got " + target.length);
            }
        }

        @Override
        public String method() {
            return METHOD;
        }
    }

    /**
     * {@code mining.submit [worker, job_id, extranonce2, ntime, nonce(, version_bits)]}. The 32-bit fields are the
     * numbers the big-endian hex denotes (so {@code ntime} is the header's value, to be written little-endian).
     * {@code hasVersionBits} tells whether the BIP310 6th parameter was present ({@code versionBits} is 0 when not).
     */
    record Submit(RequestId id, String workerName, String jobId, byte[] extranonce2, int ntime, int nonce,
                  boolean hasVersionBits, int versionBits) implements V1Request {
        public static final String METHOD = "mining.submit";

        public Submit {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(workerName, "workerName");
            Objects.requireNonNull(jobId, "jobId");
            Objects.requireNonNull(extranonce2, "extranonce2");
        }

        @Override
        public String method() {
            return METHOD;
        }
    }

    /**
     * Any other method (e.g. {@code mining.get_transactions}, {@code mining.capabilities}): answered with error 20
     * unless its id is null. {@code method} is at most {@link V1Codec#MAX_METHOD_LENGTH} characters.
     */
    record Unknown(RequestId id, String method) implements V1Request {
        public Unknown {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(method, "method");
        }
    }
}
