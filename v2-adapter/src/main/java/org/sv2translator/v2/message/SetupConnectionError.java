package org.sv2translator.v2.message;

import org.sv2translator.v2.wire.WireReader;
import org.sv2translator.v2.wire.WireWriter;

/**
 * SetupConnection.Error (spec 3.6.3). Server to client before closing: {@code flags} are the requested features
 * the server does not support.
 */
public record SetupConnectionError(int flags,
                                   String errorCode) implements CommonMessage {

    public SetupConnectionError {
        Fields.str0_255("errorCode", errorCode);
    }

    static SetupConnectionError read(WireReader r) {
        return new SetupConnectionError(r.readU32(), r.readStr0_255());
    }

    @Override
    public MessageType type() {
        return MessageType.SETUP_CONNECTION_ERROR;
    }

    @Override
    public void writePayload(WireWriter w) {
        w.writeU32(flags)
                .writeStr0_255(errorCode);
    }

    @Override
    public <T> void accept(MessageVisitor<T> visitor, T target) {
        visitor.visit(this, target);
    }
}
