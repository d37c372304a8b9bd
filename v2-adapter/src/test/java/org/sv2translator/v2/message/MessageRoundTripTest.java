package org.sv2translator.v2.message;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.util.ArrayList;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.sv2translator.v2.wire.Bytes;
import org.sv2translator.v2.wire.U256;

class MessageRoundTripTest {

    @Test
    void everyMessageTypeRoundTripsThroughItsFrame() {
        Set<MessageType> seen = EnumSet.noneOf(MessageType.class);
        for (Sv2Message m : Samples.all()) {
            KnownType known = KnownType.of(m);
            seen.add(known.type());
            Bytes frame = MessageCodec.toFrameBytes(m);
            ByteBuf buf = Unpooled.wrappedBuffer(frame.toByteArray());
            assertEquals(m, MessageCodec.decodeFrame(buf), known.type().specName());
            assertEquals(0, buf.readableBytes());
            assertEquals(m.extension(), frame.get(0) & 0xFF | (frame.get(1) & 0x7F) << 8);
            assertEquals(m.channelMsg(), (frame.get(1) & 0x80) != 0);
            assertEquals(m.msgType(), frame.get(2) & 0xFF);
            int msgLength = frame.get(3) & 0xFF | (frame.get(4) & 0xFF) << 8 | (frame.get(5) & 0xFF) << 16;
            assertEquals(frame.size() - 6, msgLength);
            assertEquals(m.channelMsg(), m instanceof ChannelMessage,
                    known.type().specName() + ": ChannelMessage exactly when channel_msg is set");
        }
        assertEquals(EnumSet.allOf(MessageType.class), seen, "a sample of every message type");
    }

    /** Adapts the four known families to one accessor. */
    private record KnownType(MessageType type) {
        static KnownType of(Sv2Message m) {
            if (m instanceof CommonMessage c) {
                return new KnownType(c.type());
            }
            if (m instanceof MiningMessage x) {
                return new KnownType(x.type());
            }
            if (m instanceof TemplateDistributionMessage t) {
                return new KnownType(t.type());
            }
            return new KnownType(assertInstanceOf(ExtensionNegotiationMessage.class, m).type());
        }
    }

    /**
     * Byte layouts written out by hand from spec 5.3.3, 5.3.18-20 for the messages frames.json does not cover, so
     * their field order is checked against the spec and not only against our own decoder.
     */
    @Test
    void handWrittenLayoutsOfMessagesWithoutVectors() {
        assertEquals("0000112f0000" + "07000000" + "09000000" + "11".repeat(32) + "02aabb" + "04030201",
                MessageCodec.toFrameBytes(new OpenStandardMiningChannelSuccess(7, 9, U256.fromHex("11".repeat(32)),
                        Bytes.fromHex("aabb"), 0x01020304)).hex());
        assertEquals("0080230c0000" + "01000000" + "02000000" + "03000000",
                MessageCodec.toFrameBytes(new SetCustomMiningJobSuccess(1, 2, 3)).hex());
        assertEquals("008024100000" + "01000000" + "02000000" + "07" + "6261642d6a6f62",
                MessageCodec.toFrameBytes(new SetCustomMiningJobError(1, 2, "bad-job")).hex());
        String setCustomMiningJob = "0080226d0000" + "01000000" + "02000000" + "02cafe" + "00000020"
                + "22".repeat(32) + "00000065" + "0ca30317" + "02000000" + "0403a08601" + "ffffffff" + "020001ab"
                + "00000000" + "01" + "33".repeat(32);
        SetCustomMiningJob job = new SetCustomMiningJob(1, 2, Bytes.fromHex("cafe"), 0x20000000,
                U256.fromHex("22".repeat(32)), 0x65000000, 0x1703a30c, 2, Bytes.fromHex("03a08601"), 0xFFFFFFFF,
                Bytes.fromHex("01ab"), 0, List.of(U256.fromHex("33".repeat(32))));
        assertEquals(setCustomMiningJob, MessageCodec.toFrameBytes(job).hex());
        assertEquals(job, MessageCodec.decodeFrame(Vectors.buf(setCustomMiningJob)));
    }

