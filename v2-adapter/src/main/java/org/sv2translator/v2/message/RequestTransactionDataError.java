package org.sv2translator.v2.message;

import org.sv2translator.v2.wire.WireReader;
import org.sv2translator.v2.wire.WireWriter;

/**
 * RequestTransactionData.Error (spec 7.6). Server to client: no transactions for {@code templateId}. The spec leaves
 * the codes open; {@link #STALE_TEMPLATE_ID} and {@link #TEMPLATE_ID_NOT_FOUND} are the ones the Stratum reference
 * implementation sends, used here so its clients recognize them.
 */
public record RequestTransactionDataError(long templateId,
                                          String errorCode) implements TemplateDistributionMessage {

    /** The template was built on a block that is no longer the tip. */
    public static final String STALE_TEMPLATE_ID = "stale-template-id";
    /** The server never sent (or no longer remembers) this template. */
    public static final String TEMPLATE_ID_NOT_FOUND = "template-id-not-found";

    public RequestTransactionDataError {
        Fields.str0_255("errorCode", errorCode);
    }

    static RequestTransactionDataError read(WireReader r) {
        return new RequestTransactionDataError(
                r.readU64(),
                r.readStr0_255());
    }

    @Override
    public MessageType type() {
        return MessageType.REQUEST_TRANSACTION_DATA_ERROR;
    }

    @Override
    public void writePayload(WireWriter w) {
        w.writeU64(templateId)
                .writeStr0_255(errorCode);
    }

    @Override
    public <T> void accept(MessageVisitor<T> visitor, T target) {
        visitor.visit(this, target);
    }
}
