package org.sv2translator.v1;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/** Writes one message as compact JSON plus {@code \n} with Jackson's streaming generator. */
final class LineEncoder {
    private LineEncoder() {
    }

    static void encode(V1Message message, ByteBuf out) {
        try (ByteBufOutputStream stream = new ByteBufOutputStream(out);
             JsonGenerator g = LineDecoder.MAPPER.getFactory().createGenerator((java.io.OutputStream) stream, JsonEncoding.UTF8)) {
            g.writeStartObject();
            if (message instanceof V1Response r) {
                response(g, r);
            } else if (message instanceof V1Notification n) {
                g.writeFieldName("id");
                g.writeNull();
                g.writeStringField("method", n.method());
                g.writeArrayFieldStart("params");
                notificationParams(g, n);
                g.writeEndArray();
            } else {
                V1Request r = (V1Request) message;
                g.writeFieldName("id");
                id(g, r.id());
                g.writeStringField("method", r.method());
                g.writeArrayFieldStart("params");
                requestParams(g, r);
                g.writeEndArray();
            }
            g.writeEndObject();
        } catch (IOException e) {
            // A ByteBuf grows on demand; the only I/O failure left is a bug.
            throw new UncheckedIOException(e);
        }
        out.writeByte('\n');
    }

    private static void id(JsonGenerator g, RequestId id) throws IOException {
        if (id.isNull()) {
            g.writeNull();
        } else if (id.isString()) {
            g.writeString(id.string());
        } else if (id.numberText() != null) {
            g.writeNumber(id.numberText());
        } else {
            g.writeNumber(id.number());
        }
    }

    private static void response(JsonGenerator g, V1Response r) throws IOException {
        g.writeFieldName("id");
        id(g, r.id());
        g.writeFieldName("result");
        V1Response.Result result = r.result();
        if (result == null) {
            g.writeNull();
        } else if (result instanceof V1Response.BooleanResult b) {
            g.writeBoolean(b.value());
        } else if (result instanceof V1Response.SubscribeResult s) {
            g.writeStartArray();
            g.writeStartArray();
            for (List<String> pair : s.subscriptions()) {
                g.writeStartArray();
                for (String v : pair) {
                    g.writeString(v);
                }
                g.writeEndArray();
            }
            g.writeEndArray();
            g.writeString(Hex.of(s.extranonce1()));
            g.writeNumber(s.extranonce2Size());
            g.writeEndArray();
        } else {
            g.writeStartObject();
            for (Map.Entry<String, Object> e : ((V1Response.ConfigureResult) result).fields().entrySet()) {
                g.writeFieldName(e.getKey());
                Object v = e.getValue();
                if (v instanceof Boolean b) {
                    g.writeBoolean(b);
                } else if (v instanceof Number n) {
                    number(g, n.doubleValue());
                } else {
                    g.writeString(String.valueOf(v));
                }
            }
            g.writeEndObject();
        }
        g.writeFieldName("error");
        if (r.error() == null) {
            g.writeNull();
        } else {
            g.writeStartArray();
            g.writeNumber(r.error().code());
            g.writeString(r.error().message());
            g.writeNull();
            g.writeEndArray();
        }
    }

    private static void notificationParams(JsonGenerator g, V1Notification n) throws IOException {
        if (n instanceof V1Notification.Notify m) {
            g.writeString(m.jobId());
            g.writeString(Hex.of(Hex.swapWords(m.prevHash())));
            g.writeString(Hex.of(m.coinbase1()));
            g.writeString(Hex.of(m.coinbase2()));
            g.writeStartArray();
            for (byte[] h : m.merkleBranch()) {
                g.writeString(Hex.of(h));
            }
            g.writeEndArray();
            g.writeString(Hex.u32(m.version()));
            g.writeString(Hex.u32(m.nbits()));
            g.writeString(Hex.u32(m.ntime()));
            g.writeBoolean(m.cleanJobs());
        } else if (n instanceof V1Notification.SetDifficulty d) {
            number(g, d.difficulty());
        } else if (n instanceof V1Notification.SetExtranonce e) {
            g.writeString(Hex.of(e.extranonce1()));
            g.writeNumber(e.extranonce2Size());
        } else if (n instanceof V1Notification.SetVersionMask v) {
            g.writeString(Hex.u32(v.mask()));
        } else if (n instanceof V1Notification.Reconnect r) {
            // "The same server" goes without parameters: cgminer/bfgminer read a missing host and port as the
            // current pool's, but take "" and 0 literally (bfgminer refuses "" as a redirect, cpuminer ignores port 0).
            if (!r.equals(V1Notification.Reconnect.SAME_SERVER)) {
                g.writeString(r.host());
                g.writeNumber(r.port());
                g.writeNumber(r.waitSeconds());
            }
        } else if (n instanceof V1Notification.ShowMessage s) {
            g.writeString(s.message());
        }
        // V1Notification.Unknown carries no params.
    }

    private static void requestParams(JsonGenerator g, V1Request r) throws IOException {
        if (r instanceof V1Request.Submit s) {
            g.writeString(s.workerName());
            g.writeString(s.jobId());
            g.writeString(Hex.of(s.extranonce2()));
            g.writeString(Hex.u32(s.ntime()));
            g.writeString(Hex.u32(s.nonce()));
            if (s.hasVersionBits()) {
                g.writeString(Hex.u32(s.versionBits()));
            }
        } else if (r instanceof V1Request.Subscribe s) {
            if (s.userAgent() != null || s.sessionId() != null) {
                g.writeString(s.userAgent());
            }
            if (s.sessionId() != null) {
                g.writeString(s.sessionId());
            }
        } else if (r instanceof V1Request.Authorize a) {
            g.writeString(a.workerName());
            g.writeString(a.password());
        } else if (r instanceof V1Request.Configure c) {
            g.writeStartArray();
            for (String e : c.extensions()) {
                g.writeString(e);
            }
            g.writeEndArray();
            g.writeStartObject();
            if (c.requests(V1Request.Configure.VERSION_ROLLING)) {
                g.writeStringField("version-rolling.mask", Hex.u32(c.versionRollingMask()));
                g.writeNumberField("version-rolling.min-bit-count", c.versionRollingMinBitCount());
            }
            if (c.requests(V1Request.Configure.MINIMUM_DIFFICULTY) && !Double.isNaN(c.minimumDifficulty())) {
                g.writeFieldName("minimum-difficulty.value");
                number(g, c.minimumDifficulty());
            }
            g.writeEndObject();
        } else if (r instanceof V1Request.SuggestDifficulty d) {
            number(g, d.difficulty());
        } else if (r instanceof V1Request.SuggestTarget t) {
            g.writeString(Hex.of(t.target()));
        }
        // ExtranonceSubscribe and Unknown carry no params.
    }

    /**
     * Integral values as integers ({@code 1024}, as pools print them) and others in plain decimal: some firmware
     * parses numbers by hand and does not understand {@code 1.0E-4}.
     */
    static void number(JsonGenerator g, double value) throws IOException {
        if (value == Math.rint(value) && Math.abs(value) < 0x1p53) {
            g.writeNumber((long) value);
        } else {
            g.writeNumber(BigDecimal.valueOf(value).stripTrailingZeros().toPlainString());
        }
    }
}
