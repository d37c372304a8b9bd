package org.sv2translator.v2.message;

import java.util.Objects;
import org.sv2translator.v2.wire.Bytes;
import org.sv2translator.v2.wire.U256;
import org.sv2translator.v2.wire.WireReader;
import org.sv2translator.v2.wire.WireWriter;

/**
 * OpenExtendedMiningChannel.Success (spec 5.3.5). Server to client: the extended channel is open; the miner owns
 * {@code extranonceSize} bytes after {@code extranoncePrefix}.
 */
public record OpenExtendedMiningChannelSuccess(int requestId,
                                               int channelId,
                                               U256 target,
                                               int extranonceSize,
                                               Bytes extranoncePrefix,
                                               int groupChannelId) implements MiningMessage {

    public OpenExtendedMiningChannelSuccess {
        Objects.requireNonNull(target, "target");
        Fields.u16("extranonceSize", extranonceSize);
        Fields.bytes("extranoncePrefix", extranoncePrefix, 32);
    }

    static OpenExtendedMiningChannelSuccess read(WireReader r) {
        return new OpenExtendedMiningChannelSuccess(
                r.readU32(),
                r.readU32(),
                r.readU256(),
                r.readU16(),
                r.readB0_32(),
                r.readU32());
    }

    @Override
    public MessageType type() {
        return MessageType.OPEN_EXTENDED_MINING_CHANNEL_SUCCESS;
    }

    @Override
    public void writePayload(WireWriter w) {
        w.writeU32(requestId)
                .writeU32(channelId)
                .writeU256(target)
                .writeU16(extranonceSize)
                .writeB0_32(extranoncePrefix)
                .writeU32(groupChannelId);
    }

    @Override
    public <T> void accept(MessageVisitor<T> visitor, T target) {
        visitor.visit(this, target);
    }
}
