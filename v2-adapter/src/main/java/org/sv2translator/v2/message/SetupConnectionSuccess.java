package org.sv2translator.v2.message;

import org.sv2translator.v2.wire.WireReader;
import org.sv2translator.v2.wire.WireWriter;

/**
 * SetupConnection.Success (spec 3.6.2). Server to client: the connection is accepted with {@code usedVersion} and
 * the server's feature flags.
 */
public record SetupConnectionSuccess(int usedVersion,
                                     int flags) implements CommonMessage {

    public SetupConnectionSuccess {
        Fields.u16("usedVersion", usedVersion);
    }

    static SetupConnectionSuccess read(WireReader r) {
        return new SetupConnectionSuccess(r.readU16(), r.readU32());
    }

    @Override
    public MessageType type() {
        return MessageType.SETUP_CONNECTION_SUCCESS;
    }

    @Override
    public void writePayload(WireWriter w) {
        w.writeU16(usedVersion)
                .writeU32(flags);
    }
}
