package org.sv2translator.v2.message;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.sv2translator.v2.wire.Bytes;
import org.sv2translator.v2.wire.FrameHeader;
import org.sv2translator.v2.wire.Sv2DecodeException;
import org.sv2translator.v2.wire.Sv2DecodeException.Reason;
import org.sv2translator.v2.wire.Sv2FrameDecoder;

/** Bad frames yield Sv2DecodeException, with the right reason, and nothing else. */
class MalformedFramesTest {
    private static final Map<String, Reason> VECTOR_REASONS = Map.of(
            "header shorter than 6 bytes", Reason.TRUNCATED,
            "msg_length larger than the bytes that follow", Reason.TRUNCATED,
            "STR0_255 claims 255 bytes in a 10-byte payload (CloseChannel)", Reason.TRUNCATED,
            "B0_32 longer than 32 (SetExtranoncePrefix)", Reason.LENGTH_LIMIT,
            "SEQ0_64K count larger than the bytes left (SetGroupChannel)", Reason.TRUNCATED,
            "trailing byte after SetTarget on a connection with no extension negotiated", Reason.TRAILING_BYTES,
            "OPTION with a presence byte of 2 (NewMiningJob)", Reason.INVALID_VALUE);

    private static Sv2DecodeException rejects(String frameHex) {
        return assertThrows(Sv2DecodeException.class, () -> MessageCodec.decodeFrame(Vectors.buf(frameHex)));
    }

    @TestFactory
    Stream<DynamicTest> everyMalformedVectorIsRejectedByTheCodecAndByThePipeline() {
        JsonNode malformed = Vectors.load("sv2/frames.json").get("malformed");
        List<DynamicTest> tests = new ArrayList<>();
        malformed.forEach(entry -> tests.add(DynamicTest.dynamicTest(entry.get("case").asText(), () -> {
            String hex = entry.get("frame_hex").asText();
            Sv2DecodeException e = rejects(hex);
            Reason expected = VECTOR_REASONS.get(entry.get("case").asText());
            if (expected != null) {
                assertEquals(expected, e.reason(), e.getMessage());
            }
            EmbeddedChannel ch = new EmbeddedChannel(new Sv2FrameDecoder(), new Sv2MessageCodec());
            // Either the frame decodes and the message codec rejects it, or the stream ends inside a frame.
            assertThrows(Sv2DecodeException.class, () -> {
                ch.writeInbound(Vectors.buf(hex));
                ch.finish();
            });
            assertNull(ch.readInbound());
            ch.finishAndReleaseAll();
        })));
        assertTrue(tests.size() >= 7);
        return tests.stream();
    }

    /** Every strict prefix of every valid vector frame is truncated; every frame grown by one byte is refused. */
    @Test
    void truncatedAndOverlongVersionsOfEveryVectorFrame() {
        JsonNode frames = Vectors.load("sv2/frames.json").get("frames");
        int checked = 0;
        for (JsonNode entry : frames) {
            byte[] frame = HexFormat.of().parseHex(entry.get("frame_hex").asText());
            for (int length = 0; length < frame.length; length++) {
                ByteBuf prefix = Unpooled.wrappedBuffer(frame, 0, length);
                Sv2DecodeException e = assertThrows(Sv2DecodeException.class, () -> MessageCodec.decodeFrame(prefix));
                assertEquals(Reason.TRUNCATED, e.reason());
                checked++;
            }
            // One extra payload byte with msg_length adjusted: trailing garbage, or a truncated TLV header for
            // SubmitSharesExtended, whose tail is parsed as TLVs.
            byte[] longer = java.util.Arrays.copyOf(frame, frame.length + 1);
            int payloadLength = frame.length - FrameHeader.SIZE + 1;
            longer[3] = (byte) payloadLength;
            longer[4] = (byte) (payloadLength >> 8);
            longer[5] = (byte) (payloadLength >> 16);
            Sv2DecodeException e = assertThrows(Sv2DecodeException.class,
                    () -> MessageCodec.decodeFrame(Unpooled.wrappedBuffer(longer)), entry.get("message").asText());
            assertEquals(entry.get("msg_type").asInt() == 0x1b ? Reason.TRUNCATED : Reason.TRAILING_BYTES, e.reason());
        }
        assertTrue(checked > 1000);
    }

