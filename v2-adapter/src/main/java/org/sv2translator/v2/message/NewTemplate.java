package org.sv2translator.v2.message;

import java.util.List;
import org.sv2translator.v2.wire.Bytes;
import org.sv2translator.v2.wire.U256;
import org.sv2translator.v2.wire.WireReader;
import org.sv2translator.v2.wire.WireWriter;

/**
 * NewTemplate (spec 7.2). Server to client: a block template. A {@code futureTemplate} is for the next
 * SetNewPrevHash (which names it by {@code templateId}); otherwise it builds on the last SetNewPrevHash sent.
 *
 * <p>The client builds the coinbase from these fields: {@code coinbaseTxVersion}, one input whose scriptSig starts with
 * {@code coinbasePrefix} (up to 8 bytes, in practice the BIP34 height) and whose nSequence is
 * {@code coinbaseTxInputSequence}, its own outputs (spending up to {@code coinbaseTxValueRemaining}) followed by the
 * {@code coinbaseTxOutputsCount} consensus-serialized {@code coinbaseTxOutputs} (no CompactSize count in front: the
 * spec says so explicitly), then {@code coinbaseTxLocktime}. {@code merklePath} is ordered from the deepest level.
 * U32 and U64 fields hold unsigned values in {@code int} and {@code long}.
 */
public record NewTemplate(long templateId,
                          boolean futureTemplate,
                          int version,
                          int coinbaseTxVersion,
                          Bytes coinbasePrefix,
                          int coinbaseTxInputSequence,
                          long coinbaseTxValueRemaining,
                          int coinbaseTxOutputsCount,
                          Bytes coinbaseTxOutputs,
                          int coinbaseTxLocktime,
                          List<U256> merklePath) implements TemplateDistributionMessage {

    public NewTemplate {
        // The field is B0_255 on the wire; the "up to 8 bytes" of the spec is a rule for the sender, which the
        // receiver checks where it builds the coinbase (a record must decode whatever the wire type allows).
        Fields.bytes("coinbasePrefix", coinbasePrefix, 255);
        Fields.bytes("coinbaseTxOutputs", coinbaseTxOutputs, 0xFFFF);
        merklePath = Fields.seq("merklePath", merklePath, 255);
    }

    static NewTemplate read(WireReader r) {
        return new NewTemplate(
                r.readU64(),
                r.readBool(),
                r.readU32(),
                r.readU32(),
                r.readB0_255(),
                r.readU32(),
                r.readU64(),
                r.readU32(),
                r.readB0_64K(),
                r.readU32(),
                r.readSeq0_255(U256.SIZE, WireReader::readU256));
    }

    @Override
    public MessageType type() {
        return MessageType.NEW_TEMPLATE;
    }

    @Override
    public void writePayload(WireWriter w) {
        w.writeU64(templateId)
                .writeBool(futureTemplate)
                .writeU32(version)
                .writeU32(coinbaseTxVersion)
                .writeB0_255(coinbasePrefix)
                .writeU32(coinbaseTxInputSequence)
                .writeU64(coinbaseTxValueRemaining)
                .writeU32(coinbaseTxOutputsCount)
                .writeB0_64K(coinbaseTxOutputs)
                .writeU32(coinbaseTxLocktime)
                .writeSeq0_255(merklePath, WireWriter::writeU256);
    }

    @Override
    public <T> void accept(MessageVisitor<T> visitor, T target) {
        visitor.visit(this, target);
    }
}
