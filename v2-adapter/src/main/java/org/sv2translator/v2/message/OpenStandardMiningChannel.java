package org.sv2translator.v2.message;

import java.util.Objects;
import org.sv2translator.v2.wire.U256;
import org.sv2translator.v2.wire.WireReader;
import org.sv2translator.v2.wire.WireWriter;

/**
 * OpenStandardMiningChannel (spec 5.3.2). Client to server: opens a standard channel for {@code userIdentity}.
 */
public record OpenStandardMiningChannel(int requestId,
                                        String userIdentity,
                                        float nominalHashRate,
                                        U256 maxTarget) implements MiningMessage {

    public OpenStandardMiningChannel {
        Fields.str0_255("userIdentity", userIdentity);
        Objects.requireNonNull(maxTarget, "maxTarget");
    }

    static OpenStandardMiningChannel read(WireReader r) {
        return new OpenStandardMiningChannel(
                r.readU32(),
                r.readStr0_255(),
                r.readF32(),
                r.readU256());
    }

    @Override
    public MessageType type() {
        return MessageType.OPEN_STANDARD_MINING_CHANNEL;
    }

    @Override
    public void writePayload(WireWriter w) {
        w.writeU32(requestId)
                .writeStr0_255(userIdentity)
                .writeF32(nominalHashRate)
                .writeU256(maxTarget);
    }

    @Override
    public <T> void accept(MessageVisitor<T> visitor, T target) {
        visitor.visit(this, target);
    }
}
