package org.sv2translator.v2.message;

import org.sv2translator.v2.wire.WireReader;
import org.sv2translator.v2.wire.WireWriter;

/**
 * SetCustomMiningJob.Success (spec 5.3.19). Server to client: the custom job is accepted as {@code jobId}.
 */
public record SetCustomMiningJobSuccess(int channelId,
                                        int requestId,
                                        int jobId) implements MiningMessage, ChannelMessage {

    static SetCustomMiningJobSuccess read(WireReader r) {
        return new SetCustomMiningJobSuccess(
                r.readU32(),
                r.readU32(),
                r.readU32());
    }

    @Override
    public MessageType type() {
        return MessageType.SET_CUSTOM_MINING_JOB_SUCCESS;
    }

    @Override
    public void writePayload(WireWriter w) {
        w.writeU32(channelId)
                .writeU32(requestId)
                .writeU32(jobId);
    }

    @Override
    public <T> void accept(MessageVisitor<T> visitor, T target) {
        visitor.visit(this, target);
    }
}
