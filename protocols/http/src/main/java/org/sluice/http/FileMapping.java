package org.sluice.http;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.sluice.config.DirConfig;
import org.sluice.hook.Result;
import org.sluice.server.VirtualHost;

/**
 * The module's translate_name, map_to_storage and type_checker functions: {@code DocumentRoot}
 * (and the aliases of {@link Aliases}) map the path to a file confined to its root; the file's
 * {@code <Directory>} and {@code <Files>} sections make its configuration (then the
 * {@code <Location>} and {@code <If>} sections); extensions and
 * {@code ForceType}/{@code SetHandler} give its type and handler.
 */
final class FileMapping {

    /**
     * DocumentRoot and Alias targets (the directory of an AliasMatch target) made absolute, and
     * their real paths: both come from the configuration, so the maps stay as small as it is.
     */
    private static final Map<Path, Path> ABSOLUTE_ROOTS = new ConcurrentHashMap<>();
    private static final Map<Path, Path> REAL_ROOTS = new ConcurrentHashMap<>();
    private static final TurnStats STATS = new TurnStats();

    private FileMapping() {
    }

    /** translate_name, last: the DocumentRoot. */
    static Result documentRoot(Request r) {
        HttpServerConfig config = r.virtualHost().config(HttpServerConfig.KEY);
        return map(r, config.documentRoot(r.virtualHost().server().serverRoot()), r.path());
    }

    /**
     * Maps {@code rest} (a normalised path: no dot segments) under {@code root}. The result is
     * checked to stay lexically inside the root whatever the path holds.
     */
    static Result map(Request r, Path root, String rest) {
        Path base = ABSOLUTE_ROOTS.computeIfAbsent(root, p -> p.toAbsolutePath().normalize());
        Mapping mapping = MAPPINGS.get(rest);
        if (mapping == null || mapping.base() != base) {
            String relative = rest.startsWith("/") ? rest.substring(1) : rest;
            Path file = relative.isEmpty() ? base : base.resolve(relative).normalize();
            Path leaf = file.getFileName();
            mapping = new Mapping(base, file, leaf == null ? "" : leaf.toString(), file.startsWith(base),
                    relative.endsWith("/"));
            MAPPINGS.put(rest, mapping);
        }
        if (!mapping.inside()) {
            return Result.FORBIDDEN;
        }
        r.filename(mapping.file(), mapping.leafName(), mapping.slashAfter());
        r.fileRoot(base);
        return Result.OK;
    }

    /**
     * A request path mapped under a root, and whether it stays inside: a function of the two
     * alone, so the last mapping of each of a few hundred paths is kept, and a page asked for
     * again is not resolved again.
     */
    private record Mapping(Path base, Path file, String leafName, boolean inside, boolean slashAfter) {
    }

    private static final RecentTable<String, Mapping> MAPPINGS = new RecentTable<>(256);

    /** Maps the request to {@code file} (an {@code AliasMatch} result) if it stays lexically inside {@code root}. */
    static Result mapFile(Request r, Path root, Path file) {
        Path base = ABSOLUTE_ROOTS.computeIfAbsent(root, p -> p.toAbsolutePath().normalize());
        return confine(r, base, file.toAbsolutePath().normalize());
    }

    private static Result confine(Request r, Path base, Path file) {
        if (!file.startsWith(base)) {
            return Result.FORBIDDEN;
        }
        r.filename(file);
        r.fileRoot(base);
        return Result.OK;
    }

    /**
     * map_to_storage: looks at the file once (its attributes stay in the request for the
     * later phases and the handler), then applies the sections for the file and the Location
     * sections over them.
     */
    static Result storage(Request r) throws IOException {
        VirtualHost host = r.virtualHost();
        DirConfig config = host.defaults();
        Path file = r.filename();
        if (file != null) {
            BasicFileAttributes attributes = stat(file);
            if (attributes == null) {
                attributes = splitPathInfo(r, file);
                file = r.filename();
            } else if (r.slashAfterFilename() && !attributes.isDirectory()) {
                r.pathInfo("/");
            }
            r.fileAttributes(attributes);
            boolean directory = attributes != null && attributes.isDirectory();
            config = AccessFiles.walk(r, config, file, directory);
            if (!directory && !r.leafName().isEmpty()) {
                config = host.mergeSections(config, "Files", r.leafName());
            }
        }
        config = host.mergeSections(config, "Location", r.path());
        r.dirConfig(config);
        IfSections.apply(r);
        return file == null ? Result.OK : checkSymlinks(r, file);
    }

