package org.sluice.http;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Media types by file extension, read from a {@code TypesConfig} file in Apache's
 * {@code mime.types} format: {@code type ext1 ext2 ...} per line, {@code #} comments.
 * Each file is read once; {@link MimeMappings} looks file names up in it.
 */
final class MimeTypes {

    private static final Logger LOG = LoggerFactory.getLogger(MimeTypes.class);
    private static final Map<Path, Map<String, String>> FILES = new ConcurrentHashMap<>();

    private MimeTypes() {
    }

    /** The extension-to-type map of {@code file}; empty (and logged) if it cannot be read. */
    static Map<String, String> of(Path file) {
        return FILES.computeIfAbsent(file, MimeTypes::read);
    }

    private static Map<String, String> read(Path file) {
        Map<String, String> types = new HashMap<>();
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                String trimmed = line.strip();
                if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                    continue;
                }
                String[] words = trimmed.split("\\s+");
                for (int i = 1; i < words.length; i++) {
                    types.put(words[i].toLowerCase(Locale.ROOT), words[0].toLowerCase(Locale.ROOT));
                }
            }
        } catch (IOException e) {
            LOG.warn("cannot read TypesConfig {}: {}; files get no Content-Type", file, e.toString());
        }
        return Map.copyOf(types);
    }
}
