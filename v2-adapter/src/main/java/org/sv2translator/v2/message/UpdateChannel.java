package org.sv2translator.v2.message;

import java.util.Objects;
import org.sv2translator.v2.wire.U256;
import org.sv2translator.v2.wire.WireReader;
import org.sv2translator.v2.wire.WireWriter;

/**
 * UpdateChannel (spec 5.3.7). Client to server: the channel's nominal hashrate or maximum target changed.
 */
public record UpdateChannel(int channelId,
                            float nominalHashRate,
                            U256 maximumTarget) implements MiningMessage, ChannelMessage {

    public UpdateChannel {
        Objects.requireNonNull(maximumTarget, "maximumTarget");
    }

    static UpdateChannel read(WireReader r) {
        return new UpdateChannel(
                r.readU32(),
                r.readF32(),
                r.readU256());
    }

    @Override
    public MessageType type() {
        return MessageType.UPDATE_CHANNEL;
    }

    @Override
    public void writePayload(WireWriter w) {
        w.writeU32(channelId)
                .writeF32(nominalHashRate)
                .writeU256(maximumTarget);
    }

    @Override
    public <T> void accept(MessageVisitor<T> visitor, T target) {
        visitor.visit(this, target);
    }
}
