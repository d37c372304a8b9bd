package org.sv2translator.v2.message;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.sv2translator.v2.wire.Bytes;
import org.sv2translator.v2.wire.Sv2DecodeException;
import org.sv2translator.v2.wire.WireReader;
import org.sv2translator.v2.wire.WireWriter;

/**
 * A Type-Length-Value field appended to a message by an extension (spec 3.4.3): type = the extension's U16 id and
 * a U8 field type, then a U16 length and the value.
 *
 * <p>Byte order: the spec's example prints type and length big-endian ({@code 00 02 01 00 0A ...}); the reference
 * implementation (stratum-mining/stratum, parsers-sv2 tlv codec) writes them little-endian like every other SV2
 * integer ({@code 02 00 01 0A 00 ...}). We interoperate with the implementation: little-endian.
 *
 * <p>Fields of extensions we know are checked on decode ({@link #USER_IDENTITY}: at most 32 bytes of UTF-8);
 * any other TLV is kept as it came, never an error, since a receiver must ignore TLVs it did not negotiate.
 */
public record Tlv(int extensionType, int fieldType, Bytes value) {
    /** Extension 0x0002 (worker-specific hashrate tracking), field 0x01: the worker's {@code user_identity}. */
    public static final int WORKER_HASHRATE_TRACKING = 0x0002;
    public static final int USER_IDENTITY = 0x01;
    public static final int MAX_USER_IDENTITY_LENGTH = 32;

    public Tlv {
        Fields.u16("extensionType", extensionType);
        Fields.u8("fieldType", fieldType);
        Fields.bytes("value", value, 0xFFFF);
        if (isUserIdentity(extensionType, fieldType) && value.size() > MAX_USER_IDENTITY_LENGTH) {
            throw new IllegalArgumentException("user_identity TLV of " + value.size() + " bytes, at most 32");
        }
    }

    /** The extension 0x0002 TLV naming the worker a share came from: UTF-8, at most 32 bytes, not padded. */
    public static Tlv userIdentity(String userIdentity) {
        return new Tlv(WORKER_HASHRATE_TRACKING, USER_IDENTITY,
                Bytes.of(userIdentity.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * A worker name made to fit the 32-byte user_identity TLV: unchanged when it fits, else its last 32 bytes of
     * UTF-8, cut at a character boundary. The tail is kept because names are usually {@code account.worker}: the
     * account part is the same for a whole farm and the worker part is what tells workers apart.
     */
    public static String fitUserIdentity(String name) {
        byte[] utf8 = name.getBytes(StandardCharsets.UTF_8);
        if (utf8.length <= MAX_USER_IDENTITY_LENGTH) {
            return name;
        }
        int start = utf8.length - MAX_USER_IDENTITY_LENGTH;
        while (start < utf8.length && (utf8[start] & 0xC0) == 0x80) {
            start++; // a continuation byte: the character began before the cut
        }
        return new String(utf8, start, utf8.length - start, StandardCharsets.UTF_8);
    }

    /** The worker name if this is the 0x0002 user_identity TLV. */
    public Optional<String> asUserIdentity() {
        if (!isUserIdentity(extensionType, fieldType)) {
            return Optional.empty();
        }
        return Optional.of(new String(value.toByteArray(), StandardCharsets.UTF_8));
    }

    private static boolean isUserIdentity(int extensionType, int fieldType) {
        return extensionType == WORKER_HASHRATE_TRACKING && fieldType == USER_IDENTITY;
    }

    /** Reads TLVs until the payload ends. */
    static List<Tlv> readAll(WireReader r) {
        if (r.remaining() == 0) {
            return List.of();
        }
        List<Tlv> tlvs = new ArrayList<>(2);
        while (r.remaining() > 0) {
            int extensionType = r.readU16();
            int fieldType = r.readU8();
            Bytes value = r.readBytes(r.readU16());
            if (isUserIdentity(extensionType, fieldType)) {
                checkUserIdentity(value);
            }
            tlvs.add(new Tlv(extensionType, fieldType, value));
        }
        return Collections.unmodifiableList(tlvs);
    }

    private static void checkUserIdentity(Bytes value) {
        if (value.size() > MAX_USER_IDENTITY_LENGTH) {
            throw new Sv2DecodeException(Sv2DecodeException.Reason.LENGTH_LIMIT,
                    "user_identity TLV of " + value.size() + " bytes, at most 32");
        }
        try {
            // A fresh decoder reports malformed input rather than replacing it.
            StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(value.toByteArray()));
        } catch (CharacterCodingException e) {
            throw new Sv2DecodeException(Sv2DecodeException.Reason.INVALID_VALUE, "user_identity TLV is not UTF-8");
        }
    }

    void write(WireWriter w) {
        w.writeU16(extensionType).writeU8(fieldType).writeU16(value.size()).writeBytes(value);
    }

    static List<Tlv> copyOf(List<Tlv> tlvs) {
        return List.copyOf(Objects.requireNonNull(tlvs, "tlvs"));
    }
}
