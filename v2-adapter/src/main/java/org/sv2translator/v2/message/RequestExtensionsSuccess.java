package org.sv2translator.v2.message;

import java.util.List;
import org.sv2translator.v2.wire.WireReader;
import org.sv2translator.v2.wire.WireWriter;

/**
 * RequestExtensions.Success (extension 0x0001). Server to client: the requested extensions it supports.
 */
public record RequestExtensionsSuccess(int requestId,
                                       List<Integer> supportedExtensions) implements ExtensionNegotiationMessage {

    public RequestExtensionsSuccess {
        Fields.u16("requestId", requestId);
        supportedExtensions = Fields.seqU16("supportedExtensions", supportedExtensions);
    }

    static RequestExtensionsSuccess read(WireReader r) {
        return new RequestExtensionsSuccess(r.readU16(), r.readSeq0_64K(2, WireReader::readU16));
    }

    @Override
    public MessageType type() {
        return MessageType.REQUEST_EXTENSIONS_SUCCESS;
    }

    @Override
    public void writePayload(WireWriter w) {
        w.writeU16(requestId)
                .writeSeq0_64K(supportedExtensions, WireWriter::writeU16);
    }

    @Override
    public <T> void accept(MessageVisitor<T> visitor, T target) {
        visitor.visit(this, target);
    }
}
