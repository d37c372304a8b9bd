package org.sv2translator.v2.message;

import org.sv2translator.v2.wire.WireReader;
import org.sv2translator.v2.wire.WireWriter;

/**
 * SetCustomMiningJob.Error (spec 5.3.20). Server to client: the custom job is refused.
 */
public record SetCustomMiningJobError(int channelId,
                                      int requestId,
                                      String errorCode) implements MiningMessage, ChannelMessage {

    public SetCustomMiningJobError {
        Fields.str0_255("errorCode", errorCode);
    }

    static SetCustomMiningJobError read(WireReader r) {
        return new SetCustomMiningJobError(
                r.readU32(),
                r.readU32(),
                r.readStr0_255());
    }

    @Override
    public MessageType type() {
        return MessageType.SET_CUSTOM_MINING_JOB_ERROR;
    }

    @Override
    public void writePayload(WireWriter w) {
        w.writeU32(channelId)
                .writeU32(requestId)
                .writeStr0_255(errorCode);
    }

    @Override
    public <T> void accept(MessageVisitor<T> visitor, T target) {
        visitor.visit(this, target);
    }
}
