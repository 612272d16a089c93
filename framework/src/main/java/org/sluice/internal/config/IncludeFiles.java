package org.sluice.internal.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.sluice.config.ConfigException;
import org.sluice.config.ConfigLocation;

/**
 * The files an {@code Include} or {@code IncludeOptional} names, in the order Apache reads
 * them: wildcards may appear in any path component (only directories match an inner one),
 * matches are sorted by name, and a directory stands for all its files, recursively.
 * A plain path that does not exist is returned as it is, for the reader to report when it
 * fails to open it; {@code IncludeOptional} drops it instead.
 */
final class IncludeFiles {

    /** Apache's {@code AP_MAX_INCLUDE_DEPTH}, for directories as for nested includes. */
    static final int MAX_DEPTH = 128;

    private final ConfigLocation location;
    private final boolean optional;
    private final List<Path> files = new ArrayList<>();

    private IncludeFiles(ConfigLocation location, boolean optional) {
        this.location = location;
        this.optional = optional;
    }

    /**
     * @param pattern an absolute path, possibly with wildcards
     * @param location the {@code Include} directive, for errors
     */
    static List<Path> resolve(Path pattern, boolean optional, ConfigLocation location) throws ConfigException {
        IncludeFiles include = new IncludeFiles(location, optional);
        if (FileNamePattern.isWildcard(pattern.toString())) {
            List<String> components = new ArrayList<>();
            pattern.forEach(name -> components.add(name.toString()));
            Path root = pattern.getRoot() != null ? pattern.getRoot() : Path.of("");
            include.walk(root, components);
        } else {
            include.addPlain(pattern, 0);
        }
        return include.files;
    }

    private void walk(Path directory, List<String> components) throws ConfigException {
        String component = components.get(0);
        List<String> rest = components.subList(1, components.size());
        if (!FileNamePattern.isWildcard(component)) {
            Path next = directory.resolve(component);
            if (rest.isEmpty()) {
                addPlain(next, 0);
            } else {
                walk(next, rest);
            }
            return;
        }
        List<Path> matches = matching(directory, component, !rest.isEmpty());
        if (matches.isEmpty() && !optional) {
            throw new ConfigException(location,
                    "No matches for the wildcard '" + component + "' in '" + directory + "', failing");
        }
        for (Path match : matches) {
            if (rest.isEmpty()) {
                addPlain(match, 0);
            } else {
                walk(match, rest);
            }
        }
    }

    private List<Path> matching(Path directory, String component, boolean directoriesOnly) throws ConfigException {
        FileNamePattern pattern = FileNamePattern.of(component);
        try (Stream<Path> entries = Files.list(directory)) {
            return entries
                    .filter(entry -> pattern.matches(entry.getFileName().toString()))
                    .filter(entry -> !directoriesOnly || Files.isDirectory(entry))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            if (optional) {
                return List.of();
            }
            throw new ConfigException(location,
                    "Could not open config directory " + directory + ": " + ConfigReader.reason(e), e);
        }
    }

    private void addPlain(Path path, int depth) throws ConfigException {
        if (depth > MAX_DEPTH) {
            throw new ConfigException(location, "Directory " + path
                    + " exceeds the maximum include directory nesting level of " + MAX_DEPTH
                    + ". You have probably a recursion somewhere.");
        }
        if (!Files.isDirectory(path)) {
            if (!optional || Files.exists(path)) {
                files.add(path);
            }
            return;
        }
        List<Path> entries;
        try (Stream<Path> list = Files.list(path)) {
            entries = list.sorted().toList();
        } catch (IOException e) {
            throw new ConfigException(location,
                    "Could not open config directory " + path + ": " + ConfigReader.reason(e), e);
        }
        for (Path entry : entries) {
            addPlain(entry, depth + 1);
        }
    }
}
