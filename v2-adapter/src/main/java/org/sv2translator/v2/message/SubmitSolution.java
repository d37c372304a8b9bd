package org.sv2translator.v2.message;

import org.sv2translator.v2.wire.Bytes;
import org.sv2translator.v2.wire.WireReader;
import org.sv2translator.v2.wire.WireWriter;

/**
 * SubmitSolution (spec 7.7). Client to server: a header meeting the template's target; the Template Provider builds
 * the block and broadcasts it. Unlike a mining job's coinbase, {@code coinbaseTx} is the full serialization with the
 * BIP141 fields (marker, flag, witness), which the block needs (spec 3.7.3).
 */
public record SubmitSolution(long templateId,
                             int version,
                             int headerTimestamp,
                             int headerNonce,
                             Bytes coinbaseTx) implements TemplateDistributionMessage {

    public SubmitSolution {
        Fields.bytes("coinbaseTx", coinbaseTx, 0xFFFF);
    }

    static SubmitSolution read(WireReader r) {
        return new SubmitSolution(
                r.readU64(),
                r.readU32(),
                r.readU32(),
                r.readU32(),
                r.readB0_64K());
    }

    @Override
    public MessageType type() {
        return MessageType.SUBMIT_SOLUTION;
    }

    @Override
    public void writePayload(WireWriter w) {
        w.writeU64(templateId)
                .writeU32(version)
                .writeU32(headerTimestamp)
                .writeU32(headerNonce)
                .writeB0_64K(coinbaseTx);
    }

    @Override
    public <T> void accept(MessageVisitor<T> visitor, T target) {
        visitor.visit(this, target);
    }
}
