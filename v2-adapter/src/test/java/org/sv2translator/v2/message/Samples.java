package org.sv2translator.v2.message;

import java.util.List;
import java.util.OptionalInt;
import org.sv2translator.v2.wire.Bytes;
import org.sv2translator.v2.wire.U256;

/** One instance of every message type with non-trivial values (high bits set, multi-byte UTF-8, full lengths). */
public final class Samples {
    private Samples() {
    }

    static U256 u256(int seed) {
        byte[] b = new byte[32];
        for (int i = 0; i < 32; i++) {
            b[i] = (byte) (seed * 31 + i * 7);
        }
        return U256.fromLittleEndian(b);
    }

    static Bytes bytes(int length, int seed) {
        byte[] b = new byte[length];
        for (int i = 0; i < length; i++) {
            b[i] = (byte) (seed + i * 13);
        }
        return Bytes.of(b);
    }

    static List<U256> merklePath(int levels) {
        return java.util.stream.IntStream.range(0, levels).mapToObj(Samples::u256).toList();
    }

    public static List<Sv2Message> all() {
        return List.of(
                new SetupConnection(0, 2, 2, 0b110, "pool.example.org", 34255, "sv2-translator",
                        "S19 XP \u00e9dition", "1.2.3-\u20ac", "d".repeat(255)),
                new SetupConnectionSuccess(2, 0x80000003),
                new SetupConnectionError(0xFFFFFFFF, "unsupported-feature-flags"),
                new ChannelEndpointChanged(0xDEADBEEF),
                new Reconnect("", 0),
                new OpenStandardMiningChannel(0x7FFFFFFF, "farm.rig\u00f801", 1.25e14f, u256(1)),
                new OpenStandardMiningChannelSuccess(-2, 42, u256(2), bytes(32, 5), 0xCAFEBABE),
                new OpenExtendedMiningChannel(3, "", 0.0f, U256.MAX, 0xFFFF),
                new OpenExtendedMiningChannelSuccess(3, 7, u256(3), 16, bytes(8, 1), 100),
                new OpenMiningChannelError(3, "max-target-out-of-range"),
                new UpdateChannel(7, 3.4e38f, u256(4)),
                new UpdateChannelError(7, "invalid-channel-id"),
                new CloseChannel(7, ""),
                new SetExtranoncePrefix(7, Bytes.EMPTY),
                new SubmitSharesStandard(1, -1, 2, 0x80000001, 1_700_000_001, 0x3FFFE000),
                new SubmitSharesExtended(1, 12, 5, 0xFFFFFFFF, 1_700_000_000, 0x20000000, bytes(12, 9),
                        List.of(Tlv.userIdentity("worker-\u00e9\u00e9"), new Tlv(0x4001, 0xFF, bytes(3, 4)),
                                new Tlv(0x0003, 0, Bytes.EMPTY))),
                new SubmitSharesSuccess(1, 12, 10, 0xFFFFFFFFFFFFFFFFL),
                new SubmitSharesError(1, 13, "difficulty-too-low"),
                new NewMiningJob(3, 6, OptionalInt.of(0xF0000000), 0x20000000, u256(5)),
                new NewExtendedMiningJob(1, 9, OptionalInt.empty(), 0x20000000, true, merklePath(11),
                        bytes(300, 1), bytes(0xFFFF, 2)),
                new SetNewPrevHash(1, 9, u256(6), 1_700_000_123, 0x17034219),
                new SetCustomMiningJob(1, 77, bytes(255, 3), 0x20000004, u256(7), 1_700_000_000, 0x1d00ffff, 2,
                        bytes(8, 4), 0xFFFFFFFE, bytes(1000, 5), 840_000, merklePath(255)),
                new SetCustomMiningJobSuccess(1, 77, 1000),
                new SetCustomMiningJobError(1, 77, "invalid-mining-job-token"),
                new SetTarget(1, u256(8)),
                new SetGroupChannel(100, List.of(1, 2, -1, 0x7FFFFFFF)),
                new CoinbaseOutputConstraints(0xFFFFFFFF, 0xFFFF),
                new NewTemplate(0xFFFFFFFFFFFFFFF0L, true, 0x20000000, 2, bytes(8, 6), 0xFFFFFFFF,
                        0x8000000000000001L, 3, bytes(0xFFFF, 7), 0x80000000, merklePath(255)),
                new TemplateDistributionSetNewPrevHash(-1L, u256(9), 0xF0000000, 0x17034219, u256(10)),
                new RequestTransactionData(0x8000000000000000L),
                new RequestTransactionDataSuccess(42, bytes(0xFFFF, 8),
                        List.of(Bytes.EMPTY, bytes(0x10000, 9), bytes(250, 10))),
                new RequestTransactionDataError(43, "template-id-not-found \u00e9"),
                new SubmitSolution(44, 0x3FFFE004, 0xFFFFFFFF, 0x80000000, bytes(0xFFFF, 11)),
                new RequestExtensions(0xFFFF, List.of(2, 3, 0x4000)),
                new RequestExtensionsSuccess(1, List.of(2)),
                new RequestExtensionsError(1, List.of(3, 0x4000), List.of(5)));
    }
}
