package org.sluice.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A server root of a test's own (given with {@code -d}): a copy of the installation's
 * {@code conf/} and an empty {@code logs/}, so the PidFile, access logs and any written
 * configuration stay apart from other tests and from the installation.
 */
record ServerRoot(Path path) {

    /** Copies the installation's {@code conf/} into {@code directory} and creates {@code logs/}. */
    static ServerRoot copyOfDefault(Path directory) {
        try {
            Path conf = SluiceProcess.home().resolve("conf");
            Files.createDirectories(directory.resolve("conf"));
            Files.createDirectories(directory.resolve("logs"));
            try (var files = Files.list(conf)) {
                for (Path file : (Iterable<Path>) files::iterator) {
                    if (Files.isRegularFile(file)) {
                        Files.copy(file, directory.resolve("conf").resolve(file.getFileName()));
                    }
                }
            }
            copyTree(SluiceProcess.home().resolve("htdocs"), directory.resolve("htdocs"));
            return new ServerRoot(directory);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Copies the tree below {@code from} (nothing if it is no directory) to {@code to}. */
    static void copyTree(Path from, Path to) throws IOException {
        if (!Files.isDirectory(from)) {
            return;
        }
        try (var paths = Files.walk(from)) {
            for (Path source : (Iterable<Path>) paths::iterator) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target);
                }
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /** Writes {@code text} to {@code relative} (under the root) and returns its absolute path. */
    Path write(String relative, String text) {
        Path file = path.resolve(relative);
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    Path resolve(String relative) {
        return path.resolve(relative);
    }

    @Override
    public String toString() {
        return path.toString();
    }
}
