package org.sv2translator.v2.message;

import org.sv2translator.v2.wire.WireReader;
import org.sv2translator.v2.wire.WireWriter;

/**
 * UpdateChannel.Error (spec 5.3.8). Server to client: an UpdateChannel was refused.
 */
public record UpdateChannelError(int channelId,
                                 String errorCode) implements MiningMessage, ChannelMessage {

    public UpdateChannelError {
        Fields.str0_255("errorCode", errorCode);
    }

    static UpdateChannelError read(WireReader r) {
        return new UpdateChannelError(r.readU32(), r.readStr0_255());
    }

    @Override
    public MessageType type() {
        return MessageType.UPDATE_CHANNEL_ERROR;
    }

    @Override
    public void writePayload(WireWriter w) {
        w.writeU32(channelId)
                .writeStr0_255(errorCode);
    }

    @Override
    public <T> void accept(MessageVisitor<T> visitor, T target) {
        visitor.visit(this, target);
    }
}
