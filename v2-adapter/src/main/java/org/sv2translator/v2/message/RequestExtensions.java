package org.sv2translator.v2.message;

import java.util.List;
import org.sv2translator.v2.wire.WireReader;
import org.sv2translator.v2.wire.WireWriter;

/**
 * RequestExtensions (extension 0x0001). Client to server, right after SetupConnection.Success: the extensions the
 * client wants.
 */
public record RequestExtensions(int requestId,
                                List<Integer> requestedExtensions) implements ExtensionNegotiationMessage {

    public RequestExtensions {
        Fields.u16("requestId", requestId);
        requestedExtensions = Fields.seqU16("requestedExtensions", requestedExtensions);
    }

    static RequestExtensions read(WireReader r) {
        return new RequestExtensions(r.readU16(), r.readSeq0_64K(2, WireReader::readU16));
    }

    @Override
    public MessageType type() {
        return MessageType.REQUEST_EXTENSIONS;
    }

    @Override
    public void writePayload(WireWriter w) {
        w.writeU16(requestId)
                .writeSeq0_64K(requestedExtensions, WireWriter::writeU16);
    }

    @Override
    public <T> void accept(MessageVisitor<T> visitor, T target) {
        visitor.visit(this, target);
    }
}
