package org.sv2translator.v2.message;

import org.sv2translator.v2.wire.WireWriter;

/**
 * An SV2 message: a record of the Common ({@link CommonMessage}), Mining ({@link MiningMessage}), Template
 * Distribution ({@link TemplateDistributionMessage}) or extension negotiation ({@link ExtensionNegotiationMessage})
 * protocol, or an {@link UnknownMessage} kept as raw bytes so the
 * receiver decides whether to skip it, forward it or close. Frames are turned into messages and back by
 * {@link MessageCodec} (or {@link Sv2MessageCodec} in a Netty pipeline).
 *
 * <p>U32 and U64 fields are held in {@code int} and {@code long} with the same bits: they are unsigned
 * ({@link Integer#toUnsignedLong(int)}, {@link Long#toUnsignedString(long)}).
 */
public sealed interface Sv2Message permits CommonMessage, MiningMessage, TemplateDistributionMessage, ExtensionNegotiationMessage,
        UnknownMessage {
    /** The frame's {@code extension_type} without the {@code channel_msg} bit: 0 for the core protocols. */
    int extension();

    int msgType();

    /** Whether the frame carries the {@code channel_msg} bit (the payload then starts with a U32 channel id). */
    boolean channelMsg();

    /** Writes the payload (everything after the 6-byte frame header), fields in spec order. */
    void writePayload(WireWriter out);

    /**
     * Calls the {@code visitor} method for this record's type with {@code target}: one virtual call instead of a
     * chain of type tests, and nothing allocated. Roles use it through their dispatchers
     * ({@code org.sv2translator.v2.role}).
     */
    <T> void accept(MessageVisitor<T> visitor, T target);
}
