package org.sluice.brigade;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.util.ByteProcessor;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * An ordered list of {@link Bucket}s: the unit in which data moves through filters.
 *
 * <pre>
 *   handler ──pass──▶ [DATA "Hello\r\n"] [FILE 0+4096] [FLUSH] ──▶ output filters ──▶ network
 * </pre>
 *
 * <p>A brigade owns the buckets it holds and {@link #cleanup()} releases them, each exactly
 * once. Reading data out of a bucket never consumes it; removing a bucket hands it (and what
 * it owns) to the caller. A brigade is used by one thread at a time.
 *
 * <pre>{@code
 * Brigade line = new Brigade();
 * if (input.splitLine(line, 8192)) {
 *     String text = line.flattenToString(StandardCharsets.UTF_8);
 *     line.cleanup();
 * }
 * }</pre>
 */
public final class Brigade implements Iterable<Bucket>, AutoCloseable {

    private static final ByteProcessor FIND_LF = new ByteProcessor.IndexOfProcessor((byte) '\n');

    private Bucket head;
    private Bucket tail;
    private int size;

    /** The first bucket, or null when empty. */
    public Bucket first() {
        return head;
    }

    /** The last bucket, or null when empty. */
    public Bucket last() {
        return tail;
    }

    public boolean isEmpty() {
        return head == null;
    }

    /** Number of buckets (data and metadata). */
    public int size() {
        return size;
    }

    /** Total bytes of the data and file buckets. */
    public long length() {
        long total = 0;
        for (Bucket b = head; b != null; b = b.next) {
            total += b.length();
        }
        return total;
    }

    public Brigade addFirst(Bucket bucket) {
        adopt(bucket);
        bucket.next = head;
        if (head != null) {
            head.prev = bucket;
        } else {
            tail = bucket;
        }
        head = bucket;
        return this;
    }

    public Brigade addLast(Bucket bucket) {
        adopt(bucket);
        bucket.prev = tail;
        if (tail != null) {
            tail.next = bucket;
        } else {
            head = bucket;
        }
        tail = bucket;
        return this;
    }

    /** Appends a data bucket that takes over the caller's reference to {@code content}. */
    public Brigade addLast(ByteBuf content) {
        return addLast(DataBucket.of(content));
    }

    /** Appends {@code text} encoded as UTF-8. */
    public Brigade write(CharSequence text) {
        return addLast(DataBucket.of(text, StandardCharsets.UTF_8));
    }

    /** Appends a FLUSH bucket. */
    public Brigade addFlush() {
        return addLast(MetadataBucket.flush());
    }

    /** Appends an end-of-stream bucket. */
    public Brigade addEos() {
        return addLast(MetadataBucket.eos());
    }

    /** Puts {@code bucket} just before {@code reference}, which must be in this brigade. */
    public void insertBefore(Bucket reference, Bucket bucket) {
        checkMember(reference);
        adopt(bucket);
        bucket.next = reference;
        bucket.prev = reference.prev;
        if (reference.prev != null) {
            reference.prev.next = bucket;
        } else {
            head = bucket;
        }
        reference.prev = bucket;
    }

    /** Puts {@code bucket} just after {@code reference}, which must be in this brigade. */
    public void insertAfter(Bucket reference, Bucket bucket) {
        checkMember(reference);
        adopt(bucket);
        bucket.prev = reference;
        bucket.next = reference.next;
        if (reference.next != null) {
            reference.next.prev = bucket;
        } else {
            tail = bucket;
        }
        reference.next = bucket;
    }

    /** Removes and returns the first bucket (the caller owns it), or null when empty. */
    public Bucket removeFirst() {
        Bucket first = head;
        if (first != null) {
            unlink(first);
        }
        return first;
    }

    /** Moves every bucket of this brigade to the end of {@code destination}. */
    public void moveTo(Brigade destination) {
        if (destination == this || head == null) {
            return;
        }
        for (Bucket b = head; b != null; b = b.next) {
            b.owner = destination;
        }
        if (destination.tail == null) {
            destination.head = head;
        } else {
            destination.tail.next = head;
            head.prev = destination.tail;
        }
        destination.tail = tail;
        destination.size += size;
        head = tail = null;
        size = 0;
    }

    /**
     * Makes a bucket boundary at byte {@code offset}, splitting the bucket that straddles it.
     *
     * @return the first bucket at or after the boundary (metadata that follows the last data
     *     byte, when offset is the length), or null when no bucket follows the boundary
     */
    public Bucket partition(long offset) {
        if (offset < 0) {
            throw new IllegalArgumentException("negative offset " + offset);
        }
        long remaining = offset;
        for (Bucket b = head; b != null; b = b.next) {
            long len = b.length();
            if (remaining == 0) {
                return b;
            }
            if (remaining < len) {
                return b.split(remaining);
            }
            remaining -= len;
        }
        return null;
    }

    /**
     * Splits this brigade at byte {@code offset}: this keeps the first {@code offset} bytes and
     * the returned brigade holds the rest (including trailing metadata).
     */
    public Brigade splitAt(long offset) {
        Bucket boundary = partition(offset);
        return boundary == null ? new Brigade() : splitBefore(boundary);
    }

    /** Moves {@code bucket} and everything after it to a new brigade, which is returned. */
    public Brigade splitBefore(Bucket bucket) {
        checkMember(bucket);
        Brigade rest = new Brigade();
        int moved = 0;
        for (Bucket b = bucket; b != null; b = b.next) {
            b.owner = rest;
            moved++;
        }
        rest.head = bucket;
        rest.tail = tail;
        rest.size = moved;
        tail = bucket.prev;
        if (tail == null) {
            head = null;
        } else {
            tail.next = null;
        }
        bucket.prev = null;
        size -= moved;
        return rest;
    }

    /**
     * Moves the first line (through its LF) from the front of this brigade to the end of
     * {@code line}. Metadata before the line's end moves with it.
     *
     * @param maxBytes the most bytes to scan for the LF; file buckets are not scanned
     * @return true if a whole line was moved; false if no LF was found within {@code maxBytes}
     *     of data buckets, in which case nothing was moved
     */
    public boolean splitLine(Brigade line, long maxBytes) {
        long scanned = 0;
        for (Bucket b = head; b != null && scanned < maxBytes; b = b.next) {
            if (!(b instanceof DataBucket data)) {
                if (b instanceof FileBucket) {
                    return false;
                }
                continue;
            }
            ByteBuf content = data.content();
            int limit = (int) Math.min(content.readableBytes(), maxBytes - scanned);
            int lf = content.forEachByte(content.readerIndex(), limit, FIND_LF);
            if (lf >= 0) {
                int through = lf - content.readerIndex() + 1;
                Bucket after = through < content.readableBytes() ? data.split(through) : data.next;
                if (after == null) {
                    moveTo(line);
                } else {
                    splitBefore(after).swapInto(this, line);
                }
                return true;
            }
            scanned += content.readableBytes();
        }
        return false;
    }

    /**
     * After {@code splitBefore}, this brigade holds the remainder and {@code original} holds
     * the line: move the line out to {@code line} and the remainder back to {@code original}.
     */
    private void swapInto(Brigade original, Brigade line) {
        original.moveTo(line);
        moveTo(original);
    }

    /** Copies all data bytes (file regions included) into one array. */
    public byte[] flatten() {
        ByteBuf all = flattenToBuffer();
        try {
            byte[] bytes = new byte[all.readableBytes()];
            all.readBytes(bytes);
            return bytes;
        } finally {
            all.release();
        }
    }

    /** All data bytes decoded in the given charset. */
    public String flattenToString(Charset charset) {
        ByteBuf all = flattenToBuffer();
        try {
            return all.toString(charset);
        } finally {
            all.release();
        }
    }

    /**
     * All data bytes as one buffer the caller must release; the buckets stay as they were
     * (a single data bucket is shared, not copied).
     */
    public ByteBuf flattenToBuffer() {
        if (size == 1 && head instanceof DataBucket only) {
            return only.content().retainedDuplicate();
        }
        long length = length();
        if (length > Integer.MAX_VALUE) {
            throw new IllegalStateException("brigade too large to flatten: " + length + " bytes");
        }
        ByteBuf out = Unpooled.buffer((int) length);
        try {
            for (Bucket b = head; b != null; b = b.next) {
                if (b instanceof DataBucket data) {
                    ByteBuf content = data.content();
                    out.writeBytes(content, content.readerIndex(), content.readableBytes());
                } else if (b instanceof FileBucket file) {
                    appendFile(out, file);
                }
            }
        } catch (RuntimeException e) {
            out.release();
            throw e;
        }
        return out;
    }

    private static void appendFile(ByteBuf out, FileBucket file) {
        try {
            file.copyTo(out);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("reading " + file, e);
        }
    }

    /** True if an EOS bucket is present. */
    public boolean containsEos() {
        for (Bucket b = head; b != null; b = b.next) {
            if (b.isEos()) {
                return true;
            }
        }
        return false;
    }

    /** True if a FLUSH bucket is present. */
    public boolean containsFlush() {
        for (Bucket b = head; b != null; b = b.next) {
            if (b.isFlush()) {
                return true;
            }
        }
        return false;
    }

    /** Removes and releases every bucket; the brigade can be used again. */
    public void cleanup() {
        Bucket b = head;
        head = tail = null;
        size = 0;
        while (b != null) {
            Bucket next = b.next;
            b.owner = null;
            b.prev = b.next = null;
            b.release();
            b = next;
        }
    }

    /** Same as {@link #cleanup()}, for try-with-resources. */
    @Override
    public void close() {
        cleanup();
    }

    @Override
    public Iterator<Bucket> iterator() {
        return new Iterator<>() {
            private Bucket nextBucket = head;

            @Override
            public boolean hasNext() {
                return nextBucket != null;
            }

            @Override
            public Bucket next() {
                if (nextBucket == null) {
                    throw new NoSuchElementException();
                }
                Bucket current = nextBucket;
                nextBucket = current.next;
                return current;
            }
        };
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Brigade[");
        for (Bucket b = head; b != null; b = b.next) {
            sb.append(b).append(b.next == null ? "" : " ");
        }
        return sb.append(']').toString();
    }

    void unlink(Bucket bucket) {
        checkMember(bucket);
        if (bucket.prev != null) {
            bucket.prev.next = bucket.next;
        } else {
            head = bucket.next;
        }
        if (bucket.next != null) {
            bucket.next.prev = bucket.prev;
        } else {
            tail = bucket.prev;
        }
        bucket.prev = bucket.next = null;
        bucket.owner = null;
        size--;
    }

    private void adopt(Bucket bucket) {
        if (bucket.owner != null) {
            throw new IllegalStateException(bucket + " is already in a brigade; remove it first");
        }
        bucket.owner = this;
        size++;
    }

    private void checkMember(Bucket bucket) {
        if (bucket.owner != this) {
            throw new IllegalArgumentException(bucket + " is not in this brigade");
        }
    }
}
