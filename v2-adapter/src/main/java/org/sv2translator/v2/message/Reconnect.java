package org.sv2translator.v2.message;

import org.sv2translator.v2.wire.WireReader;
import org.sv2translator.v2.wire.WireWriter;

/**
 * Reconnect (spec 3.6.5). Server to client: reconnect to {@code newHost}:{@code newPort} (empty host / port 0 =
 * the present one).
 */
public record Reconnect(String newHost,
                        int newPort) implements CommonMessage {

    public Reconnect {
        Fields.str0_255("newHost", newHost);
        Fields.u16("newPort", newPort);
    }

    static Reconnect read(WireReader r) {
        return new Reconnect(r.readStr0_255(), r.readU16());
    }

    @Override
    public MessageType type() {
        return MessageType.RECONNECT;
    }

    @Override
    public void writePayload(WireWriter w) {
        w.writeStr0_255(newHost)
                .writeU16(newPort);
    }

    @Override
    public <T> void accept(MessageVisitor<T> visitor, T target) {
        visitor.visit(this, target);
    }
}
