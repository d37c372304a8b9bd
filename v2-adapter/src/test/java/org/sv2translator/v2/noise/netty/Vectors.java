package org.sv2translator.v2.noise.netty;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Assumptions;

/** Locates ../shared/vectors (system property {@code vectors.dir}) and parses its JSON files. */
final class Vectors {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Vectors() {
    }

    static JsonNode json(String relative) {
        Path root = Path.of(System.getProperty("vectors.dir", "../../shared/vectors"));
        Assumptions.assumeTrue(Files.isDirectory(root), "../shared/vectors not found: skipping " + relative);
        Path file = root.resolve(relative);
        Assumptions.assumeTrue(Files.isRegularFile(file), "../shared/vectors/" + relative + " not found: skipping it");
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] hex(String hex) {
        return HexFormat.of().parseHex(hex);
    }

    static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
