package org.sv2translator.v2.message;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.sv2translator.v2.wire.Bytes;
import org.sv2translator.v2.wire.FrameHeader;
import org.sv2translator.v2.wire.U256;
import org.sv2translator.v2.wire.WireWriter;

/**
 * Known answers from vectors/sv2/frames.json: every frame decodes to the record its fields describe, and that
 * record encodes to the same payload and frame bytes. Every listed field must be used, so a vector field this
 * test forgot to compare fails it.
 */
class FramesVectorTest {

    @TestFactory
    Stream<DynamicTest> everyVectorFrameDecodesToItsFieldsAndReEncodesToTheSameBytes() {
        JsonNode frames = Vectors.load("sv2/frames.json").get("frames");
        List<DynamicTest> tests = new ArrayList<>();
        frames.forEach(entry -> tests.add(DynamicTest.dynamicTest(entry.get("message").asText(), () -> check(entry))));
        assertTrue(tests.size() >= 30, "frames.json lists " + tests.size() + " frames");
        return tests.stream();
    }

    private static void check(JsonNode entry) {
        Sv2Message expected = expected(entry);
        String frameHex = entry.get("frame_hex").asText();
        String payloadHex = entry.get("payload_hex").asText();

        Sv2Message decoded = MessageCodec.decodeFrame(Vectors.buf(frameHex));
        assertEquals(expected, decoded);
        assertEquals(entry.get("extension_type").asInt(), decoded.extension());
        assertEquals(entry.get("channel_msg").asBoolean(), decoded.channelMsg());
        assertEquals(entry.get("msg_type").asInt(), decoded.msgType());

        assertEquals(frameHex, MessageCodec.toFrameBytes(expected).hex());
        ByteBuf payload = Unpooled.buffer();
        expected.writePayload(new WireWriter(payload));
        assertEquals(payloadHex, ByteBufUtil.hexDump(payload));
        FrameHeader header = FrameHeader.read(Vectors.buf(frameHex));
        assertEquals(payloadHex.length() / 2, header.msgLength());
        assertEquals(expected, MessageCodec.decode(header, payload));
    }

    /** The record the vector's field values describe. */
    private static Sv2Message expected(JsonNode entry) {
        String name = entry.get("message").asText().split("[ +]")[0];
        F f = new F(entry.get("fields"));
        Sv2Message m = switch (name) {
            case "SetupConnection" -> new SetupConnection(f.i("protocol"), f.i("min_version"), f.i("max_version"),
                    f.u32("flags"), f.s("endpoint_host"), f.i("endpoint_port"), f.s("vendor"),
                    f.s("hardware_version"), f.s("firmware"), f.s("device_id"));
            case "SetupConnection.Success" -> new SetupConnectionSuccess(f.i("used_version"), f.u32("flags"));
            case "SetupConnection.Error" -> new SetupConnectionError(f.u32("flags"), f.s("error_code"));
            case "ChannelEndpointChanged" -> new ChannelEndpointChanged(f.u32("channel_id"));
            case "Reconnect" -> new Reconnect(f.s("new_host"), f.i("new_port"));
            case "OpenStandardMiningChannel" -> new OpenStandardMiningChannel(f.u32("request_id"),
                    f.s("user_identity"), f.f32("nominal_hash_rate"), f.u256("max_target_hex"));
            case "OpenExtendedMiningChannel" -> new OpenExtendedMiningChannel(f.u32("request_id"),
                    f.s("user_identity"), f.f32("nominal_hash_rate"), f.u256("max_target_hex"),
                    f.i("min_extranonce_size"));
            case "OpenExtendedMiningChannel.Success" -> new OpenExtendedMiningChannelSuccess(f.u32("request_id"),
                    f.u32("channel_id"), f.u256("target_hex"), f.i("extranonce_size"),
                    f.bytes("extranonce_prefix_hex"), f.u32("group_channel_id"));
            case "OpenMiningChannel.Error" -> new OpenMiningChannelError(f.u32("request_id"), f.s("error_code"));
            case "UpdateChannel" -> new UpdateChannel(f.u32("channel_id"), f.f32("nominal_hash_rate"),
                    f.u256("maximum_target_hex"));
            case "UpdateChannel.Error" -> new UpdateChannelError(f.u32("channel_id"), f.s("error_code"));
            case "CloseChannel" -> new CloseChannel(f.u32("channel_id"), f.s("reason_code"));
            case "SetExtranoncePrefix" -> new SetExtranoncePrefix(f.u32("channel_id"),
                    f.bytes("extranonce_prefix_hex"));
            case "SubmitSharesStandard" -> new SubmitSharesStandard(f.u32("channel_id"), f.u32("sequence_number"),
                    f.u32("job_id"), f.u32("nonce"), f.u32("ntime"), f.u32("version"));
            case "SubmitSharesExtended" -> submitSharesExtended(f);
            case "SubmitShares.Success" -> new SubmitSharesSuccess(f.u32("channel_id"),
                    f.u32("last_sequence_number"), f.u32("new_submits_accepted_count"), f.u64("new_shares_sum"));
            case "SubmitShares.Error" -> new SubmitSharesError(f.u32("channel_id"), f.u32("sequence_number"),
                    f.s("error_code"));
            case "NewMiningJob" -> new NewMiningJob(f.u32("channel_id"), f.u32("job_id"), f.optU32("min_ntime"),
                    f.u32("version"), f.u256("merkle_root_hex"));
            case "NewExtendedMiningJob" -> new NewExtendedMiningJob(f.u32("channel_id"), f.u32("job_id"),
                    f.optU32("min_ntime"), f.u32("version"), f.bool("version_rolling_allowed"),
                    f.u256List("merkle_path_hex"), f.bytes("coinbase_tx_prefix_hex"),
                    f.bytes("coinbase_tx_suffix_hex"));
            case "SetNewPrevHash" -> new SetNewPrevHash(f.u32("channel_id"), f.u32("job_id"),
                    f.u256("prev_hash_hex"), f.u32("min_ntime"), f.u32("nbits"));
            case "SetTarget" -> new SetTarget(f.u32("channel_id"), f.u256("maximum_target_hex"));
            case "SetGroupChannel" -> new SetGroupChannel(f.u32("group_channel_id"), f.ints("channel_ids"));
            case "RequestExtensions" -> new RequestExtensions(f.i("request_id"), f.ints("requested_extensions"));
            case "RequestExtensions.Success" -> new RequestExtensionsSuccess(f.i("request_id"),
                    f.ints("supported_extensions"));
            case "RequestExtensions.Error" -> new RequestExtensionsError(f.i("request_id"),
                    f.ints("unsupported_extensions"), f.ints("required_extensions"));
            default -> throw new AssertionError("no mapping for vector message " + name);
        };
        f.assertAllUsed();
        return m;
    }

