package org.sv2translator.v2.message;

import java.util.Objects;
import org.sv2translator.v2.wire.U256;
import org.sv2translator.v2.wire.WireReader;
import org.sv2translator.v2.wire.WireWriter;

/**
 * OpenExtendedMiningChannel (spec 5.3.4). Client to server: opens an extended channel needing at least {@code
 * minExtranonceSize} bytes of extranonce.
 */
public record OpenExtendedMiningChannel(int requestId,
                                        String userIdentity,
                                        float nominalHashRate,
                                        U256 maxTarget,
                                        int minExtranonceSize) implements MiningMessage {

    public OpenExtendedMiningChannel {
        Fields.str0_255("userIdentity", userIdentity);
        Objects.requireNonNull(maxTarget, "maxTarget");
        Fields.u16("minExtranonceSize", minExtranonceSize);
    }

    static OpenExtendedMiningChannel read(WireReader r) {
        return new OpenExtendedMiningChannel(
                r.readU32(),
                r.readStr0_255(),
                r.readF32(),
                r.readU256(),
                r.readU16());
    }

    @Override
    public MessageType type() {
        return MessageType.OPEN_EXTENDED_MINING_CHANNEL;
    }

    @Override
    public void writePayload(WireWriter w) {
        w.writeU32(requestId)
                .writeStr0_255(userIdentity)
                .writeF32(nominalHashRate)
                .writeU256(maxTarget)
                .writeU16(minExtranonceSize);
    }

    @Override
    public <T> void accept(MessageVisitor<T> visitor, T target) {
        visitor.visit(this, target);
    }
}
