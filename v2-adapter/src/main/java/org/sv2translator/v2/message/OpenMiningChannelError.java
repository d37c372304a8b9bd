package org.sv2translator.v2.message;

import org.sv2translator.v2.wire.WireReader;
import org.sv2translator.v2.wire.WireWriter;

/**
 * OpenMiningChannel.Error (spec 5.3.6). Server to client: a standard or extended channel could not be opened.
 */
public record OpenMiningChannelError(int requestId,
                                     String errorCode) implements MiningMessage {

    public OpenMiningChannelError {
        Fields.str0_255("errorCode", errorCode);
    }

    static OpenMiningChannelError read(WireReader r) {
        return new OpenMiningChannelError(r.readU32(), r.readStr0_255());
    }

    @Override
    public MessageType type() {
        return MessageType.OPEN_MINING_CHANNEL_ERROR;
    }

    @Override
    public void writePayload(WireWriter w) {
        w.writeU32(requestId)
                .writeStr0_255(errorCode);
    }

    @Override
    public <T> void accept(MessageVisitor<T> visitor, T target) {
        visitor.visit(this, target);
    }
}
