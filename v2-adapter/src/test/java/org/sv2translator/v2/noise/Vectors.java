package org.sv2translator.v2.noise;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Assumptions;

/** Locates ../shared/vectors (system property {@code vectors.dir}) and parses its CSV and JSON files. */
final class Vectors {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Vectors() {
    }

    /** The vector file, or a skipped test when the vectors folder is absent. */
    static Path file(String relative) {
        String dir = System.getProperty("vectors.dir", "../../shared/vectors");
        Path root = Path.of(dir);
        Assumptions.assumeTrue(Files.isDirectory(root), "../shared/vectors not found: skipping " + relative);
        Path file = root.resolve(relative);
        Assumptions.assumeTrue(Files.isRegularFile(file), "../shared/vectors/" + relative + " not found: skipping it");
        return file;
    }

    /** Rows of a header-first CSV file without quoting (as the BIP vector files are), keyed by column name. */
    static List<Map<String, String>> csv(String relative) {
        try {
            List<String> lines = Files.readAllLines(file(relative), StandardCharsets.UTF_8);
            String[] header = lines.get(0).split(",", -1);
            List<Map<String, String>> rows = new ArrayList<>();
            for (String line : lines.subList(1, lines.size())) {
                if (line.isBlank()) {
                    continue;
                }
                String[] cells = line.split(",", -1);
                if (cells.length != header.length) {
                    throw new IllegalStateException(relative + ": row has " + cells.length + " cells: " + line);
                }
                Map<String, String> row = new LinkedHashMap<>();
                for (int i = 0; i < header.length; i++) {
                    row.put(header[i], cells[i]);
                }
                rows.add(row);
            }
            return rows;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode json(String relative) {
        try {
            return JSON.readTree(file(relative).toFile());
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
