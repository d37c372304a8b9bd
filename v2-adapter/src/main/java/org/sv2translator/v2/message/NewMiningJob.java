package org.sv2translator.v2.message;

import java.util.Objects;
import java.util.OptionalInt;
import org.sv2translator.v2.wire.U256;
import org.sv2translator.v2.wire.WireReader;
import org.sv2translator.v2.wire.WireWriter;

/**
 * NewMiningJob (spec 5.3.15). Server to client: a job for a standard channel; an empty {@code minNtime} marks a
 * future job.
 */
public record NewMiningJob(int channelId,
                           int jobId,
                           OptionalInt minNtime,
                           int version,
                           U256 merkleRoot) implements MiningMessage, ChannelMessage {

    public NewMiningJob {
        Objects.requireNonNull(minNtime, "minNtime");
        Objects.requireNonNull(merkleRoot, "merkleRoot");
    }

    static NewMiningJob read(WireReader r) {
        return new NewMiningJob(
                r.readU32(),
                r.readU32(),
                r.readOptionU32(),
                r.readU32(),
                r.readU256());
    }

    @Override
    public MessageType type() {
        return MessageType.NEW_MINING_JOB;
    }

    @Override
    public void writePayload(WireWriter w) {
        w.writeU32(channelId)
                .writeU32(jobId)
                .writeOptionU32(minNtime)
                .writeU32(version)
                .writeU256(merkleRoot);
    }

    @Override
    public <T> void accept(MessageVisitor<T> visitor, T target) {
        visitor.visit(this, target);
    }
}
