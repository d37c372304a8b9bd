package org.sv2translator.v2.message;

import java.util.Objects;
import org.sv2translator.v2.wire.U256;
import org.sv2translator.v2.wire.WireReader;
import org.sv2translator.v2.wire.WireWriter;

/**
 * SetNewPrevHash of the Template Distribution protocol (spec 7.3, type 0x72): a new best block; the future template
 * {@code templateId} becomes the one to mine. Not the Mining protocol's {@link SetNewPrevHash} (spec 5.3.17, 0x20),
 * which has a channel and a job id instead of a template id and no target, hence the protocol in this record's name.
 *
 * @param headerTimestamp the nTime to start with (usually the current time); not the minimum valid nTime
 * @param target          the hash a block must meet; may be lower than {@code nbits} implies (spec 7.3)
 */
public record TemplateDistributionSetNewPrevHash(long templateId,
                                                 U256 prevHash,
                                                 int headerTimestamp,
                                                 int nbits,
                                                 U256 target) implements TemplateDistributionMessage {

    public TemplateDistributionSetNewPrevHash {
        Objects.requireNonNull(prevHash, "prevHash");
        Objects.requireNonNull(target, "target");
    }

    static TemplateDistributionSetNewPrevHash read(WireReader r) {
        return new TemplateDistributionSetNewPrevHash(
                r.readU64(),
                r.readU256(),
                r.readU32(),
                r.readU32(),
                r.readU256());
    }

    @Override
    public MessageType type() {
        return MessageType.TEMPLATE_DISTRIBUTION_SET_NEW_PREV_HASH;
    }

    @Override
    public void writePayload(WireWriter w) {
        w.writeU64(templateId)
                .writeU256(prevHash)
                .writeU32(headerTimestamp)
                .writeU32(nbits)
                .writeU256(target);
    }

    @Override
    public <T> void accept(MessageVisitor<T> visitor, T target) {
        visitor.visit(this, target);
    }
}
