package org.sv2translator.v2.message;

import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;
import org.sv2translator.v2.wire.Bytes;
import org.sv2translator.v2.wire.U256;
import org.sv2translator.v2.wire.WireReader;
import org.sv2translator.v2.wire.WireWriter;

/**
 * NewExtendedMiningJob (spec 5.3.16). Server to client: a job for an extended or group channel; an empty {@code
 * minNtime} marks a future job. The coinbase is {@code coinbaseTxPrefix + extranonce_prefix + extranonce +
 * coinbaseTxSuffix}; {@code merklePath} is ordered from the deepest level.
 */
public record NewExtendedMiningJob(int channelId,
                                   int jobId,
                                   OptionalInt minNtime,
                                   int version,
                                   boolean versionRollingAllowed,
                                   List<U256> merklePath,
                                   Bytes coinbaseTxPrefix,
                                   Bytes coinbaseTxSuffix) implements MiningMessage, ChannelMessage {

    public NewExtendedMiningJob {
        Objects.requireNonNull(minNtime, "minNtime");
        merklePath = Fields.seq("merklePath", merklePath, 255);
        Fields.bytes("coinbaseTxPrefix", coinbaseTxPrefix, 0xFFFF);
        Fields.bytes("coinbaseTxSuffix", coinbaseTxSuffix, 0xFFFF);
    }

    static NewExtendedMiningJob read(WireReader r) {
        return new NewExtendedMiningJob(
                r.readU32(),
                r.readU32(),
                r.readOptionU32(),
                r.readU32(),
                r.readBool(),
                r.readSeq0_255(U256.SIZE, WireReader::readU256),
                r.readB0_64K(),
                r.readB0_64K());
    }

    @Override
    public MessageType type() {
        return MessageType.NEW_EXTENDED_MINING_JOB;
    }

    @Override
    public void writePayload(WireWriter w) {
        w.writeU32(channelId)
                .writeU32(jobId)
                .writeOptionU32(minNtime)
                .writeU32(version)
                .writeBool(versionRollingAllowed)
                .writeSeq0_255(merklePath, WireWriter::writeU256)
                .writeB0_64K(coinbaseTxPrefix)
                .writeB0_64K(coinbaseTxSuffix);
    }

    @Override
    public <T> void accept(MessageVisitor<T> visitor, T target) {
        visitor.visit(this, target);
    }
}
