package org.sv2translator.v2.message;

import org.sv2translator.v2.wire.WireReader;
import org.sv2translator.v2.wire.WireWriter;

/**
 * SubmitShares.Error (spec 5.3.14). Server to client: the share with {@code sequenceNumber} was refused.
 */
public record SubmitSharesError(int channelId,
                                int sequenceNumber,
                                String errorCode) implements MiningMessage, ChannelMessage {

    public SubmitSharesError {
        Fields.str0_255("errorCode", errorCode);
    }

    static SubmitSharesError read(WireReader r) {
        return new SubmitSharesError(
                r.readU32(),
                r.readU32(),
                r.readStr0_255());
    }

    @Override
    public MessageType type() {
        return MessageType.SUBMIT_SHARES_ERROR;
    }

    @Override
    public void writePayload(WireWriter w) {
        w.writeU32(channelId)
                .writeU32(sequenceNumber)
                .writeStr0_255(errorCode);
    }

    @Override
    public <T> void accept(MessageVisitor<T> visitor, T target) {
        visitor.visit(this, target);
    }
}
