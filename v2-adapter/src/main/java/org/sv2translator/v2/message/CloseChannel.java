package org.sv2translator.v2.message;

import org.sv2translator.v2.wire.WireReader;
import org.sv2translator.v2.wire.WireWriter;

/**
 * CloseChannel (spec 5.3.9). Either direction: the channel (or every channel of a group channel) is closed.
 */
public record CloseChannel(int channelId,
                           String reasonCode) implements MiningMessage, ChannelMessage {

    public CloseChannel {
        Fields.str0_255("reasonCode", reasonCode);
    }

    static CloseChannel read(WireReader r) {
        return new CloseChannel(r.readU32(), r.readStr0_255());
    }

    @Override
    public MessageType type() {
        return MessageType.CLOSE_CHANNEL;
    }

    @Override
    public void writePayload(WireWriter w) {
        w.writeU32(channelId)
                .writeStr0_255(reasonCode);
    }

    @Override
    public <T> void accept(MessageVisitor<T> visitor, T target) {
        visitor.visit(this, target);
    }
}
