package org.sv2translator.v1;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** Maps a decoded envelope to the typed {@link V1Request} of its method (server side). */
final class RequestReader {
    private RequestReader() {
    }

    static V1Request read(LineDecoder.Envelope env) {
        if (env.method == null) {
            String detail = env.hasMethod ? "Invalid method" : env.hasResultOrError ? "Unexpected response" : "Missing method";
            throw new V1DecodeException(env.id, env.answerable(), detail);
        }
        RequestId id = env.id;
        switch (env.method) {
            case V1Request.Submit.METHOD: {
                Params p = new Params(env, V1Request.Submit.METHOD);
                String worker = p.string(0, "worker name");
                String jobId = p.string(1, "job id");
                if (jobId.length() > V1Codec.MAX_JOB_ID_LENGTH) {
                    throw p.bad("job id longer than " + V1Codec.MAX_JOB_ID_LENGTH + " characters");
                }
                byte[] extranonce2 = p.hex(2, "extranonce2", V1Codec.MAX_EXTRANONCE2_SIZE);
                int ntime = p.u32(3, "ntime");
                int nonce = p.u32(4, "nonce");
                boolean hasVersionBits = p.present(5);
                int versionBits = hasVersionBits ? p.u32(5, "version bits") : 0;
                return new V1Request.Submit(id, worker, jobId, extranonce2, ntime, nonce, hasVersionBits, versionBits);
            }
            case V1Request.Subscribe.METHOD: {
                Params p = new Params(env, V1Request.Subscribe.METHOD);
                return new V1Request.Subscribe(id, p.optionalString(0, "user agent"), p.optionalString(1, "session id"));
            }
            case V1Request.Authorize.METHOD: {
                Params p = new Params(env, V1Request.Authorize.METHOD);
                String worker = p.string(0, "worker name");
                // Users type numeric passwords; some firmware then sends them as JSON numbers.
                Object pw = p.raw(1);
                String password = pw instanceof Long || pw instanceof Double ? pw.toString()
                        : p.optionalString(1, "password");
                return new V1Request.Authorize(id, worker, password);
            }
            case V1Request.Configure.METHOD:
                return configure(env);
            case V1Request.ExtranonceSubscribe.METHOD:
                new Params(env, V1Request.ExtranonceSubscribe.METHOD);
                return new V1Request.ExtranonceSubscribe(id);
            case V1Request.SuggestDifficulty.METHOD: {
                Params p = new Params(env, V1Request.SuggestDifficulty.METHOD);
                return new V1Request.SuggestDifficulty(id, p.positive(0, "difficulty"));
            }
            case V1Request.SuggestTarget.METHOD: {
                Params p = new Params(env, V1Request.SuggestTarget.METHOD);
                return new V1Request.SuggestTarget(id, p.hexExactly(0, "target", 32));
            }
            default:
                return new V1Request.Unknown(id, env.method);
        }
    }

    private static V1Request.Configure configure(LineDecoder.Envelope env) {
        Params p = new Params(env, V1Request.Configure.METHOD);
        JsonNode names = p.array(0, "extensions");
        if (names.size() > V1Codec.MAX_CONFIGURE_EXTENSIONS) {
            throw p.bad("more than " + V1Codec.MAX_CONFIGURE_EXTENSIONS + " extensions");
        }
        List<String> extensions = new ArrayList<>(names.size());
        for (JsonNode n : names) {
            if (!n.isTextual()) {
                throw p.bad("extensions must be strings");
            }
            extensions.add(n.asText());
        }
        JsonNode params = p.optionalObject(1, "extension parameters");
        int mask = -1; // BIP310: a miner that sends no mask can roll every bit
        int minBitCount = 0;
        double minimumDifficulty = Double.NaN;
        if (params != null) {
            JsonNode m = params.get("version-rolling.mask");
            if (m != null && !m.isNull()) {
                if (!m.isTextual() || !Hex.isU32(m.asText())) {
                    throw p.bad("version-rolling.mask must be 8 hex digits");
                }
                mask = Hex.parseU32(m.asText());
            }
            JsonNode bits = params.get("version-rolling.min-bit-count");
            // BIP310 calls min-bit-count diagnostic only, and some firmware sends it malformed: ignore bad values.
            if (bits != null && bits.canConvertToInt() && bits.isIntegralNumber() && bits.asInt() >= 0 && bits.asInt() <= 32) {
                minBitCount = bits.asInt();
            }
            JsonNode md = params.get("minimum-difficulty.value");
            if (md != null && !md.isNull()) {
                if (!md.isNumber() || md.asDouble() < 0 || Double.isInfinite(md.asDouble())) {
                    throw p.bad("minimum-difficulty.value must be a number >= 0");
                }
                minimumDifficulty = md.asDouble();
            }
        }
        return new V1Request.Configure(env.id, extensions, mask, minBitCount, minimumDifficulty);
    }
}
