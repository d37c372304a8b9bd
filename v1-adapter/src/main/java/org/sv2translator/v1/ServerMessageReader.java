package org.sv2translator.v1;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Maps a decoded envelope to a {@link V1Notification} or {@link V1Response} (client side, e.g. a test miner). */
final class ServerMessageReader {
    private ServerMessageReader() {
    }

    static V1Message read(LineDecoder.Envelope env) {
        if (env.method != null) {
            return notification(env);
        }
        if (env.hasMethod) {
            throw new V1DecodeException(env.id, false, "Invalid method");
        }
        return response(env);
    }

    private static V1Notification notification(LineDecoder.Envelope env) {
        String method = env.method;
        switch (method) {
            case V1Notification.Notify.METHOD: {
                Params p = new Params(env, method);
                String jobId = p.string(0, "job id");
                byte[] prevHash = Hex.swapWords(p.hexExactly(1, "prevhash", 32));
                byte[] coinbase1 = p.hex(2, "coinb1", V1Codec.MAX_COINBASE_PART_SIZE);
                byte[] coinbase2 = p.hex(3, "coinb2", V1Codec.MAX_COINBASE_PART_SIZE);
                JsonNode branchNode = p.array(4, "merkle branch");
                List<byte[]> branch = new ArrayList<>(branchNode.size());
                for (JsonNode h : branchNode) {
                    byte[] b = h.isTextual() ? Hex.bytes(h.asText(), 32) : null;
                    if (b == null || b.length != 32) {
                        throw p.bad("merkle branch entries must be hex of 32 bytes");
                    }
                    branch.add(b);
                }
                return new V1Notification.Notify(jobId, prevHash, coinbase1, coinbase2, branch,
                        p.u32(5, "version"), p.u32(6, "nbits"), p.u32(7, "ntime"), p.bool(8, "clean jobs"));
            }
            case V1Notification.SetDifficulty.METHOD: {
                Params p = new Params(env, method);
                return new V1Notification.SetDifficulty(p.positive(0, "difficulty"));
            }
            case V1Notification.SetExtranonce.METHOD: {
                Params p = new Params(env, method);
                return new V1Notification.SetExtranonce(p.hex(0, "extranonce1", V1Codec.MAX_EXTRANONCE1_SIZE),
                        p.integer(1, "extranonce2 size", V1Codec.MAX_EXTRANONCE2_SIZE));
            }
            case V1Notification.SetVersionMask.METHOD: {
                Params p = new Params(env, method);
                return new V1Notification.SetVersionMask(p.u32(0, "mask"));
            }
            case V1Notification.Reconnect.METHOD: {
                Params p = new Params(env, method);
                String host = p.present(0) ? p.string(0, "host") : "";
                int port = p.present(1) ? p.integer(1, "port", 65535) : 0;
                int wait = p.present(2) ? p.integer(2, "wait", Integer.MAX_VALUE) : 0;
                return new V1Notification.Reconnect(host, port, wait);
            }
            case V1Notification.ShowMessage.METHOD: {
                Params p = new Params(env, method);
                return new V1Notification.ShowMessage(p.string(0, "message"));
            }
            default:
                return new V1Notification.Unknown(method);
        }
    }

    private static V1Response response(LineDecoder.Envelope env) {
        if (!env.idRead) {
            throw new V1DecodeException(RequestId.NULL, false, "Missing method");
        }
        V1Error error = error(env);
        if (error != null) {
            return V1Response.error(env.id, error);
        }
        JsonNode r = env.result;
        if (r == null || r.isNull()) {
            return new V1Response(env.id, null, null);
        }
        if (r.isBoolean()) {
            return V1Response.ok(env.id, r.asBoolean());
        }
        if (r.isArray()) {
            return V1Response.ok(env.id, subscribeResult(env, r));
        }
        if (r.isObject()) {
            Map<String, Object> fields = new LinkedHashMap<>();
            Iterator<Map.Entry<String, JsonNode>> it = r.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                JsonNode v = e.getValue();
                fields.put(e.getKey(), v.isBoolean() ? (Object) v.asBoolean()
                        : v.isNumber() ? (Object) v.numberValue() : v.asText());
            }
            return V1Response.ok(env.id, new V1Response.ConfigureResult(fields));
        }
        throw new V1DecodeException(env.id, false, "Invalid result");
    }

    private static V1Response.SubscribeResult subscribeResult(LineDecoder.Envelope env, JsonNode r) {
        JsonNode subs = r.get(0);
        JsonNode en1 = r.get(1);
        JsonNode size = r.get(2);
        byte[] extranonce1 = en1 != null && en1.isTextual() ? Hex.bytes(en1.asText(), V1Codec.MAX_EXTRANONCE1_SIZE) : null;
        if (subs == null || !subs.isArray() || extranonce1 == null || size == null || !size.canConvertToInt()
                || size.asInt() < 0 || size.asInt() > V1Codec.MAX_EXTRANONCE2_SIZE) {
            throw new V1DecodeException(env.id, false, "Invalid subscribe result");
        }
        List<List<String>> subscriptions = new ArrayList<>();
        // Pools send either one pair or a list of pairs; both mean (method, subscription id).
        if (subs.size() > 0 && subs.get(0).isTextual()) {
            subscriptions.add(pair(env, subs));
        } else {
            for (JsonNode pairNode : subs) {
                subscriptions.add(pair(env, pairNode));
            }
        }
        return new V1Response.SubscribeResult(subscriptions, extranonce1, size.asInt());
    }

    private static List<String> pair(LineDecoder.Envelope env, JsonNode pair) {
        List<String> out = new ArrayList<>(2);
        for (JsonNode s : pair) {
            if (!s.isTextual()) {
                throw new V1DecodeException(env.id, false, "Invalid subscribe result");
            }
            out.add(s.asText());
        }
        return out;
    }

    /** {@code [code, message, traceback]} as pools send it, or {@code {"code", "message"}} as a few do. */
    private static V1Error error(LineDecoder.Envelope env) {
        JsonNode e = env.error;
        if (e == null || e.isNull() || (e.isBoolean() && !e.asBoolean())) {
            return null;
        }
        JsonNode code = e.isArray() ? e.get(0) : e.get("code");
        JsonNode message = e.isArray() ? e.get(1) : e.get("message");
        if (code == null || !code.canConvertToInt()) {
            throw new V1DecodeException(env.id, false, "Invalid error");
        }
        return new V1Error(code.asInt(), message == null || message.isNull() ? "" : message.asText());
    }
}
