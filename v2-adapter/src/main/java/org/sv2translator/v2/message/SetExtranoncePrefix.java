package org.sv2translator.v2.message;

import org.sv2translator.v2.wire.Bytes;
import org.sv2translator.v2.wire.WireReader;
import org.sv2translator.v2.wire.WireWriter;

/**
 * SetExtranoncePrefix (spec 5.3.10). Server to client: jobs sent after this use a new extranonce prefix.
 */
public record SetExtranoncePrefix(int channelId,
                                  Bytes extranoncePrefix) implements MiningMessage, ChannelMessage {

    public SetExtranoncePrefix {
        Fields.bytes("extranoncePrefix", extranoncePrefix, 32);
    }

    static SetExtranoncePrefix read(WireReader r) {
        return new SetExtranoncePrefix(r.readU32(), r.readB0_32());
    }

    @Override
    public MessageType type() {
        return MessageType.SET_EXTRANONCE_PREFIX;
    }

    @Override
    public void writePayload(WireWriter w) {
        w.writeU32(channelId)
                .writeB0_32(extranoncePrefix);
    }

    @Override
    public <T> void accept(MessageVisitor<T> visitor, T target) {
        visitor.visit(this, target);
    }
}
