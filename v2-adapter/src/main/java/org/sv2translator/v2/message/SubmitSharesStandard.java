package org.sv2translator.v2.message;

import org.sv2translator.v2.wire.WireReader;
import org.sv2translator.v2.wire.WireWriter;

/**
 * SubmitSharesStandard (spec 5.3.11). Client to server: a share found on a standard channel.
 */
public record SubmitSharesStandard(int channelId,
                                   int sequenceNumber,
                                   int jobId,
                                   int nonce,
                                   int ntime,
                                   int version) implements MiningMessage, ChannelMessage {

    static SubmitSharesStandard read(WireReader r) {
        return new SubmitSharesStandard(
                r.readU32(),
                r.readU32(),
                r.readU32(),
                r.readU32(),
                r.readU32(),
                r.readU32());
    }

    @Override
    public MessageType type() {
        return MessageType.SUBMIT_SHARES_STANDARD;
    }

    @Override
    public void writePayload(WireWriter w) {
        w.writeU32(channelId)
                .writeU32(sequenceNumber)
                .writeU32(jobId)
                .writeU32(nonce)
                .writeU32(ntime)
                .writeU32(version);
    }

    @Override
    public <T> void accept(MessageVisitor<T> visitor, T target) {
        visitor.visit(this, target);
    }
}
