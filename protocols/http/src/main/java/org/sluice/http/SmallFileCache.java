package org.sluice.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.util.IllegalReferenceCountException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The contents of small files kept in memory, so a popular small file is served without an
 * open, a read and a close per request: each hit is a {@link ByteBuf#retainedDuplicate()} of
 * one shared buffer. Bounded in entries and bytes; larger files are not kept (their body goes
 * out zero-copy as a file region instead).
 *
 * <p><b>Freshness.</b> An entry is used only when the attributes the request just read from
 * the file system (one stat per request, in map_to_storage) still show the same file: the same
 * file key (device and inode), size and modification time. A file replaced or rewritten is
 * read again. A file modified within the last {@link #SETTLE_MILLIS} is not kept at all: a
 * second change within the same clock tick of the file system would leave its time unchanged.
 *
 * <p>The shared buffers are never written; whoever gets one only moves its own indexes.
 */
final class SmallFileCache {

    /** Files up to this size are kept. */
    static final int MAX_FILE_SIZE = 16 * 1024;
    static final int MAX_ENTRIES = 1024;
    static final long MAX_BYTES = 4L * 1024 * 1024;
    static final long SETTLE_MILLIS = 1000;

    private static final SmallFileCache SHARED = new SmallFileCache(MAX_ENTRIES, MAX_BYTES);

    private record Entry(Object fileKey, long size, FileTime modified, ByteBuf content) {
        boolean describes(BasicFileAttributes attributes) {
            return size == attributes.size() && modified.equals(attributes.lastModifiedTime())
                    && Objects.equals(fileKey, attributes.fileKey());
        }
    }

    private final Map<Path, Entry> entries = new ConcurrentHashMap<>();
    private final AtomicLong bytes = new AtomicLong();
    private final int maxEntries;
    private final long maxBytes;

    SmallFileCache(int maxEntries, long maxBytes) {
        this.maxEntries = maxEntries;
        this.maxBytes = maxBytes;
    }

    /** The cache the static file handler uses. */
    static SmallFileCache shared() {
        return SHARED;
    }

    /**
     * The whole content of {@code file}, described by {@code attributes}, as a buffer the
     * caller owns and must release; null when the file is too big, changed too recently to be
     * kept, or did not have the size its attributes gave when read.
     *
     * @throws IOException if the file cannot be read (gone, or no permission)
     */
    ByteBuf content(Path file, BasicFileAttributes attributes) throws IOException {
        long size = attributes.size();
        if (size > MAX_FILE_SIZE || size > maxBytes) {
            return null;
        }
        Entry entry = entries.get(file);
        if (entry != null && entry.describes(attributes)) {
            try {
                return entry.content().retainedDuplicate();
            } catch (IllegalReferenceCountException e) {
                // evicted and released in between: read it again
            }
        }
        if (attributes.lastModifiedTime().toMillis() > System.currentTimeMillis() - SETTLE_MILLIS) {
            return null;
        }
        ByteBuf content = read(file, (int) size);
        if (content == null) {
            return null;
        }
        ByteBuf handedOut = content.retainedDuplicate();
        Entry fresh = new Entry(attributes.fileKey(), size, attributes.lastModifiedTime(), content);
        Entry old = entries.put(file, fresh);
        bytes.addAndGet(size);
        if (old != null) {
            bytes.addAndGet(-old.size());
            old.content().release();
        }
        evict(file);
        return handedOut;
    }

    /** Exactly {@code size} bytes of the file, or null if it holds more or fewer now. */
    private static ByteBuf read(Path file, int size) throws IOException {
        ByteBuf content = Unpooled.directBuffer(size, size);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long position = 0;
            while (content.isWritable()) {
                int n = content.writeBytes(channel, position, content.writableBytes());
                if (n < 0) {
                    content.release();
                    return null;
                }
                position += n;
            }
            if (channel.size() != size) {
                content.release();
                return null;
            }
            return content;
        } catch (IOException | RuntimeException e) {
            content.release();
            throw e;
        }
    }

    /** Drops entries (other than the one just added) until the bounds hold. */
    private void evict(Path keep) {
        if (entries.size() <= maxEntries && bytes.get() <= maxBytes) {
            return;
        }
        Iterator<Map.Entry<Path, Entry>> it = entries.entrySet().iterator();
        while ((entries.size() > maxEntries || bytes.get() > maxBytes) && it.hasNext()) {
            Map.Entry<Path, Entry> candidate = it.next();
            if (!candidate.getKey().equals(keep) && entries.remove(candidate.getKey(), candidate.getValue())) {
                bytes.addAndGet(-candidate.getValue().size());
                candidate.getValue().content().release();
            }
        }
    }

    /** Drops every entry. */
    void clear() {
        for (Path file : entries.keySet()) {
            Entry entry = entries.remove(file);
            if (entry != null) {
                bytes.addAndGet(-entry.size());
                entry.content().release();
            }
        }
    }

    /** Entries held now. */
    int size() {
        return entries.size();
    }
}
