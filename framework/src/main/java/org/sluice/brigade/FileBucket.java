package org.sluice.brigade;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.DefaultFileRegion;
import io.netty.channel.FileRegion;
import io.netty.util.AbstractReferenceCounted;
import io.netty.util.ReferenceCounted;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A region of an open file. When such a bucket reaches the network untouched it is sent with
 * the kernel's zero-copy path ({@code sendfile}); a filter that needs the bytes calls
 * {@link #read(ByteBufAllocator, int)} to turn the front of the region into a {@link DataBucket}.
 *
 * <p>Buckets split from one another share the open file, which is closed when the last of
 * them is released.
 */
public final class FileBucket extends Bucket {

    private SharedFile file;
    private long position;
    private long count;

    private FileBucket(SharedFile file, long position, long count) {
        this.file = file;
        this.position = position;
        this.count = count;
    }

    /** A bucket for {@code count} bytes of {@code path} from {@code position}. */
    public static FileBucket open(Path path, long position, long count) throws IOException {
        FileChannel channel = FileChannel.open(path, StandardOpenOption.READ);
        return new FileBucket(new SharedFile(channel), position, count);
    }

    /** A bucket for the whole of {@code path}. */
    public static FileBucket open(Path path) throws IOException {
        FileChannel channel = FileChannel.open(path, StandardOpenOption.READ);
        try {
            return new FileBucket(new SharedFile(channel), 0, channel.size());
        } catch (IOException e) {
            channel.close();
            throw e;
        }
    }

    /** Where the region starts in the file. */
    public long position() {
        return position;
    }

    @Override
    public long length() {
        return count;
    }

    @Override
    public FileBucket split(long offset) {
        checkSplit(offset);
        FileBucket tail = new FileBucket(live().retain(), position + offset, count - offset);
        count = offset;
        if (owner != null) {
            owner.insertAfter(this, tail);
        }
        return tail;
    }

    /**
     * Reads up to {@code max} bytes from the front of the region into a new data bucket that
     * takes this bucket's place in its brigade; what is left of the region stays after it
     * (this bucket is released when nothing is left).
     */
    public DataBucket read(ByteBufAllocator allocator, int max) throws IOException {
        int size = (int) Math.min(max, count);
        ByteBuf buffer = allocator.buffer(size);
        try {
            long at = position;
            while (buffer.writerIndex() < size) {
                int n = buffer.writeBytes(live().channel, at, size - buffer.writerIndex());
                if (n < 0) {
                    throw new IOException("file shrank while being read");
                }
                at += n;
            }
        } catch (IOException | RuntimeException e) {
            buffer.release();
            throw e;
        }
        DataBucket data = DataBucket.of(buffer);
        if (owner != null) {
            insertBefore(data);
        }
        position += size;
        count -= size;
        if (count == 0) {
            delete();
        }
        return data;
    }

    /** Appends the bytes of the region to {@code out}; the bucket stays as it is. */
    public void copyTo(ByteBuf out) throws IOException {
        long at = position;
        long end = position + count;
        while (at < end) {
            int n = out.writeBytes(live().channel, at, (int) Math.min(end - at, 1 << 16));
            if (n < 0) {
                throw new IOException("file shrank while being read");
            }
            at += n;
        }
    }

    /**
     * The region as a Netty {@link FileRegion} for a zero-copy write; the region holds its
     * own reference to the file, so the bucket can be released independently.
     */
    public FileRegion toFileRegion() {
        SharedFile shared = live().retain();
        return new SharedFileRegion(shared, position, count);
    }

    @Override
    public void release() {
        SharedFile toRelease = file;
        file = null;
        if (toRelease != null) {
            toRelease.release();
        }
    }

    private SharedFile live() {
        if (file == null) {
            throw new IllegalStateException("bucket already released");
        }
        return file;
    }

    @Override
    public String toString() {
        return "FILE(" + position + "+" + count + ")";
    }

    /** An open file shared by the buckets split from one another. */
    private static final class SharedFile extends AbstractReferenceCounted {
        final FileChannel channel;

        SharedFile(FileChannel channel) {
            this.channel = channel;
        }

        @Override
        public SharedFile retain() {
            super.retain();
            return this;
        }

        @Override
        protected void deallocate() {
            try {
                channel.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public ReferenceCounted touch(Object hint) {
            return this;
        }
    }

    /**
     * A {@link DefaultFileRegion} (so the native transports use sendfile) that gives back its
     * reference to the shared file instead of closing it.
     */
    private static final class SharedFileRegion extends DefaultFileRegion {
        private final SharedFile shared;

        SharedFileRegion(SharedFile shared, long position, long count) {
            super(shared.channel, position, count);
            this.shared = shared;
        }

        @Override
        protected void deallocate() {
            shared.release();
        }
    }
}