    @Test
    void lengthsBeyondTheFrame() {
        // SubmitSharesExtended whose B0_32 extranonce claims 32 bytes with 8 present.
        assertEquals(Reason.TRUNCATED,
                rejects("00801b210000010000000b00000005000000efbeadde00f153650000a020200001000000000000").reason());
        // NewExtendedMiningJob whose merkle path claims 255 U256 entries with 3 bytes left.
        assertEquals(Reason.TRUNCATED, rejects("00801f120000" + "01000000" + "05000000" + "00" + "00000020" + "01"
                + "ff" + "000000").reason());
        // A STR0_255 claiming 255 bytes in a 10-byte frame (Reconnect: new_host then new_port).
        assertEquals(Reason.TRUNCATED, rejects("0000040a0000ff616263646566676869").reason());
        // SEQ0_64K of U16 claiming 65535 extensions with two bytes left (RequestExtensions).
        assertEquals(Reason.TRUNCATED, rejects("0100000600000100ffff0200").reason());
        // The header says 5 payload bytes, 6 follow: the frame holds more than one message.
        assertEquals(Reason.TRAILING_BYTES, rejects("000004050000" + "00cd85" + "000000").reason());
    }

    @Test
    void badTlvs() {
        String share = "00801b%s0000010000000c000000050000000100000000f1536500000020080001000000000000";
        // A user_identity TLV of 33 bytes (extension 0x0002 allows 32).
        String longName = "020001" + "2100" + "61".repeat(33);
        assertEquals(Reason.LENGTH_LIMIT, rejects(frame(share, longName)).reason());
        // A user_identity that is not UTF-8.
        assertEquals(Reason.INVALID_VALUE, rejects(frame(share, "020001" + "0200" + "c328")).reason());
        // A TLV whose length runs past the payload, and one cut inside its type/length header.
        assertEquals(Reason.TRUNCATED, rejects(frame(share, "034001" + "0500" + "0102")).reason());
        assertEquals(Reason.TRUNCATED, rejects(frame(share, "0340010500")).reason());
        assertEquals(Reason.TRUNCATED, rejects(frame(share, "034001")).reason());
        // An unknown TLV is kept, not an error.
        SubmitSharesExtended ok = (SubmitSharesExtended) MessageCodec.decodeFrame(
                Vectors.buf(frame(share, "034007" + "0300" + "0a0b0c")));
        assertEquals(List.of(new Tlv(0x4003, 7, Bytes.fromHex("0a0b0c"))), ok.tlvs());
    }

    private static String frame(String template, String tlvHex) {
        int payload = 33 + tlvHex.length() / 2;
        return String.format(template, String.format("%02x", payload)) + tlvHex;
    }

    /** Whatever bytes a known message type carries, decoding either succeeds or throws the typed error. */
    @Property(tries = 3000)
    void arbitraryPayloadsOnlyEverFailWithTheTypedError(@ForAll("knownTypes") MessageType type,
                                                        @ForAll @Size(max = 120) byte[] payload) {
        FrameHeader header = FrameHeader.of(type.extension(), type.channelMsg(), type.msgType(), payload.length);
        try {
            Sv2Message m = MessageCodec.decode(header, Unpooled.wrappedBuffer(payload));
            // What decodes must re-encode and decode to the same record (BOOL padding bits may differ).
            byte[] again = MessageCodec.toFrameBytes(m).toByteArray();
            assertEquals(m, MessageCodec.decodeFrame(Unpooled.wrappedBuffer(again)));
        } catch (Sv2DecodeException expected) {
            // the one permitted failure
        }
    }

    @Provide
    Arbitrary<MessageType> knownTypes() {
        return Arbitraries.of(MessageType.class);
    }
}
