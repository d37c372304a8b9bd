package org.sv2translator.v2.message;

import org.sv2translator.v2.wire.WireReader;
import org.sv2translator.v2.wire.WireWriter;

/**
 * SetupConnection (spec 3.6.1). Client to server, the first message on a connection: protocol, version range,
 * feature flags and device information.
 *
 * <p>The meaning of {@code flags} depends on {@code protocol}; the constants and {@code requires...} methods here are
 * the Mining protocol's (spec 5.3.1). {@link SetupConnectionError#flags()} reuses these bits to name the features the
 * server refused. The server's answer has flags of its own, on {@link SetupConnectionSuccess}.
 */
public record SetupConnection(int protocol,
                              int minVersion,
                              int maxVersion,
                              int flags,
                              String endpointHost,
                              int endpointPort,
                              String vendor,
                              String hardwareVersion,
                              String firmware,
                              String deviceId) implements CommonMessage {

    /** {@code protocol}: the Mining protocol (spec 3.6.1). */
    public static final int PROTOCOL_MINING = 0;
    /** {@code protocol}: the Job Declaration protocol (spec 3.6.1). */
    public static final int PROTOCOL_JOB_DECLARATION = 1;
    /** {@code protocol}: the Template Distribution protocol (spec 3.6.1). */
    public static final int PROTOCOL_TEMPLATE_DISTRIBUTION = 2;

    /** Mining flag, bit 0: the client cannot process extended jobs, only standard ones. */
    public static final int REQUIRES_STANDARD_JOBS = 1;
    /** Mining flag, bit 1: the client will send SetCustomMiningJob on this connection. */
    public static final int REQUIRES_WORK_SELECTION = 1 << 1;
    /** Mining flag, bit 2: the server must not send jobs that do not allow version rolling. */
    public static final int REQUIRES_VERSION_ROLLING = 1 << 2;

    public SetupConnection {
        Fields.u8("protocol", protocol);
        Fields.u16("minVersion", minVersion);
        Fields.u16("maxVersion", maxVersion);
        Fields.str0_255("endpointHost", endpointHost);
        Fields.u16("endpointPort", endpointPort);
        Fields.str0_255("vendor", vendor);
        Fields.str0_255("hardwareVersion", hardwareVersion);
        Fields.str0_255("firmware", firmware);
        Fields.str0_255("deviceId", deviceId);
    }

    /** Whether this sets up the Mining protocol, the one whose flags the methods below read. */
    public boolean isMining() {
        return protocol == PROTOCOL_MINING;
    }

    /** Mining protocol with {@link #REQUIRES_STANDARD_JOBS}; false for other protocols, whose bits differ. */
    public boolean requiresStandardJobs() {
        return miningFlag(REQUIRES_STANDARD_JOBS);
    }

    /** Mining protocol with {@link #REQUIRES_WORK_SELECTION}; false for other protocols. */
    public boolean requiresWorkSelection() {
        return miningFlag(REQUIRES_WORK_SELECTION);
    }

    /** Mining protocol with {@link #REQUIRES_VERSION_ROLLING}; false for other protocols. */
    public boolean requiresVersionRolling() {
        return miningFlag(REQUIRES_VERSION_ROLLING);
    }

    private boolean miningFlag(int flag) {
        return isMining() && (flags & flag) != 0;
    }

    static SetupConnection read(WireReader r) {
        return new SetupConnection(
                r.readU8(),
                r.readU16(),
                r.readU16(),
                r.readU32(),
                r.readStr0_255(),
                r.readU16(),
                r.readStr0_255(),
                r.readStr0_255(),
                r.readStr0_255(),
                r.readStr0_255());
    }

    @Override
    public MessageType type() {
        return MessageType.SETUP_CONNECTION;
    }

    @Override
    public void writePayload(WireWriter w) {
        w.writeU8(protocol)
                .writeU16(minVersion)
                .writeU16(maxVersion)
                .writeU32(flags)
                .writeStr0_255(endpointHost)
                .writeU16(endpointPort)
                .writeStr0_255(vendor)
                .writeStr0_255(hardwareVersion)
                .writeStr0_255(firmware)
                .writeStr0_255(deviceId);
    }

    @Override
    public <T> void accept(MessageVisitor<T> visitor, T target) {
        visitor.visit(this, target);
    }
}
