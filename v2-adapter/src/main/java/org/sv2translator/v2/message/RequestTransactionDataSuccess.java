package org.sv2translator.v2.message;

import java.util.List;
import org.sv2translator.v2.wire.Bytes;
import org.sv2translator.v2.wire.WireReader;
import org.sv2translator.v2.wire.WireWriter;

/**
 * RequestTransactionData.Success (spec 7.5). Server to client: the template's transactions in block order, each an
 * opaque blob (in practice the witness serialization), and {@code excessData} the client must not interpret.
 *
 * <p>A few thousand transactions make this message hundreds of kilobytes: more than one Noise frame's 65,535 bytes,
 * which the transport splits (spec 4.5), and up to the U24 frame length.
 */
public record RequestTransactionDataSuccess(long templateId,
                                            Bytes excessData,
                                            List<Bytes> transactionList) implements TemplateDistributionMessage {

    public RequestTransactionDataSuccess {
        Fields.bytes("excessData", excessData, 0xFFFF);
        transactionList = Fields.seq("transactionList", transactionList, 0xFFFF);
        transactionList.forEach(tx -> Fields.bytes("transactionList element", tx, 0xFFFFFF));
    }

    static RequestTransactionDataSuccess read(WireReader r) {
        return new RequestTransactionDataSuccess(
                r.readU64(),
                r.readB0_64K(),
                r.readSeq0_64K(3, WireReader::readB0_16M));
    }

    @Override
    public MessageType type() {
        return MessageType.REQUEST_TRANSACTION_DATA_SUCCESS;
    }

    @Override
    public void writePayload(WireWriter w) {
        w.writeU64(templateId)
                .writeB0_64K(excessData)
                .writeSeq0_64K(transactionList, WireWriter::writeB0_16M);
    }

    @Override
    public <T> void accept(MessageVisitor<T> visitor, T target) {
        visitor.visit(this, target);
    }
}
