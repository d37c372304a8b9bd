package org.sv2translator.v2.message;

import org.sv2translator.v2.wire.WireReader;
import org.sv2translator.v2.wire.WireWriter;

/**
 * ChannelEndpointChanged (spec 3.6.4). Server to client: the channel's endpoint changed, so its extension state
 * must be negotiated again.
 */
public record ChannelEndpointChanged(int channelId) implements CommonMessage, ChannelMessage {

    static ChannelEndpointChanged read(WireReader r) {
        return new ChannelEndpointChanged(r.readU32());
    }

    @Override
    public MessageType type() {
        return MessageType.CHANNEL_ENDPOINT_CHANGED;
    }

    @Override
    public void writePayload(WireWriter w) {
        w.writeU32(channelId);
    }

    @Override
    public <T> void accept(MessageVisitor<T> visitor, T target) {
        visitor.visit(this, target);
    }
}
