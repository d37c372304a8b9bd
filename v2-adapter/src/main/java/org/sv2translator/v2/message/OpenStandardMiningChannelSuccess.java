package org.sv2translator.v2.message;

import java.util.Objects;
import org.sv2translator.v2.wire.Bytes;
import org.sv2translator.v2.wire.U256;
import org.sv2translator.v2.wire.WireReader;
import org.sv2translator.v2.wire.WireWriter;

/**
 * OpenStandardMiningChannel.Success (spec 5.3.3). Server to client: the standard channel is open.
 */
public record OpenStandardMiningChannelSuccess(int requestId,
                                               int channelId,
                                               U256 target,
                                               Bytes extranoncePrefix,
                                               int groupChannelId) implements MiningMessage {

    public OpenStandardMiningChannelSuccess {
        Objects.requireNonNull(target, "target");
        Fields.bytes("extranoncePrefix", extranoncePrefix, 32);
    }

    static OpenStandardMiningChannelSuccess read(WireReader r) {
        return new OpenStandardMiningChannelSuccess(
                r.readU32(),
                r.readU32(),
                r.readU256(),
                r.readB0_32(),
                r.readU32());
    }

    @Override
    public MessageType type() {
        return MessageType.OPEN_STANDARD_MINING_CHANNEL_SUCCESS;
    }

    @Override
    public void writePayload(WireWriter w) {
        w.writeU32(requestId)
                .writeU32(channelId)
                .writeU256(target)
                .writeB0_32(extranoncePrefix)
                .writeU32(groupChannelId);
    }

    @Override
    public <T> void accept(MessageVisitor<T> visitor, T target) {
        visitor.visit(this, target);
    }
}
