package org.sv2translator.bitcoin;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** Loads the shared test vectors (system property {@code vectors.dir}); skips the calling test when absent. */
final class Vectors {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Vectors() {
    }

    static JsonNode load(String relativePath) {
        Path file = Path.of(System.getProperty("vectors.dir", "../shared/vectors")).resolve(relativePath);
        assumeTrue(Files.isRegularFile(file), "../shared/vectors not found: skipping " + relativePath);
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] hex(JsonNode node) {
        return hex(node.asText());
    }

    static byte[] hex(String hex) {
        return HexFormat.of().parseHex(hex);
    }

    static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    static List<byte[]> hexList(JsonNode array) {
        List<byte[]> list = new ArrayList<>();
        array.forEach(n -> list.add(hex(n)));
        return list;
    }

    /** Big-endian hex of a 32-bit field (as V1 JSON and nbits print it) to the int the header holds. */
    static int u32(JsonNode node) {
        return Integer.parseUnsignedInt(node.asText(), 16);
    }

    static byte[] reversed(byte[] bytes) {
        byte[] out = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            out[i] = bytes[bytes.length - 1 - i];
        }
        return out;
    }
}
