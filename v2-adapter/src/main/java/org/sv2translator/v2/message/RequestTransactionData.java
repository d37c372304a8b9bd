package org.sv2translator.v2.message;

import org.sv2translator.v2.wire.WireReader;
import org.sv2translator.v2.wire.WireWriter;

/**
 * RequestTransactionData (spec 7.4). Client to server: the full transactions (all but the coinbase) of template
 * {@code templateId}, e.g. for a Job Declarator to declare the block or a pool to keep the block it may find.
 */
public record RequestTransactionData(long templateId) implements TemplateDistributionMessage {

    static RequestTransactionData read(WireReader r) {
        return new RequestTransactionData(r.readU64());
    }

    @Override
    public MessageType type() {
        return MessageType.REQUEST_TRANSACTION_DATA;
    }

    @Override
    public void writePayload(WireWriter w) {
        w.writeU64(templateId);
    }

    @Override
    public <T> void accept(MessageVisitor<T> visitor, T target) {
        visitor.visit(this, target);
    }
}
