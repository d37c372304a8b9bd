package org.sv2translator.v2.message;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.Unpooled;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.sv2translator.v2.wire.Bytes;

/** The Mining protocol's SetupConnection flags against the bit numbers of spec 5.3.1. */
class SetupConnectionFlagsTest {

    /** Spec 5.3.1, SetupConnection.flags: flag name to bit (bit 0 = least significant bit of the U32). */
    private static final Map<String, Integer> CLIENT_BITS = Map.of(
            "REQUIRES_STANDARD_JOBS", 0,
            "REQUIRES_WORK_SELECTION", 1,
            "REQUIRES_VERSION_ROLLING", 2);
    /** Spec 5.3.1, SetupConnection.Success.flags. */
    private static final Map<String, Integer> SERVER_BITS = Map.of(
            "REQUIRES_FIXED_VERSION", 0,
            "REQUIRES_EXTENDED_CHANNELS", 1);

    private static final Map<String, Predicate<SetupConnection>> CLIENT_METHODS = Map.of(
            "REQUIRES_STANDARD_JOBS", SetupConnection::requiresStandardJobs,
            "REQUIRES_WORK_SELECTION", SetupConnection::requiresWorkSelection,
            "REQUIRES_VERSION_ROLLING", SetupConnection::requiresVersionRolling);
    private static final Map<String, Predicate<SetupConnectionSuccess>> SERVER_METHODS = Map.of(
            "REQUIRES_FIXED_VERSION", SetupConnectionSuccess::requiresFixedVersion,
            "REQUIRES_EXTENDED_CHANNELS", SetupConnectionSuccess::requiresExtendedChannels);

    @Test
    void constantsAreTheSpecBits() {
        assertEquals(0, SetupConnection.PROTOCOL_MINING, "spec 3.6.1: 0 = Mining Protocol");
        assertEquals(1, SetupConnection.PROTOCOL_JOB_DECLARATION);
        assertEquals(2, SetupConnection.PROTOCOL_TEMPLATE_DISTRIBUTION);
        assertEquals(1 << CLIENT_BITS.get("REQUIRES_STANDARD_JOBS"), SetupConnection.REQUIRES_STANDARD_JOBS);
        assertEquals(1 << CLIENT_BITS.get("REQUIRES_WORK_SELECTION"), SetupConnection.REQUIRES_WORK_SELECTION);
        assertEquals(1 << CLIENT_BITS.get("REQUIRES_VERSION_ROLLING"), SetupConnection.REQUIRES_VERSION_ROLLING);
        assertEquals(1 << SERVER_BITS.get("REQUIRES_FIXED_VERSION"), SetupConnectionSuccess.REQUIRES_FIXED_VERSION);
        assertEquals(1 << SERVER_BITS.get("REQUIRES_EXTENDED_CHANNELS"),
                SetupConnectionSuccess.REQUIRES_EXTENDED_CHANNELS);
    }

    /** Each of the 32 bits alone: exactly the flag the spec gives that bit reads true, and no other. */
    @Test
    void eachSetupConnectionFlagReadsItsOwnBitOnly() {
        for (int bit = 0; bit < 32; bit++) {
            SetupConnection m = setup(SetupConnection.PROTOCOL_MINING, 1 << bit);
            for (var flag : CLIENT_METHODS.entrySet()) {
                assertEquals(CLIENT_BITS.get(flag.getKey()) == bit, flag.getValue().test(m),
                        flag.getKey() + ", bit " + bit);
            }
        }
    }

    @Test
    void eachSuccessFlagReadsItsOwnBitOnly() {
        for (int bit = 0; bit < 32; bit++) {
            SetupConnectionSuccess m = new SetupConnectionSuccess(2, 1 << bit);
            for (var flag : SERVER_METHODS.entrySet()) {
                assertEquals(SERVER_BITS.get(flag.getKey()) == bit, flag.getValue().test(m),
                        flag.getKey() + ", bit " + bit);
            }
        }
    }

    @Test
    void allFlagsSetAndNoneSet() {
        SetupConnection all = setup(SetupConnection.PROTOCOL_MINING, -1);
        assertTrue(all.requiresStandardJobs() && all.requiresWorkSelection() && all.requiresVersionRolling());
        SetupConnection none = setup(SetupConnection.PROTOCOL_MINING, 0);
        assertFalse(none.requiresStandardJobs() || none.requiresWorkSelection() || none.requiresVersionRolling());
        SetupConnectionSuccess ok = new SetupConnectionSuccess(2, 0x80000003); // also a bit the spec leaves unused
        assertTrue(ok.requiresFixedVersion() && ok.requiresExtendedChannels());
        SetupConnectionSuccess plain = new SetupConnectionSuccess(2, 0);
        assertFalse(plain.requiresFixedVersion() || plain.requiresExtendedChannels());
    }

    /** Spec 3.6.1: each protocol has its own flags, so the Mining names read nothing on the others. */
    @Test
    void miningFlagsMeanNothingForOtherProtocols() {
        for (int protocol : List.of(SetupConnection.PROTOCOL_JOB_DECLARATION,
                SetupConnection.PROTOCOL_TEMPLATE_DISTRIBUTION)) {
            SetupConnection m = setup(protocol, -1);
            assertFalse(m.isMining());
            assertFalse(m.requiresStandardJobs() || m.requiresWorkSelection() || m.requiresVersionRolling(),
                    "protocol " + protocol);
        }
        assertTrue(setup(SetupConnection.PROTOCOL_MINING, 0).isMining());
    }

    /** From the wire: flags is the U32 after protocol (U8) and the two U16 versions, little-endian (spec 3.6.1). */
    @Test
    void flagsDecodedFromAFrameWrittenByHand() {
        Bytes frame = Bytes.fromHex("000000" + "140000" // extension 0, SetupConnection, 20 bytes
                + "00" + "0200" + "0200" + "04000000" // Mining, versions 2..2, bit 2
                + "00" + "0000" + "0476656e64" + "00" + "00" + "00");
        SetupConnection m = (SetupConnection) MessageCodec.decodeFrame(Unpooled.wrappedBuffer(frame.toByteArray()));
        assertTrue(m.isMining());
        assertTrue(m.requiresVersionRolling());
        assertFalse(m.requiresStandardJobs() || m.requiresWorkSelection());

        SetupConnectionSuccess ok = (SetupConnectionSuccess) MessageCodec.decodeFrame(
                Unpooled.wrappedBuffer(Bytes.fromHex("000001" + "060000" + "0200" + "02000000").toByteArray()));
        assertTrue(ok.requiresExtendedChannels());
        assertFalse(ok.requiresFixedVersion());
    }

    private static SetupConnection setup(int protocol, int flags) {
        return new SetupConnection(protocol, 2, 2, flags, "pool.example.org", 3333, "vendor", "", "", "");
    }
}
