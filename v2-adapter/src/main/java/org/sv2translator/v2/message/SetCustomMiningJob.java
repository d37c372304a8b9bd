package org.sv2translator.v2.message;

import java.util.List;
import java.util.Objects;
import org.sv2translator.v2.wire.Bytes;
import org.sv2translator.v2.wire.U256;
import org.sv2translator.v2.wire.WireReader;
import org.sv2translator.v2.wire.WireWriter;

/**
 * SetCustomMiningJob (spec 5.3.18). Client to server: a job the client declared with a Job Declarator.
 */
public record SetCustomMiningJob(int channelId,
                                 int requestId,
                                 Bytes miningJobToken,
                                 int version,
                                 U256 prevHash,
                                 int minNtime,
                                 int nbits,
                                 int coinbaseTxVersion,
                                 Bytes coinbasePrefix,
                                 int coinbaseTxInputNSequence,
                                 Bytes coinbaseTxOutputs,
                                 int coinbaseTxLocktime,
                                 List<U256> merklePath) implements MiningMessage, ChannelMessage {

    public SetCustomMiningJob {
        Fields.bytes("miningJobToken", miningJobToken, 255);
        Objects.requireNonNull(prevHash, "prevHash");
        Fields.bytes("coinbasePrefix", coinbasePrefix, 255);
        Fields.bytes("coinbaseTxOutputs", coinbaseTxOutputs, 0xFFFF);
        merklePath = Fields.seq("merklePath", merklePath, 255);
    }

    static SetCustomMiningJob read(WireReader r) {
        return new SetCustomMiningJob(
                r.readU32(),
                r.readU32(),
                r.readB0_255(),
                r.readU32(),
                r.readU256(),
                r.readU32(),
                r.readU32(),
                r.readU32(),
                r.readB0_255(),
                r.readU32(),
                r.readB0_64K(),
                r.readU32(),
                r.readSeq0_255(U256.SIZE, WireReader::readU256));
    }

    @Override
    public MessageType type() {
        return MessageType.SET_CUSTOM_MINING_JOB;
    }

    @Override
    public void writePayload(WireWriter w) {
        w.writeU32(channelId)
                .writeU32(requestId)
                .writeB0_255(miningJobToken)
                .writeU32(version)
                .writeU256(prevHash)
                .writeU32(minNtime)
                .writeU32(nbits)
                .writeU32(coinbaseTxVersion)
                .writeB0_255(coinbasePrefix)
                .writeU32(coinbaseTxInputNSequence)
                .writeB0_64K(coinbaseTxOutputs)
                .writeU32(coinbaseTxLocktime)
                .writeSeq0_255(merklePath, WireWriter::writeU256);
    }

    @Override
    public <T> void accept(MessageVisitor<T> visitor, T target) {
        visitor.visit(this, target);
    }
}
