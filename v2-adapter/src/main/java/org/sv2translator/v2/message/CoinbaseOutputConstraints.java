package org.sv2translator.v2.message;

import org.sv2translator.v2.wire.WireReader;
import org.sv2translator.v2.wire.WireWriter;

/**
 * CoinbaseOutputConstraints (spec 7.1; called CoinbaseOutputDataSize in older spec texts, which had only the size).
 * Client to server, right after SetupConnection.Success: the most serialized bytes and sigops the client will add to
 * the coinbase outputs, which the Template Provider then reserves in every template it sends this client.
 *
 * @param maxAdditionalSize   {@code coinbase_output_max_additional_size} (U32), bytes
 * @param maxAdditionalSigops {@code coinbase_output_max_additional_sigops} (U16)
 */
public record CoinbaseOutputConstraints(int maxAdditionalSize,
                                        int maxAdditionalSigops) implements TemplateDistributionMessage {

    public CoinbaseOutputConstraints {
        Fields.u16("maxAdditionalSigops", maxAdditionalSigops);
    }

    static CoinbaseOutputConstraints read(WireReader r) {
        return new CoinbaseOutputConstraints(
                r.readU32(),
                r.readU16());
    }

    @Override
    public MessageType type() {
        return MessageType.COINBASE_OUTPUT_CONSTRAINTS;
    }

    @Override
    public void writePayload(WireWriter w) {
        w.writeU32(maxAdditionalSize)
                .writeU16(maxAdditionalSigops);
    }

    @Override
    public <T> void accept(MessageVisitor<T> visitor, T target) {
        visitor.visit(this, target);
    }
}
