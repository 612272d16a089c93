package org.sluice.access;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Objects;
import java.util.function.BiFunction;

/**
 * A small text file (password or group file) parsed once and parsed again only when its
 * modification time or size changes: each use costs one {@code stat}, not a read.
 */
final class ReloadingFile<T> {

    private final Path path;
    private final BiFunction<Path, List<String>, T> parser;
    private volatile Snapshot<T> snapshot;

    private record Snapshot<T>(FileTime modified, long size, Object fileKey, T content) {
    }

    ReloadingFile(Path path, BiFunction<Path, List<String>, T> parser) {
        this.path = path;
        this.parser = parser;
    }

    Path path() {
        return path;
    }

    /** The parsed content, re-read if the file changed. */
    T content() throws IOException {
        BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
        Snapshot<T> current = snapshot;
        if (current != null && unchanged(current, attributes)) {
            return current.content();
        }
        synchronized (this) {
            current = snapshot;
            if (current != null && unchanged(current, attributes)) {
                return current.content();
            }
            T content = parser.apply(path, new String(Files.readAllBytes(path), StandardCharsets.UTF_8).lines().toList());
            snapshot = new Snapshot<>(attributes.lastModifiedTime(), attributes.size(), attributes.fileKey(), content);
            return content;
        }
    }

    private static boolean unchanged(Snapshot<?> snapshot, BasicFileAttributes attributes) {
        return snapshot.modified().equals(attributes.lastModifiedTime()) && snapshot.size() == attributes.size()
                && Objects.equals(snapshot.fileKey(), attributes.fileKey());
    }
}
