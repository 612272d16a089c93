package org.sluice.http;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The entries of a directory listing, as httpd picks them: the parent (unless at the top or
 * ignored), then each name that matches the query's pattern, is not ignored, is a file or a
 * directory (links followed) and would be served ({@link EntryAccess}), with its icon,
 * alternate text and description when the layout shows them.
 *
 * <p>The directory is read once, entry by entry; only the first {@link #MAX_ENTRIES} in the
 * listing's order are kept, so a directory of any size takes bounded memory.
 */
final class IndexEntries {

    /** Entries listed at most, the parent included: the first ones in the order asked for. */
    static final int MAX_ENTRIES = 10_000;

    private final Request r;
    private final Path dir;
    private final AutoindexConfig config;
    private final Set<IndexOption> options;

    IndexEntries(Request r, Path dir, AutoindexConfig config, Set<IndexOption> options) {
        this.r = r;
        this.dir = dir;
        this.config = config;
        this.options = options;
    }

    /** The parent and the directory's entries that are shown, in order, at most MAX_ENTRIES of them. */
    List<IndexEntry> read(IndexQuery query) throws IOException {
        boolean details = options.contains(IndexOption.FANCY_INDEXING) || options.contains(IndexOption.HTML_TABLE);
        Comparator<IndexEntry> order = IndexEntry.order(query.column(), query.direction() == 'A',
                options.contains(IndexOption.VERSION_SORT), options.contains(IndexOption.IGNORE_CASE));
        // the best MAX_ENTRIES so far, the last of them on top, to be dropped for a better one
        PriorityQueue<IndexEntry> kept = new PriorityQueue<>(64, order.reversed());
        IndexEntry parent = parentEntry();
        if (parent != null) {
            kept.add(parent);
        }
        EntryAccess access = new EntryAccess(r, dir, r.path());
        String dirName = dir.toString().endsWith("/") ? dir.toString() : dir + "/";
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
            for (Path path : stream) {
                String name = path.getFileName().toString();
                if (name.indexOf('\uFFFD') >= 0 && !Files.exists(dir.resolve(name), LinkOption.NOFOLLOW_LINKS)) {
                    // a name that is not UTF-8: no request path can name it (httpd lists its bytes)
                    continue;
                }
                if (query.pattern() != null && !IndexPatterns.shellMatch(query.pattern(), name, true, false)) {
                    continue;
                }
                if (ignored(name)) {
                    continue;
                }
                IndexEntry entry = entry(path, name, dirName + name, details, query.column(), access);
                if (entry == null) {
                    continue;
                }
                if (kept.size() < MAX_ENTRIES) {
                    kept.add(entry);
                } else if (order.compare(entry, kept.peek()) < 0) {
                    kept.poll();
                    kept.add(entry);
                }
            }
        }
        List<IndexEntry> entries = new ArrayList<>(kept);
        entries.sort(order);
        return entries;
    }

    private boolean ignored(String name) {
        for (String pattern : config.ignored) {
            int slash = pattern.lastIndexOf('/');
            if (IndexPatterns.simpleMatch(name, slash < 0 ? pattern : pattern.substring(slash + 1), false)) {
                return true;
            }
        }
        return false;
    }

    /** The parent directory, unless this is the top or {@code ..} is ignored. */
    private IndexEntry parentEntry() {
        String path = r.path();
        String up = parentOf(path);
        if (up == null || ignored("..")) {
            return null;
        }
        IndexEntry parent = new IndexEntry(up, true, false);
        if (options.contains(IndexOption.FANCY_INDEXING)) {
            String testPath = (dir.toString().endsWith("/") ? dir.toString() : dir + "/") + "..";
            parent.icon = find(config.icons, null, null, testPath, true);
            if (parent.icon == null) {
                parent.icon = find(config.icons, null, null, "^^DIRECTORY^^", true);
            }
            parent.alt = find(config.alts, null, null, testPath, true);
            if (parent.alt == null) {
                parent.alt = find(config.alts, null, null, "^^DIRECTORY^^", true);
            }
            if (parent.alt == null) {
                parent.alt = "PARENTDIR";
            }
            parent.description = description(testPath);
        }
        return parent;
    }

    /** An entry, or null when it is not listed: not a file or directory, or refused. */
    private IndexEntry entry(Path path, String name, String filename, boolean details, char column,
            EntryAccess access) {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(path, BasicFileAttributes.class);
        } catch (IOException | SecurityException e) {
            return null;
        }
        boolean directory = attributes.isDirectory();
        if (!directory && !attributes.isRegularFile()) {
            return null;
        }
        EntryAccess.Outcome outcome = access.check(path, name, directory);
        if (outcome == EntryAccess.Outcome.REFUSED
                || outcome == EntryAccess.Outcome.FORBIDDEN && !options.contains(IndexOption.SHOW_FORBIDDEN)) {
            return null;
        }
        IndexEntry entry = new IndexEntry(directory ? name + "/" : name, false,
                details && directory && options.contains(IndexOption.FOLDERS_FIRST));
        if (details) {
            entry.modified = attributes.lastModifiedTime().to(TimeUnit.MICROSECONDS);
            if (directory) {
                entry.icon = find(config.icons, null, null, filename, true);
                if (entry.icon == null) {
                    entry.icon = find(config.icons, null, null, "^^DIRECTORY^^", true);
                }
                entry.alt = find(config.alts, null, null, filename, true);
                if (entry.alt == null) {
                    entry.alt = find(config.alts, null, null, "^^DIRECTORY^^", true);
                }
                if (entry.alt == null) {
                    entry.alt = "DIR";
                }
            } else {
                String type = null;
                String encoding = null;
                if (access.typed()) {
                    MimeMappings.Found found = access.type(name);
                    type = found.type();
                    encoding = found.encoding();
                }
                entry.icon = find(config.icons, type, encoding, filename, false);
                entry.alt = find(config.alts, type, encoding, filename, false);
                entry.size = attributes.size();
            }
            entry.description = description(filename);
            if (entry.description == null && !directory && options.contains(IndexOption.SCAN_HTML_TITLES)) {
                entry.description = HtmlTitle.of(path, access.type(name));
            }
        }
        if (column == 'M' && entry.modified < 0) {
            entry.modified = 0;
        }
        return entry;
    }

    /** The first icon or alternate text that applies: by name, else (files) by encoding or type. */
    static String find(List<AutoindexConfig.Item> items, String type, String encoding, String path,
            boolean pathOnly) {
        boolean special = path.startsWith("^");
        for (AutoindexConfig.Item item : items) {
            if (item.pattern().isEmpty()) {
                return item.data();
            }
            if (item.match() == AutoindexConfig.Match.PATH || special) {
                if (IndexPatterns.simpleMatch(path, item.pattern(), false)) {
                    return item.data();
                }
            } else if (!pathOnly) {
                if (encoding == null) {
                    if (item.match() == AutoindexConfig.Match.TYPE && type != null
                            && IndexPatterns.simpleMatch(type, item.pattern(), true)) {
                        return item.data();
                    }
                } else if (item.match() == AutoindexConfig.Match.ENCODING
                        && IndexPatterns.simpleMatch(encoding, item.pattern(), true)) {
                    return item.data();
                }
            }
        }
        return null;
    }

    /** The first {@code AddDescription} that applies to the file (its full path for a pattern with a slash). */
    private String description(String fullPath) {
        if (config.descriptions.isEmpty()) {
            return null;
        }
        String nameOnly = fullPath.substring(fullPath.lastIndexOf('/') + 1);
        for (AutoindexConfig.Description d : config.descriptions) {
            String name = d.fullPath() ? fullPath : nameOnly;
            if (d.wildcards() ? IndexPatterns.shellMatch(d.pattern(), name, false, true) : name.contains(d.pattern())) {
                return d.text();
            }
        }
        return null;
    }

    /** The URL path of the directory above {@code path}; null at the top. */
    private static String parentOf(String path) {
        String trimmed = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        return trimmed.isEmpty() ? null : trimmed.substring(0, trimmed.lastIndexOf('/') + 1);
    }
}