    /**
     * The Template Distribution messages (spec 7.1-7.7) written out by hand from the spec's field tables: vectors/sv2
     * has no frames of them, so this is what ties their field order and types to the spec. Header: extension 0, no
     * channel_msg bit (spec 7: the protocol has no channels), msg_type 0x70-0x76 (chapter 08).
     */
    @Test
    void handWrittenLayoutsOfTheTemplateDistributionMessages() {
        assertLayout("000070060000" + "04030201" + "0605", new CoinbaseOutputConstraints(0x01020304, 0x0506));
        // A template at height 100000 whose one output is a witness commitment (value 0, 38-byte OP_RETURN script).
        String commitment = "0000000000000000" + "26" + "6a24aa21a9ed" + "11".repeat(32);
        assertLayout("0000717c0000" + "0100000000000000" + "01" + "00000020" + "02000000" + "0403a08601" + "ffffffff"
                        + "205fa01200000000" + "01000000" + "2f00" + commitment + "00000000" + "01" + "22".repeat(32),
                new NewTemplate(1, true, 0x20000000, 2, Bytes.fromHex("03a08601"), 0xFFFFFFFF, 312_500_000L, 1,
                        Bytes.fromHex(commitment), 0, List.of(U256.fromHex("22".repeat(32)))));
        assertLayout("000072500000" + "0100000000000000" + "33".repeat(32) + "00000065" + "0ca30317" + "44".repeat(32),
                new TemplateDistributionSetNewPrevHash(1, U256.fromHex("33".repeat(32)), 0x65000000, 0x1703a30c,
                        U256.fromHex("44".repeat(32))));
        assertLayout("000073080000" + "0807060504030201", new RequestTransactionData(0x0102030405060708L));
        // transaction_list is SEQ0_64K (U16 count) of B0_16M (U24 length each).
        assertLayout("000074170000" + "0500000000000000" + "0200aabb" + "0200" + "010000cc" + "020000ddee",
                new RequestTransactionDataSuccess(5, Bytes.fromHex("aabb"),
                        List.of(Bytes.fromHex("cc"), Bytes.fromHex("ddee"))));
        assertLayout("0000751a0000" + "0500000000000000" + "11" + "7374616c652d74656d706c6174652d6964",
                new RequestTransactionDataError(5, RequestTransactionDataError.STALE_TEMPLATE_ID));
        assertLayout("000076180000" + "0500000000000000" + "00000020" + "00000065" + "efbeadde" + "02000102",
                new SubmitSolution(5, 0x20000000, 0x65000000, 0xdeadbeef, Bytes.fromHex("0102")));
    }

    private static void assertLayout(String frameHex, Sv2Message m) {
        assertEquals(frameHex, MessageCodec.toFrameBytes(m).hex(), m.getClass().getSimpleName());
        assertEquals(m, MessageCodec.decodeFrame(Vectors.buf(frameHex)), m.getClass().getSimpleName());
    }

    /** The Template Distribution protocol's SetNewPrevHash is a type of its own, not the Mining one (0x20). */
    @Test
    void theTwoSetNewPrevHashMessagesDecodeToTheirOwnRecords() {
        Sv2Message tdp = MessageCodec.decodeFrame(Vectors.buf("000072500000" + "00".repeat(80)));
        assertInstanceOf(TemplateDistributionSetNewPrevHash.class, tdp);
        assertEquals("SetNewPrevHash", ((TemplateDistributionMessage) tdp).type().specName());
        Sv2Message mining = MessageCodec.decodeFrame(Vectors.buf("008020300000" + "00".repeat(48)));
        assertInstanceOf(SetNewPrevHash.class, mining);
    }

    /** MessageType agrees with the table of spec chapter 08 (read from the spec itself when it is present). */
    @Test
    void messageTypeTableMatchesChapter08() throws IOException {
        Path table = Path.of(System.getProperty("spec.dir", "../shared/sv2-spec")).resolve("08-Message-Types.md");
        assumeTrue(Files.isRegularFile(table), "../shared/sv2-spec not found: skipping the chapter 08 table check");
        // A name may have several rows: "SetNewPrevHash" is 0x20 (Mining) and 0x72 (Template Distribution).
        Map<String, List<List<Integer>>> spec = new HashMap<>();
        Matcher row = Pattern.compile("\\|\\s*0x([0-9a-fA-F]{2})\\s*\\|\\s*([01])\\s*\\|\\s*([A-Za-z.]+)\\s*\\|")
                .matcher(Files.readString(table));
        while (row.find()) {
            int msgType = Integer.parseInt(row.group(1), 16);
            spec.computeIfAbsent(row.group(3), k -> new ArrayList<>())
                    .add(List.of(msgType, row.group(2).equals("1") ? 1 : 0));
        }
        for (MessageType t : MessageType.values()) {
            if (t.extension() != 0) {
                continue;
            }
            List<List<Integer>> rows = spec.get(t.specName());
            assertTrue(rows != null, t.specName() + " is in chapter 08");
            assertTrue(rows.contains(List.of(t.msgType(), t.channelMsg() ? 1 : 0)),
                    t.specName() + " msg_type 0x" + Integer.toHexString(t.msgType()) + " channel_msg " + t.channelMsg()
                            + " is a row of chapter 08: " + rows);
        }
        assertEquals(List.of(List.of(0x20, 1), List.of(0x72, 0)), spec.get("SetNewPrevHash"));
        assertEquals(0x1e, spec.get("Reserved").get(0).get(0), "the reserved type stays unknown");
    }

