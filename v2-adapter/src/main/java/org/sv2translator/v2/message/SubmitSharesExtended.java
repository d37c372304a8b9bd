package org.sv2translator.v2.message;

import java.util.List;
import java.util.Optional;
import org.sv2translator.v2.wire.Bytes;
import org.sv2translator.v2.wire.WireReader;
import org.sv2translator.v2.wire.WireWriter;

/**
 * SubmitSharesExtended (spec 5.3.12). Client to server: a share found on an extended channel, with the extranonce
 * the miner rolled. Extensions may append {@link Tlv} fields (spec 3.4.3), e.g. the worker's user_identity of
 * extension 0x0002; they are kept in {@code tlvs}, in wire order, unknown ones included. This is the only message
 * decoded with a TLV tail: no negotiable extension extends any other, so trailing bytes elsewhere are an error.
 */
public record SubmitSharesExtended(int channelId,
                                   int sequenceNumber,
                                   int jobId,
                                   int nonce,
                                   int ntime,
                                   int version,
                                   Bytes extranonce,
                                   List<Tlv> tlvs) implements MiningMessage, ChannelMessage {

    public SubmitSharesExtended {
        Fields.bytes("extranonce", extranonce, 32);
        tlvs = Tlv.copyOf(tlvs);
    }

    /** A share without TLV fields. */
    public SubmitSharesExtended(int channelId, int sequenceNumber, int jobId, int nonce, int ntime, int version,
                                Bytes extranonce) {
        this(channelId, sequenceNumber, jobId, nonce, ntime, version, extranonce, List.of());
    }

    /** The worker name of an extension 0x0002 user_identity TLV, if the share carries one. */
    public Optional<String> userIdentity() {
        for (Tlv tlv : tlvs) {
            Optional<String> name = tlv.asUserIdentity();
            if (name.isPresent()) {
                return name;
            }
        }
        return Optional.empty();
    }

    static SubmitSharesExtended read(WireReader r) {
        return new SubmitSharesExtended(
                r.readU32(),
                r.readU32(),
                r.readU32(),
                r.readU32(),
                r.readU32(),
                r.readU32(),
                r.readB0_32(),
                Tlv.readAll(r));
    }

    @Override
    public MessageType type() {
        return MessageType.SUBMIT_SHARES_EXTENDED;
    }

    @Override
    public void writePayload(WireWriter w) {
        w.writeU32(channelId)
                .writeU32(sequenceNumber)
                .writeU32(jobId)
                .writeU32(nonce)
                .writeU32(ntime)
                .writeU32(version)
                .writeB0_32(extranonce);
        for (Tlv tlv : tlvs) {
            tlv.write(w);
        }
    }

    @Override
    public <T> void accept(MessageVisitor<T> visitor, T target) {
        visitor.visit(this, target);
    }
}