    /**
     * For a path that names nothing: the nearest part of it that exists, if that is a file
     * ({@code /a.txt/more}), becomes the request's file and the rest its path info, as httpd's
     * directory walk makes them; the file's attributes, or null when the nearest existing part is
     * a directory (the file is missing). Only missing files pay for the look up the path.
     */
    private static BasicFileAttributes splitPathInfo(Request r, Path missing) {
        Path root = r.fileRoot();
        for (Path p = missing.getParent(); p != null && (root == null || p.startsWith(root)); p = p.getParent()) {
            BasicFileAttributes attributes = stat(p);
            if (attributes != null) {
                if (attributes.isDirectory()) {
                    return null;
                }
                String rest = "/" + p.relativize(missing) + (r.slashAfterFilename() ? "/" : "");
                r.filename(p);
                r.pathInfo(rest);
                return attributes;
            }
        }
        return null;
    }

    /**
     * The file's attributes, links followed; null if it does not exist or cannot be looked at.
     * Requests served in the same turn of an event loop share one look ({@link TurnStats}).
     */
    static BasicFileAttributes stat(Path file) {
        return STATS.stat(file);
    }

    /**
     * Without {@code FollowSymLinks} no symbolic link on the way from the root to the file is
     * followed: the file's real path must be where its path says. With it (the default) links
     * are followed freely, as in Apache, and nothing more is asked of the file system.
     */
    private static Result checkSymlinks(Request r, Path file) throws IOException {
        HttpDirConfig dir = r.config(HttpDirConfig.KEY);
        if (dir.followSymlinks()) {
            return Result.OK;
        }
        Path root = r.fileRoot();
        if (root == null || r.fileAttributes() == null && !Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            return Result.OK;
        }
        Path realRoot = realRoot(root);
        Path expected = realRoot.resolve(root.relativize(file).toString()).normalize();
        Path real;
        try {
            real = file.toRealPath();
        } catch (IOException e) {
            // a dangling link
            return Result.FORBIDDEN;
        }
        return real.equals(expected) ? Result.OK : Result.FORBIDDEN;
    }

    /** The real path of a DocumentRoot or Alias target, resolved once. */
    private static Path realRoot(Path root) throws IOException {
        Path real = REAL_ROOTS.get(root);
        if (real == null) {
            real = root.toRealPath();
            REAL_ROOTS.put(root, real);
        }
        return real;
    }

    /**
     * type_checker: what the file's extensions say (TypesConfig and mod_mime's directives, see
     * {@link MimeMappings}), then ForceType and SetHandler over them, as httpd's core does in
     * its fixups. Without mod_mime directives only TypesConfig is asked.
     */
    static Result types(Request r) {
        HttpDirConfig dir = r.config(HttpDirConfig.KEY);
        if (r.filename() != null && (r.fileAttributes() == null || !r.fileAttributes().isDirectory())) {
            String name = r.leafName();
            Map<String, String> types = r.virtualHost().config(HttpServerConfig.KEY)
                    .mimeTypes(r.virtualHost().server().serverRoot());
            if (dir.mime.isEmpty()) {
                if (r.contentType() == null) {
                    String type = MimeMappings.typeOf(name, types);
                    if (type != null) {
                        r.contentType(type);
                    }
                }
            } else {
                MimeMappings.Found found = dir.mime.lookUp(name, types);
                if (found.type() != null && r.contentType() == null) {
                    r.contentType(found.type());
                }
                r.contentEncoding(found.encoding());
                r.contentLanguages(found.languages());
                if (found.handler() != null && r.handler() == null) {
                    r.handler(found.handler());
                }
                r.extensionFilters(found.outputFilters());
            }
        }
        if (dir.forceType != null && !dir.forceType.isEmpty()) {
            r.contentType(dir.forceType);
        }
        if (dir.setHandler != null && !dir.setHandler.isEmpty()) {
            r.handler(dir.setHandler);
        }
        return Result.OK;
    }
}
