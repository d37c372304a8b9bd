package org.sv2translator.v2.message;

import java.util.Objects;
import org.sv2translator.v2.wire.U256;
import org.sv2translator.v2.wire.WireReader;
import org.sv2translator.v2.wire.WireWriter;

/**
 * SetNewPrevHash (spec 5.3.17). Server to client: a new block to build on; job {@code jobId} becomes active.
 */
public record SetNewPrevHash(int channelId,
                             int jobId,
                             U256 prevHash,
                             int minNtime,
                             int nbits) implements MiningMessage, ChannelMessage {

    public SetNewPrevHash {
        Objects.requireNonNull(prevHash, "prevHash");
    }

    static SetNewPrevHash read(WireReader r) {
        return new SetNewPrevHash(
                r.readU32(),
                r.readU32(),
                r.readU256(),
                r.readU32(),
                r.readU32());
    }

    @Override
    public MessageType type() {
        return MessageType.SET_NEW_PREV_HASH;
    }

    @Override
    public void writePayload(WireWriter w) {
        w.writeU32(channelId)
                .writeU32(jobId)
                .writeU256(prevHash)
                .writeU32(minNtime)
                .writeU32(nbits);
    }

    @Override
    public <T> void accept(MessageVisitor<T> visitor, T target) {
        visitor.visit(this, target);
    }
}
