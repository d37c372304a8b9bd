package org.sv2translator.v2.message;

import org.sv2translator.v2.wire.WireReader;
import org.sv2translator.v2.wire.WireWriter;

/**
 * SetupConnection (spec 3.6.1). Client to server, the first message on a connection: protocol, version range,
 * feature flags and device information.
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
}
