package org.sv2translator.v2.message;

import java.util.Objects;
import java.util.OptionalInt;
import org.sv2translator.v2.wire.Bytes;
import org.sv2translator.v2.wire.FrameHeader;
import org.sv2translator.v2.wire.WireWriter;

/**
 * A frame whose (extension, msg_type) this library does not know: another sub-protocol, an extension that was not
 * negotiated, a reserved type. The payload is kept unparsed so the caller can decide: spec 3.4.1 says to discard
 * unknown messages meant for this hop and to forward channel messages to the channel's other end. Encoding one
 * writes it back unchanged.
 */
public record UnknownMessage(int extension, boolean channelMsg, int msgType, Bytes payload) implements Sv2Message {

    public UnknownMessage {
        if ((extension & ~0x7FFF) != 0 || (msgType & ~0xFF) != 0) {
            throw new IllegalArgumentException("extension " + extension + " / msg_type " + msgType + " out of range");
        }
        Objects.requireNonNull(payload, "payload");
        if (payload.size() > FrameHeader.MAX_MSG_LENGTH) {
            throw new IllegalArgumentException("payload of " + payload.size() + " bytes does not fit a frame");
        }
    }

    /** The channel a channel message is for (its first four payload bytes), if it has the bit and the bytes. */
    public OptionalInt channelId() {
        if (!channelMsg || payload.size() < 4) {
            return OptionalInt.empty();
        }
        return OptionalInt.of((payload.get(0) & 0xFF) | (payload.get(1) & 0xFF) << 8
                | (payload.get(2) & 0xFF) << 16 | (payload.get(3) & 0xFF) << 24);
    }

    @Override
    public void writePayload(WireWriter out) {
        out.writeBytes(payload);
    }

    @Override
    public <T> void accept(MessageVisitor<T> visitor, T target) {
        visitor.visit(this, target);
    }
}