    @Test
    void recordsRefuseValuesTheirWireTypesCannotHold() {
        assertThrows(IllegalArgumentException.class, () -> new SetupConnection(256, 2, 2, 0, "", 0, "", "", "", ""));
        assertThrows(IllegalArgumentException.class, () -> new Reconnect("h", 65536));
        assertThrows(IllegalArgumentException.class, () -> new CloseChannel(1, "x".repeat(256)));
        assertThrows(IllegalArgumentException.class, () -> new SetExtranoncePrefix(1, Samples.bytes(33, 0)));
        assertThrows(IllegalArgumentException.class, () -> new SubmitSharesExtended(1, 1, 1, 1, 1, 1,
                Samples.bytes(33, 0)));
        assertThrows(IllegalArgumentException.class, () -> new NewExtendedMiningJob(1, 1, OptionalInt.empty(), 1,
                false, Samples.merklePath(256), Bytes.EMPTY, Bytes.EMPTY));
        assertThrows(IllegalArgumentException.class, () -> new NewExtendedMiningJob(1, 1, OptionalInt.empty(), 1,
                false, List.of(), Samples.bytes(0x10000, 0), Bytes.EMPTY));
        assertThrows(IllegalArgumentException.class, () -> new RequestExtensions(1, List.of(0x10000)));
        assertThrows(IllegalArgumentException.class, () -> Tlv.userIdentity("w".repeat(33)));
        assertThrows(NullPointerException.class, () -> new SetTarget(1, null));
        assertThrows(IllegalArgumentException.class, () -> new CoinbaseOutputConstraints(0, 0x10000));
        assertThrows(IllegalArgumentException.class, () -> new NewTemplate(1, false, 1, 2, Samples.bytes(256, 0), 0,
                0, 0, Bytes.EMPTY, 0, List.of()));
        assertThrows(IllegalArgumentException.class, () -> new NewTemplate(1, false, 1, 2, Bytes.EMPTY, 0, 0, 0,
                Samples.bytes(0x10000, 0), 0, List.of()));
        assertThrows(IllegalArgumentException.class, () -> new SubmitSolution(1, 1, 1, 1, Samples.bytes(0x10000, 0)));
        assertThrows(IllegalArgumentException.class, () -> new RequestTransactionDataSuccess(1, Bytes.EMPTY,
                java.util.Collections.nCopies(0x10000, Bytes.EMPTY)));
        assertThrows(NullPointerException.class, () -> new TemplateDistributionSetNewPrevHash(1, U256.ZERO, 0, 0,
                null));
    }

    @Test
    void listsAreCopiedSoRecordsStayImmutable() {
        List<U256> path = new java.util.ArrayList<>(Samples.merklePath(2));
        NewExtendedMiningJob job = new NewExtendedMiningJob(1, 1, OptionalInt.empty(), 1, false, path,
                Bytes.EMPTY, Bytes.EMPTY);
        path.clear();
        assertEquals(2, job.merklePath().size());
        assertThrows(UnsupportedOperationException.class, () -> job.merklePath().clear());
    }

    @Test
    void unknownMessagesArePassedOnUnparsedAndReEncodeIdentically() {
        // The reserved mining type 0x1e, an experimental extension channel message, and a Job Declaration message.
        for (String frame : List.of("00801e0300000a0b0c", "00c0c0050000070000002a", "000050050000aabbccddee")) {
            Sv2Message m = MessageCodec.decodeFrame(Vectors.buf(frame));
            UnknownMessage unknown = assertInstanceOf(UnknownMessage.class, m);
            assertEquals(frame, MessageCodec.toFrameBytes(unknown).hex());
        }
        UnknownMessage ext = (UnknownMessage) MessageCodec.decodeFrame(Vectors.buf("00c0c0050000070000002a"));
        assertEquals(0x4000, ext.extension());
        assertTrue(ext.channelMsg());
        assertEquals(0xc0, ext.msgType());
        assertEquals(OptionalInt.of(7), ext.channelId());
        UnknownMessage jd = (UnknownMessage) MessageCodec.decodeFrame(Vectors.buf("000050050000aabbccddee"));
        assertEquals(OptionalInt.empty(), jd.channelId());
        assertEquals(Bytes.fromHex("aabbccddee"), jd.payload());
    }

    @Test
    void channelMsgBitIsIgnoredForLookupOnDecodeButAlwaysSetOnEncode() {
        // SetTarget sent without the channel_msg bit: still a SetTarget, re-encoded with the bit chapter 08 gives.
        String withoutBit = "00002124000001000000" + "00".repeat(32);
        Sv2Message m = MessageCodec.decodeFrame(Vectors.buf(withoutBit));
        assertEquals(new SetTarget(1, U256.ZERO), m);
        assertEquals("00802124000001000000" + "00".repeat(32), MessageCodec.toFrameBytes(m).hex());
    }

    @Test
    void tlvsAreKeptInOrderAndTheUserIdentityIsFound() {
        SubmitSharesExtended share = (SubmitSharesExtended) Samples.all().stream()
                .filter(SubmitSharesExtended.class::isInstance).findFirst().orElseThrow();
        SubmitSharesExtended back = (SubmitSharesExtended) MessageCodec.decodeFrame(
                Unpooled.wrappedBuffer(MessageCodec.toFrameBytes(share).toByteArray()));
        assertEquals(3, back.tlvs().size());
        assertEquals("worker-\u00e9\u00e9", back.userIdentity().orElseThrow());
        assertEquals(new Tlv(0x4001, 0xFF, Samples.bytes(3, 4)), back.tlvs().get(1));
        assertTrue(new SubmitSharesExtended(1, 1, 1, 1, 1, 1, Bytes.EMPTY).userIdentity().isEmpty());
    }
}
