package org.sluice.http;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.sluice.config.ConfigException;
import org.sluice.config.ConfigLocation;
import org.sluice.config.DirConfig;
import org.sluice.config.OverrideClass;
import org.sluice.connection.LoopTurn;
import org.sluice.hook.Result;
import org.sluice.server.VirtualHost;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The access files ({@code .htaccess}) of the directory walk. For each directory from the
 * request's root (its DocumentRoot or Alias target) down to the file's, where
 * {@code AllowOverride} allows, the first of the {@code AccessFileName}s that exists is merged
 * over the directory's configuration, in HTACCESS scope.
 *
 * <p>Unlike Apache, which reads every access file again for every request, a file is parsed
 * once and its configuration kept until the file changes (modification time, size or file
 * key). Whether it changed, or appeared, is looked at with one {@code stat} per file for each
 * turn of the event loop ({@link LoopTurn}; for each request where no loop carries the
 * handler), so, as in Apache, every request sees the file as it was when the request was sent.
 *
 * <p>An error in the file answers the request with 500 and logs {@code file:line: message};
 * an access file that exists but cannot be read answers 403, as in Apache.
 */
final class AccessFiles {

    private static final Logger LOG = LoggerFactory.getLogger(AccessFiles.class);

    /** Files remembered at most (found or not); past it the cache starts over. */
    private static final int CACHE_LIMIT = 10_000;

    private static final Map<Key, Entry> CACHE = new ConcurrentHashMap<>();

    /** Access files parsed since the JVM started, for tests. */
    static final LongAdder PARSES = new LongAdder();

    /** A file as read under one host and one AllowOverride. */
    private record Key(VirtualHost host, Path file, Set<OverrideClass> overrides, Set<String> directives,
                       Set<HttpDirConfig.Option> options) {
    }

    /**
     * What a look at the file found: its configuration, its error, that it cannot be read, or
     * (all null, {@code readable} true) that there is no such file; and the loop turn it was
     * found in (null: none), during which it needs no new look.
     */
    private record Entry(Object fileKey, FileTime modified, long size, DirConfig config, ConfigException error,
                         boolean readable, Object turn) {

        boolean sameFile(BasicFileAttributes attributes) {
            return attributes != null && Objects.equals(fileKey, attributes.fileKey())
                    && Objects.equals(modified, attributes.lastModifiedTime()) && size == attributes.size();
        }

        Entry lookedAtIn(Object turn) {
            return new Entry(fileKey, modified, size, config, error, readable, turn);
        }
    }

    private AccessFiles() {
    }

    /**
     * The {@code <Directory>} walk over {@code config} for {@code file}'s directory (for {@code
     * file} itself when it is one), with the access files from the request's root down.
     *
     * @throws HttpException 500 for an error in an access file, 403 for one that cannot be read
     */
    static DirConfig walk(Request r, DirConfig config, Path file, boolean isDirectory) throws IOException {
        VirtualHost host = r.virtualHost();
        if (config.get(AccessFileConfig.KEY).none() && !host.hasSections("Directory")) {
            // nothing on the way down can change the configuration: no sections, no access files
            return config;
        }
        Path dir = isDirectory ? file : file.getParent();
        // what <DirectoryMatch> sections match, as Apache's r->filename: a directory asked for
        // as one (/docs/) with its slash
        String filename = isDirectory && r.path().endsWith("/") ? file + "/" : file.toString();
        Path root = r.fileRoot();
        return host.walkDirectories(config, dir, filename, (directory, c) ->
                root == null || !directory.startsWith(root) ? c : apply(r, host, directory, c));
    }

    private static DirConfig apply(Request r, VirtualHost host, Path directory, DirConfig config) throws IOException {
        AccessFileConfig allowed = config.get(AccessFileConfig.KEY);
        if (allowed.none()) {
            return config;
        }
        for (String name : allowed.names()) {
            Path file = directory.resolve(name);
            Entry entry = look(new Key(host, file, allowed.overrides(), allowed.directives(), allowed.options));
            if (entry.error() != null) {
                ConfigException e = entry.error();
                String where = e.location() == null ? file.toString() : e.location().toString();
                LOG.error("client {}: {}: {}", r.connection().remoteIp(), where, e.getMessage());
                throw new HttpException(HttpStatus.INTERNAL_SERVER_ERROR, where + ": " + e.getMessage());
            }
            if (!entry.readable()) {
                LOG.error("client {}: {}: unable to check htaccess file, ensure it is readable and that '{}' is"
                        + " executable", r.connection().remoteIp(), file, directory);
                throw new HttpException(HttpStatus.FORBIDDEN, file + " cannot be read");
            }
            if (entry.config() != null) {
                return host.mergeAccessFile(config, entry.config());
            }
        }
        return config;
    }

    private static Entry look(Key key) {
        Object now = LoopTurn.current();
        Entry cached = CACHE.get(key);
        if (cached != null && now != null && cached.turn() == now) {
            return cached;
        }
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(key.file(), BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            attributes = null;
        } catch (AccessDeniedException e) {
            return remember(key, new Entry(null, null, -1, null, null, false, now));
        } catch (FileSystemException e) {
            // ENOTDIR: a path under a file
            attributes = null;
        } catch (IOException e) {
            return remember(key, new Entry(null, null, -1, null, null, false, now));
        }
        if (attributes == null) {
            return remember(key, new Entry(null, null, -1, null, null, true, now));
        }
        if (cached != null && cached.sameFile(attributes)) {
            return remember(key, cached.lookedAtIn(now));
        }
        if (!attributes.isRegularFile()) {
            return remember(key, new Entry(attributes.fileKey(), attributes.lastModifiedTime(), attributes.size(),
                    null, null, false, now));
        }
        return remember(key, parse(key, attributes, now));
    }

    private static Entry parse(Key key, BasicFileAttributes attributes, Object now) {
        PARSES.increment();
        DirConfig config = null;
        ConfigException error = null;
        boolean readable = true;
        try {
            config = key.host().readAccessFile(key.file(), key.overrides(), key.directives());
            checkOptions(key, config);
        } catch (ConfigException e) {
            if (e.location() == null && e.getCause() instanceof AccessDeniedException) {
                readable = false;
            } else {
                error = e;
            }
            config = null;
        }
        return new Entry(attributes.fileKey(), attributes.lastModifiedTime(), attributes.size(), config, error,
                readable, now);
    }

    /** {@code AllowOverride Options=...}: the options the file sets, adds or takes away must be among those listed. */
    private static void checkOptions(Key key, DirConfig config) throws ConfigException {
        if (key.options() == null) {
            return;
        }
        HttpDirConfig dir = config.get(HttpDirConfig.KEY);
        for (Set<HttpDirConfig.Option> set : java.util.List.of(
                dir.options == null ? Set.<HttpDirConfig.Option>of() : dir.options, dir.addOptions, dir.removeOptions)) {
            for (HttpDirConfig.Option option : set) {
                if (!key.options().contains(option)) {
                    ConfigLocation at = dir.optionsAt != null ? dir.optionsAt
                            : new ConfigLocation(key.file().toString(), 0);
                    throw new ConfigException(at, "Option " + option.keyword() + " not allowed here");
                }
            }
        }
    }

    private static Entry remember(Key key, Entry entry) {
        if (CACHE.size() >= CACHE_LIMIT) {
            CACHE.clear();
        }
        CACHE.put(key, entry);
        return entry;
    }

    /** Forgets every file (a new configuration generation has new hosts). */
    static Result forget() {
        CACHE.clear();
        return Result.OK;
    }
}