    private static SubmitSharesExtended submitSharesExtended(F f) {
        SubmitSharesExtended m = new SubmitSharesExtended(f.u32("channel_id"), f.u32("sequence_number"),
                f.u32("job_id"), f.u32("nonce"), f.u32("ntime"), f.u32("version"), f.bytes("extranonce_hex"));
        if (!f.has("tlv_user_identity")) {
            return m;
        }
        Tlv tlv = Tlv.userIdentity(f.s("tlv_user_identity"));
        ByteBuf tlvBytes = Unpooled.buffer();
        tlv.write(new WireWriter(tlvBytes));
        assertEquals(f.s("tlv_hex"), ByteBufUtil.hexDump(tlvBytes), "TLV type and length little-endian");
        SubmitSharesExtended withTlv = new SubmitSharesExtended(m.channelId(), m.sequenceNumber(), m.jobId(),
                m.nonce(), m.ntime(), m.version(), m.extranonce(), List.of(tlv));
        assertEquals(f.s("tlv_user_identity"), withTlv.userIdentity().orElseThrow());
        return withTlv;
    }

    /** Field access that records which vector fields were read. */
    private static final class F {
        private final JsonNode fields;
        private final Set<String> used = new HashSet<>();

        F(JsonNode fields) {
            this.fields = fields;
        }

        JsonNode get(String key) {
            JsonNode node = fields.get(key);
            if (node == null) {
                throw new AssertionError("vector lacks field " + key);
            }
            used.add(key);
            return node;
        }

        boolean has(String key) {
            return fields.has(key);
        }

        int i(String key) {
            return get(key).asInt();
        }

        int u32(String key) {
            return (int) get(key).asLong();
        }

        long u64(String key) {
            return get(key).asLong();
        }

        float f32(String key) {
            return (float) get(key).asDouble();
        }

        boolean bool(String key) {
            return get(key).asBoolean();
        }

        String s(String key) {
            return get(key).asText();
        }

        Bytes bytes(String key) {
            return Bytes.fromHex(s(key));
        }

        U256 u256(String key) {
            return U256.fromHex(s(key));
        }

        OptionalInt optU32(String key) {
            JsonNode node = get(key);
            return node.isNull() ? OptionalInt.empty() : OptionalInt.of((int) node.asLong());
        }

        List<U256> u256List(String key) {
            List<U256> list = new ArrayList<>();
            get(key).forEach(n -> list.add(U256.fromHex(n.asText())));
            return list;
        }

        List<Integer> ints(String key) {
            List<Integer> list = new ArrayList<>();
            get(key).forEach(n -> list.add((int) n.asLong()));
            return list;
        }

        void assertAllUsed() {
            for (Iterator<String> it = fields.fieldNames(); it.hasNext(); ) {
                String key = it.next();
                assertTrue(used.contains(key) || key.equals("crosschecked"), "vector field " + key + " not compared");
            }
        }
    }
}
