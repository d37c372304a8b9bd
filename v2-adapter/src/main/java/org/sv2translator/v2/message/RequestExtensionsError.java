package org.sv2translator.v2.message;

import java.util.List;
import org.sv2translator.v2.wire.WireReader;
import org.sv2translator.v2.wire.WireWriter;

/**
 * RequestExtensions.Error (extension 0x0001). Server to client: requested extensions it does not support, and ones
 * it requires that were not requested.
 */
public record RequestExtensionsError(int requestId,
                                     List<Integer> unsupportedExtensions,
                                     List<Integer> requiredExtensions) implements ExtensionNegotiationMessage {

    public RequestExtensionsError {
        Fields.u16("requestId", requestId);
        unsupportedExtensions = Fields.seqU16("unsupportedExtensions", unsupportedExtensions);
        requiredExtensions = Fields.seqU16("requiredExtensions", requiredExtensions);
    }

    static RequestExtensionsError read(WireReader r) {
        return new RequestExtensionsError(
                r.readU16(),
                r.readSeq0_64K(2, WireReader::readU16),
                r.readSeq0_64K(2, WireReader::readU16));
    }

    @Override
    public MessageType type() {
        return MessageType.REQUEST_EXTENSIONS_ERROR;
    }

    @Override
    public void writePayload(WireWriter w) {
        w.writeU16(requestId)
                .writeSeq0_64K(unsupportedExtensions, WireWriter::writeU16)
                .writeSeq0_64K(requiredExtensions, WireWriter::writeU16);
    }

    @Override
    public <T> void accept(MessageVisitor<T> visitor, T target) {
        visitor.visit(this, target);
    }
}
