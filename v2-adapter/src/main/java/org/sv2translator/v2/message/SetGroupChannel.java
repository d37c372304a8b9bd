package org.sv2translator.v2.message;

import java.util.List;
import org.sv2translator.v2.wire.WireReader;
import org.sv2translator.v2.wire.WireWriter;

/**
 * SetGroupChannel (spec 5.3.22). Server to client: redefines which channels belong to a group channel (not a
 * channel message: the group id is a field).
 */
public record SetGroupChannel(int groupChannelId,
                              List<Integer> channelIds) implements MiningMessage {

    public SetGroupChannel {
        channelIds = Fields.seq("channelIds", channelIds, 0xFFFF);
    }

    static SetGroupChannel read(WireReader r) {
        return new SetGroupChannel(r.readU32(), r.readSeq0_64K(4, WireReader::readU32));
    }

    @Override
    public MessageType type() {
        return MessageType.SET_GROUP_CHANNEL;
    }

    @Override
    public void writePayload(WireWriter w) {
        w.writeU32(groupChannelId)
                .writeSeq0_64K(channelIds, WireWriter::writeU32);
    }

    @Override
    public <T> void accept(MessageVisitor<T> visitor, T target) {
        visitor.visit(this, target);
    }
}
