package org.sv2translator.v2.message;

import java.util.Objects;
import org.sv2translator.v2.wire.U256;
import org.sv2translator.v2.wire.WireReader;
import org.sv2translator.v2.wire.WireWriter;

/**
 * SetTarget (spec 5.3.21). Server to client: the channel's new maximum target.
 */
public record SetTarget(int channelId,
                        U256 maximumTarget) implements MiningMessage, ChannelMessage {

    public SetTarget {
        Objects.requireNonNull(maximumTarget, "maximumTarget");
    }

    static SetTarget read(WireReader r) {
        return new SetTarget(r.readU32(), r.readU256());
    }

    @Override
    public MessageType type() {
        return MessageType.SET_TARGET;
    }

    @Override
    public void writePayload(WireWriter w) {
        w.writeU32(channelId)
                .writeU256(maximumTarget);
    }

    @Override
    public <T> void accept(MessageVisitor<T> visitor, T target) {
        visitor.visit(this, target);
    }
}
