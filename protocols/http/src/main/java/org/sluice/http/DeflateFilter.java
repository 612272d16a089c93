package org.sluice.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Objects;
import java.util.Set;
import java.util.zip.CRC32;
import java.util.concurrent.locks.ReentrantLock;
import java.util.zip.Deflater;
import org.sluice.brigade.Brigade;
import org.sluice.brigade.Bucket;
import org.sluice.brigade.DataBucket;
import org.sluice.brigade.FileBucket;
import org.sluice.brigade.MetadataBucket;
import org.sluice.connection.Connection;
import org.sluice.connection.Note;
import org.sluice.filter.OutputFilter;

/**
 * Compresses a response body into the gzip format (RFC 1952) as it streams past, as Apache's
 * {@code DEFLATE} output filter of mod_deflate does. Whether a response should be compressed at
 * all, and how its header fields change, is {@link DeflateDecision}'s business; this filter is
 * inserted only for bodies that should be.
 *
 * <pre>
 *   [DATA] [FILE 1 MiB] [FLUSH] [DATA] [EOS]
 *   ⇒ [gzip header + deflated ...] (passed on every time an output buffer fills)
 *     [... up to the flush point] [FLUSH] [... rest] [CRC-32 + length] [EOS]
 * </pre>
 *
 * <ul>
 *   <li>Memory stays bounded whatever the body's size: input is deflated as it arrives, file
 *       buckets are read a buffer at a time, and each output buffer ({@code bufferSize} bytes) is
 *       passed on as soon as it is full. Every input bucket is released once it is deflated.
 *   <li>FLUSH makes the deflater emit everything it holds (a zlib sync flush), so what was passed
 *       on so far decompresses to all the data that preceded the FLUSH, which is then passed on.
 *   <li>EOS ends the gzip stream with its CRC-32 and length trailer. A body that had no data at
 *       all still becomes a valid, empty gzip stream.
 *   <li>Other metadata buckets keep their order relative to FLUSH, EOS and one another; the
 *       compressed bytes already produced go before them.
 *   <li>The filter takes itself out of the chain at EOS; buckets after EOS pass unchanged.
 * </ul>
 *
 * <p>The native memory of the {@link Deflater} (about 256 KiB at the default settings) is given
 * back at EOS, on {@link #close()}, or when the connection ends, whichever comes first, so a
 * response cut short by a broken connection leaks nothing.
 */
public final class DeflateFilter implements OutputFilter, AutoCloseable {

    /** zlib's default, which Apache's {@code DeflateCompressionLevel} also defaults to. */
    public static final int DEFAULT_LEVEL = 6;

    /** Size of each output buffer, and of each read from a file bucket. */
    public static final int DEFAULT_BUFFER_SIZE = 16 * 1024;

    private static final int GZIP_MAGIC = 0x8b1f;
    private static final int OS_UNIX = 3;
    private static final int TRAILER_SIZE = 8;

    private final int level;
    private final int bufferSize;
    private final ByteBufAllocator allocator;

    /**
     * Held while a brigade is being compressed: the connection's pool cleanup may run on
     * another thread, and must not pull the deflater or the output buffer from under it.
     */
    private final ReentrantLock lock = new ReentrantLock();
    private volatile boolean closeRequested;

    private Deflater deflater;
    private final CRC32 crc = new CRC32();
    private ByteBuf output;
    private LiveDeflaters registry;
    private boolean started;
    private boolean ended;

    /** A filter at {@link #DEFAULT_LEVEL}. */
    public DeflateFilter() {
        this(DEFAULT_LEVEL);
    }

    /**
     * A filter at the given compression level ({@code DeflateCompressionLevel}).
     *
     * @param level 1 (fastest) to 9 (smallest)
     */
    public DeflateFilter(int level) {
        this(level, DEFAULT_BUFFER_SIZE, ByteBufAllocator.DEFAULT);
    }

