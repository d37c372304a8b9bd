package org.sv2translator.v1;

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
    static final ObjectMapper JSON = new ObjectMapper();

    private Vectors() {
    }

    private static Path file(String relativePath) {
        Path file = Path.of(System.getProperty("vectors.dir", "../shared/vectors")).resolve(relativePath);
        assumeTrue(Files.isRegularFile(file), "../shared/vectors not found: skipping " + relativePath);
        return file;
    }

    static JsonNode load(String relativePath) {
        try {
            return JSON.readTree(file(relativePath).toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One JSON object per line (the .jsonl captures). */
    static List<JsonNode> lines(String relativePath) {
        try {
            List<JsonNode> out = new ArrayList<>();
            for (String line : Files.readAllLines(file(relativePath))) {
                if (!line.isBlank()) {
                    out.add(JSON.readTree(line));
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode tree(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] hex(String hex) {
        return HexFormat.of().parseHex(hex);
    }
}
