package org.sv2translator.v2.message;

import org.sv2translator.v2.wire.WireReader;
import org.sv2translator.v2.wire.WireWriter;

/**
 * SubmitShares.Success (spec 5.3.13). Server to client: acknowledges a batch of shares up to {@code
 * lastSequenceNumber}.
 */
public record SubmitSharesSuccess(int channelId,
                                  int lastSequenceNumber,
                                  int newSubmitsAcceptedCount,
                                  long newSharesSum) implements MiningMessage, ChannelMessage {

    static SubmitSharesSuccess read(WireReader r) {
        return new SubmitSharesSuccess(
                r.readU32(),
                r.readU32(),
                r.readU32(),
                r.readU64());
    }

    @Override
    public MessageType type() {
        return MessageType.SUBMIT_SHARES_SUCCESS;
    }

    @Override
    public void writePayload(WireWriter w) {
        w.writeU32(channelId)
                .writeU32(lastSequenceNumber)
                .writeU32(newSubmitsAcceptedCount)
                .writeU64(newSharesSum);
    }

    @Override
    public <T> void accept(MessageVisitor<T> visitor, T target) {
        visitor.visit(this, target);
    }
}
