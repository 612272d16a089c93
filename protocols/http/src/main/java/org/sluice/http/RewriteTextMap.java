package org.sluice.http;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@code txt:} or {@code rnd:} map: a text file of {@code key value} lines, read as httpd
 * reads it. A line that starts with {@code #} or a blank is a comment; the key is the first
 * word, the value the second, anything after it is ignored; the first line with a key wins; a
 * line is at most 1024 bytes (the rest of a longer one is read as the next line). An
 * {@code rnd:} value is a list of choices separated by {@code |}, one of which each look-up
 * picks at random.
 *
 * <p>httpd keeps what it looked up until the file's modification time changes; Sluice reads
 * the whole file into a table the first time it is needed and again whenever its modification
 * time or size changes, so each look-up costs one {@code stat} and a hash look-up. The file is
 * bounded ({@link #MAX_SIZE}): a larger one is refused when the configuration is read, and
 * gives no values (and an error in the log) if it grows past the bound later.
 */
final class RewriteTextMap implements RewriteMap {

    /** The largest map file read: big enough for tens of thousands of redirects, small enough for the heap. */
    static final long MAX_SIZE = 16L << 20;
    /** httpd's REWRITE_MAX_TXT_MAP_LINE. */
    private static final int MAX_LINE = 1024;
    private static final Logger LOG = LoggerFactory.getLogger("org.sluice.rewrite");

    private final String name;
    private final Path file;
    private final boolean random;
    /** Held while the file is read (a lock, not a monitor: a virtual thread that waits on it frees its carrier). */
    private final ReentrantLock reading = new ReentrantLock();
    private volatile Table table;

    /** The file's values as last read, and what its attributes were then; null values when it was too large. */
    private record Table(FileTime modified, long size, Object fileKey, Map<String, String> values) {
    }

    /**
     * @param name the map's name, for the log
     * @param file the map file, resolved against the ServerRoot
     * @param random {@code rnd:}: a value is a {@code |}-separated list of choices
     */
    RewriteTextMap(String name, Path file, boolean random) {
        this.name = name;
        this.file = file;
        this.random = random;
    }

    @Override
    public String value(String key) {
        Map<String, String> values = values();
        String value = values == null ? null : values.get(key);
        if (value != null && random) {
            value = pick(value);
        }
        return value == null || value.isEmpty() ? null : value;
    }

    @Override
    public String toString() {
        return name + "[" + (random ? "rnd" : "txt") + "]";
    }

    /** The table, read again if the file changed; null if it cannot be read. */
    private Map<String, String> values() {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (IOException | RuntimeException e) {
            LOG.error("mod_rewrite: can't access text RewriteMap file {}: {}", file, reason(e));
            return null;
        }
        Table current = table;
        if (current != null && unchanged(current, attributes)) {
            return current.values();
        }
        reading.lock();
        try {
            current = table;
            if (current != null && unchanged(current, attributes)) {
                return current.values();
            }
            Map<String, String> values;
            try (InputStream in = Files.newInputStream(file)) {
                byte[] bytes = in.readNBytes((int) MAX_SIZE + 1);
                if (bytes.length > MAX_SIZE) {
                    LOG.error("mod_rewrite: text RewriteMap file {} is larger than {} bytes: map {} gives no values",
                            file, MAX_SIZE, name);
                    values = null;
                } else {
                    values = parse(bytes);
                }
            } catch (IOException | RuntimeException e) {
                LOG.error("mod_rewrite: can't open text RewriteMap file {}: {}", file, reason(e));
                return null;
            }
            table = new Table(attributes.lastModifiedTime(), attributes.size(), attributes.fileKey(), values);
            return values;
        } finally {
            reading.unlock();
        }
    }

    /** Why a file could not be read, in the system's words where there are some. */
    private static String reason(Exception e) {
        if (e instanceof NoSuchFileException) {
            return "No such file or directory";
        }
        if (e instanceof AccessDeniedException) {
            return "Permission denied";
        }
        return e.getMessage() != null ? e.getMessage() : e.toString();
    }

    private static boolean unchanged(Table table, BasicFileAttributes attributes) {
        return table.modified().equals(attributes.lastModifiedTime()) && table.size() == attributes.size()
                && Objects.equals(table.fileKey(), attributes.fileKey());
    }

    /** The lines of a map file, each at most {@link #MAX_LINE} bytes, as a table of their first key. */
    static Map<String, String> parse(byte[] bytes) {
        Map<String, String> values = new HashMap<>();
        int start = 0;
        while (start < bytes.length) {
            int limit = Math.min(bytes.length, start + MAX_LINE);
            int end = start;
            while (end < limit && bytes[end] != '\n') {
                end++;
            }
            if (end < limit) {
                end++;
            }
            line(bytes, start, end, values);
            start = end;
        }
        return values;
    }

    private static void line(byte[] bytes, int start, int end, Map<String, String> values) {
        for (int i = start; i < end; i++) {
            if (bytes[i] == 0) {
                // the C string httpd compares ends there
                end = i;
            }
        }
        if (start == end || bytes[start] == '#' || blank(bytes[start])) {
            return;
        }
        int keyEnd = start;
        while (keyEnd < end && !blank(bytes[keyEnd])) {
            keyEnd++;
        }
        int valueStart = keyEnd;
        while (valueStart < end && blank(bytes[valueStart])) {
            valueStart++;
        }
        if (keyEnd == end || valueStart == end) {
            return;
        }
        int valueEnd = valueStart;
        while (valueEnd < end && !blank(bytes[valueEnd])) {
            valueEnd++;
        }
        values.putIfAbsent(new String(bytes, start, keyEnd - start, StandardCharsets.UTF_8),
                new String(bytes, valueStart, valueEnd - valueStart, StandardCharsets.UTF_8));
    }

    /** C's isspace. */
    private static boolean blank(byte b) {
        return b == ' ' || b >= '\t' && b <= '\r';
    }

    /** One of the {@code |}-separated choices of {@code value}, each as likely. */
    private static String pick(String value) {
        int choices = 1;
        for (int i = value.indexOf('|'); i >= 0; i = value.indexOf('|', i + 1)) {
            choices++;
        }
        if (choices == 1) {
            return value;
        }
        int n = ThreadLocalRandom.current().nextInt(choices);
        int from = 0;
        while (n-- > 0) {
            from = value.indexOf('|', from) + 1;
        }
        int to = value.indexOf('|', from);
        return value.substring(from, to < 0 ? value.length() : to);
    }
}