    /**
     * @param level 1 (fastest) to 9 (smallest)
     * @param bufferSize bytes per output buffer and per file read ({@code DeflateBufferSize}), at
     *     least 64
     * @param allocator where the output buffers come from
     */
    public DeflateFilter(int level, int bufferSize, ByteBufAllocator allocator) {
        if (level < 1 || level > 9) {
            throw new IllegalArgumentException("DeflateCompressionLevel must be between 1 and 9, not " + level);
        }
        if (bufferSize < 64) {
            throw new IllegalArgumentException("the deflate buffer size must be at least 64 bytes, not " + bufferSize);
        }
        this.level = level;
        this.bufferSize = bufferSize;
        this.allocator = Objects.requireNonNull(allocator, "allocator");
    }

    /** The compression level, 1 to 9. */
    public int level() {
        return level;
    }

    @Override
    public void pass(Context ctx, Brigade brigade) throws IOException {
        lock.lock();
        try {
            passLocked(ctx, brigade);
        } finally {
            lock.unlock();
            if (closeRequested) {
                closeIfIdle();
            }
        }
    }

    private void passLocked(Context ctx, Brigade brigade) throws IOException {
        Brigade out = new Brigade();
        try {
            for (Bucket bucket; (bucket = brigade.removeFirst()) != null; ) {
                if (ended) {
                    out.addLast(bucket);
                    continue;
                }
                switch (bucket) {
                    case DataBucket data -> deflate(ctx, data, out);
                    case FileBucket file -> deflate(ctx, file, out);
                    case MetadataBucket marker -> {
                        if (marker.isFlush()) {
                            start(ctx);
                            drain(ctx, Deflater.SYNC_FLUSH, out);
                        } else if (marker.isEos()) {
                            finish(ctx, out);
                            ctx.remove();
                        }
                        emitOutput(out);
                        out.addLast(marker);
                    }
                }
            }
            if (!out.isEmpty()) {
                ctx.passNext(out);
            }
        } catch (IOException | RuntimeException | Error e) {
            closeLocked();
            throw e;
        } finally {
            out.cleanup();
            brigade.cleanup();
        }
    }

    /**
     * Gives back the deflater and any compressed bytes not yet passed on. The filter passes
     * later buckets unchanged. Safe to call more than once, from any thread: while another
     * thread is inside {@link #pass}, the filter closes as that call returns.
     */
    @Override
    public void close() {
        closeRequested = true;
        closeIfIdle();
    }

    private void closeIfIdle() {
        if (lock.tryLock()) {
            try {
                closeLocked();
            } finally {
                lock.unlock();
            }
        }
    }

    private void closeLocked() {
        ended = true;
        if (output != null) {
            output.release();
            output = null;
        }
        endDeflater();
    }

    /** True while the filter holds a deflater (between its first bucket and EOS or close). */
    boolean holdsDeflater() {
        return deflater != null;
    }

    private void deflate(Context ctx, DataBucket data, Brigade out) throws IOException {
        try {
            deflate(ctx, data.content(), out);
        } finally {
            data.release();
        }
    }

    private void deflate(Context ctx, FileBucket file, Brigade out) throws IOException {
        try {
            while (file.length() > 0) {
                deflate(ctx, file.read(allocator, bufferSize), out);
            }
        } finally {
            file.release();
        }
    }

    private void deflate(Context ctx, ByteBuf content, Brigade out) throws IOException {
        if (!content.isReadable()) {
            return;
        }
        start(ctx);
        for (ByteBuffer piece : content.nioBuffers()) {
            crc.update(piece.duplicate());
            deflater.setInput(piece);
            while (!deflater.needsInput()) {
                deflateOnce(ctx, Deflater.NO_FLUSH, out);
            }
        }
    }

