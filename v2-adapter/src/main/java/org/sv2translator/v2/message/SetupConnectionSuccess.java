package org.sv2translator.v2.message;

import org.sv2translator.v2.wire.WireReader;
import org.sv2translator.v2.wire.WireWriter;

/**
 * SetupConnection.Success (spec 3.6.2). Server to client: the connection is accepted with {@code usedVersion} and
 * the server's feature flags.
 *
 * <p>These flags are a different set from {@link SetupConnection}'s (bit 0 means another thing here). The message
 * does not repeat the protocol, so the constants and methods are the Mining protocol's (spec 5.3.1), valid on a
 * connection set up with {@link SetupConnection#PROTOCOL_MINING}.
 */
public record SetupConnectionSuccess(int usedVersion,
                                     int flags) implements CommonMessage {

    /** Mining flag, bit 0: the server accepts no change to the version field, so no version rolling. */
    public static final int REQUIRES_FIXED_VERSION = 1;
    /** Mining flag, bit 1: the server will not open standard channels. */
    public static final int REQUIRES_EXTENDED_CHANNELS = 1 << 1;

    public SetupConnectionSuccess {
        Fields.u16("usedVersion", usedVersion);
    }

    /** {@link #REQUIRES_FIXED_VERSION}: jobs on this connection must not be version-rolled. */
    public boolean requiresFixedVersion() {
        return (flags & REQUIRES_FIXED_VERSION) != 0;
    }

    /** {@link #REQUIRES_EXTENDED_CHANNELS}: OpenStandardMiningChannel would be refused. */
    public boolean requiresExtendedChannels() {
        return (flags & REQUIRES_EXTENDED_CHANNELS) != 0;
    }

    static SetupConnectionSuccess read(WireReader r) {
        return new SetupConnectionSuccess(r.readU16(), r.readU32());
    }

    @Override
    public MessageType type() {
        return MessageType.SETUP_CONNECTION_SUCCESS;
    }

    @Override
    public void writePayload(WireWriter w) {
        w.writeU16(usedVersion)
                .writeU32(flags);
    }

    @Override
    public <T> void accept(MessageVisitor<T> visitor, T target) {
        visitor.visit(this, target);
    }
}
