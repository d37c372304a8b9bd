package org.sv2translator.v2.message;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;

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

    static ByteBuf buf(String hex) {
        return Unpooled.wrappedBuffer(HexFormat.of().parseHex(hex));
    }
}