    /** Creates the deflater and writes the gzip header, once, at the first bucket. */
    private void start(Context ctx) {
        if (started) {
            return;
        }
        started = true;
        deflater = new Deflater(level, true);
        Connection connection = ctx.connection();
        if (connection != null) {
            registry = LiveDeflaters.of(connection);
            registry.add(this);
        }
        output = allocator.buffer(bufferSize, bufferSize);
        output.writeShortLE(GZIP_MAGIC);
        output.writeByte(Deflater.DEFLATED);
        output.writeByte(0); // flags: no name, comment or extra field
        output.writeIntLE(0); // no modification time: the body is not a file
        output.writeByte(level == 9 ? 2 : level == 1 ? 4 : 0); // XFL, as gzip(1) sets it
        output.writeByte(OS_UNIX);
    }

    /** Deflates until the deflater has nothing left to give for {@code flushMode}. */
    private void drain(Context ctx, int flushMode, Brigade out) throws IOException {
        // A sync flush is complete only when it left room in the output buffer (Deflater docs).
        while (deflateOnce(ctx, flushMode, out)) {
            // the buffer filled up: go on in a fresh one
        }
    }

    private void finish(Context ctx, Brigade out) throws IOException {
        start(ctx);
        deflater.finish();
        while (!deflater.finished()) {
            deflateOnce(ctx, Deflater.NO_FLUSH, out);
        }
        if (output.writableBytes() < TRAILER_SIZE) {
            passFullOutput(ctx, out);
        }
        output.writeIntLE((int) crc.getValue());
        output.writeIntLE((int) deflater.getBytesRead());
        ended = true;
        endDeflater();
    }

    /**
     * One call of {@link Deflater#deflate(ByteBuffer, int)} into the current output buffer;
     * a buffer that fills up is passed on at once.
     *
     * @return true if the output buffer filled up
     */
    private boolean deflateOnce(Context ctx, int flushMode, Brigade out) throws IOException {
        if (!output.isWritable()) {
            passFullOutput(ctx, out);
        }
        int room = output.writableBytes();
        ByteBuffer target = output.nioBuffer(output.writerIndex(), room);
        int written = deflater.deflate(target, flushMode);
        output.writerIndex(output.writerIndex() + written);
        return written == room;
    }

    /** Passes on what is in {@code out} followed by the full output buffer, and starts a new one. */
    private void passFullOutput(Context ctx, Brigade out) throws IOException {
        emitOutput(out);
        ctx.passNext(out);
        out.cleanup();
    }

    /** Moves the compressed bytes so far to the end of {@code out}. */
    private void emitOutput(Brigade out) {
        if (output != null && output.isReadable()) {
            out.addLast(output);
            output = ended || deflater == null ? null : allocator.buffer(bufferSize, bufferSize);
        }
    }

    private void endDeflater() {
        if (deflater != null) {
            deflater.end();
            deflater = null;
        }
        if (registry != null) {
            registry.remove(this);
            registry = null;
        }
    }

    /**
     * The deflating filters of one connection that still hold a deflater: one pool cleanup per
     * connection ends them all, however many responses a keep-alive connection compresses.
     */
    private static final class LiveDeflaters implements Runnable {
        private static final Note<LiveDeflaters> NOTE = Note.of("deflate.live", LiveDeflaters.class);

        private final Set<DeflateFilter> filters = Collections.synchronizedSet(
                Collections.newSetFromMap(new IdentityHashMap<>()));

        static LiveDeflaters of(Connection connection) {
            LiveDeflaters live = connection.note(NOTE);
            if (live == null) {
                live = new LiveDeflaters();
                connection.note(NOTE, live);
                connection.pool().addCleanup(live);
            }
            return live;
        }

        void add(DeflateFilter filter) {
            filters.add(filter);
        }

        void remove(DeflateFilter filter) {
            filters.remove(filter);
        }

        /** The connection ended: end every deflater that is still open. */
        @Override
        public void run() {
            DeflateFilter[] open;
            synchronized (filters) {
                open = filters.toArray(DeflateFilter[]::new);
                filters.clear();
            }
            for (DeflateFilter filter : open) {
                filter.close();
            }
        }
    }
}
