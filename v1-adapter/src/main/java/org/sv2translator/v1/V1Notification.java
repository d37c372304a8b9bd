package org.sv2translator.v1;

import java.util.List;
import java.util.Objects;

/**
 * A pool-to-miner notification (id null). Encode once with {@link V1Codec#encode(io.netty.buffer.ByteBufAllocator,
 * V1Message)} and send to many sessions with {@link V1Session#broadcast}. Byte arrays are owned by the record once
 * constructed; callers must not modify them.
 */
public sealed interface V1Notification extends V1Message {
    String method();

    /**
     * {@code mining.notify}. {@code prevHash} holds the 32 bytes exactly as they go into the block header (SV2's
     * order); the codec alone converts them to the V1 form (each 4-byte word byte-reversed). {@code version},
     * {@code nbits} and {@code ntime} are the header values, printed as big-endian hex. Merkle branch entries are
     * 32-byte hashes in wire order.
     */
    record Notify(String jobId, byte[] prevHash, byte[] coinbase1, byte[] coinbase2, List<byte[]> merkleBranch,
                  int version, int nbits, int ntime, boolean cleanJobs) implements V1Notification {
        public static final String METHOD = "mining.notify";

        public Notify {
            Objects.requireNonNull(jobId, "jobId");
            Objects.requireNonNull(coinbase1, "coinbase1");
            Objects.requireNonNull(coinbase2, "coinbase2");
            if (prevHash.length != 32) {
                throw new IllegalArgumentException("prevHash must be 32 bytes, got " + prevHash.length);
            }
            merkleBranch = List.copyOf(merkleBranch);
            for (byte[] hash : merkleBranch) {
                if (hash.length != 32) {
                    throw new IllegalArgumentException("merkle branch entries must be 32 bytes, got " + hash.length);
                }
            }
        }

        @Override
        public String method() {
            return METHOD;
        }
    }

    /** {@code mining.set_difficulty [difficulty]}: target = diff1 / difficulty for the next jobs. */
    record SetDifficulty(double difficulty) implements V1Notification {
        public static final String METHOD = "mining.set_difficulty";

        public SetDifficulty {
            if (!(difficulty > 0) || Double.isInfinite(difficulty)) {
                throw new IllegalArgumentException("difficulty must be positive and finite: " + difficulty);
            }
        }

        @Override
        public String method() {
            return METHOD;
        }
    }

    /** {@code mining.set_extranonce [extranonce1, extranonce2_size]}: only for sessions that subscribed to it. */
    record SetExtranonce(byte[] extranonce1, int extranonce2Size) implements V1Notification {
        public static final String METHOD = "mining.set_extranonce";

        public SetExtranonce {
            Objects.requireNonNull(extranonce1, "extranonce1");
            if (extranonce2Size < 0) {
                throw new IllegalArgumentException("extranonce2Size must not be negative: " + extranonce2Size);
            }
        }

        @Override
        public String method() {
            return METHOD;
        }
    }

    /** BIP310 {@code mining.set_version_mask [mask]}: valid immediately. */
    record SetVersionMask(int mask) implements V1Notification {
        public static final String METHOD = "mining.set_version_mask";

        @Override
        public String method() {
            return METHOD;
        }
    }

    /**
     * {@code client.reconnect [host, port, wait_seconds]}. An empty host and port 0 mean "the same server again"
     * (decoded that way when the pool sends fewer parameters).
     */
    record Reconnect(String host, int port, int waitSeconds) implements V1Notification {
        public static final String METHOD = "client.reconnect";
        /** Reconnect to the same server at once; encoded with no parameters. */
        public static final Reconnect SAME_SERVER = new Reconnect("", 0, 0);

        public Reconnect {
            Objects.requireNonNull(host, "host");
        }

        @Override
        public String method() {
            return METHOD;
        }
    }

    /** {@code client.show_message [text]}: shown in the miner's log. */
    record ShowMessage(String message) implements V1Notification {
        public static final String METHOD = "client.show_message";

        public ShowMessage {
            Objects.requireNonNull(message, "message");
        }

        @Override
        public String method() {
            return METHOD;
        }
    }

    /** A pool method this library does not know, as the client-side decoder reports it. */
    record Unknown(String method) implements V1Notification {
        public Unknown {
            Objects.requireNonNull(method, "method");
        }
    }
}
