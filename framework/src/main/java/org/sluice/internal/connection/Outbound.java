package org.sluice.internal.connection;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelProgressiveFuture;
import io.netty.channel.ChannelProgressiveFutureListener;
import io.netty.channel.ChannelPromise;
import io.netty.channel.FileRegion;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.channels.ClosedChannelException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Hands what the handler writes to the event loop.
 *
 * <p>The handler collects buffers locally and {@linkplain #handOff() hands them off} as one
 * batch: the event loop writes the whole batch and flushes once, and batches handed off while
 * the loop is busy are merged into the same pass. The handler parks while more than
 * {@link #HIGH_WATER} bytes wait for the socket (or the channel reports itself unwritable), so
 * a peer that does not read cannot make the server buffer without bound.
 */
final class Outbound {

    static final int BATCH_LIMIT = 64 * 1024;
    static final long HIGH_WATER = 256 * 1024;

    private final Channel channel;
    /**
     * Offered by the handler; polled by whoever holds {@link #drainScheduled}: the event loop's
     * drain, or the handler when the loop refuses the drain.
     */
    private final OneToOneQueue<Object> queue = new OneToOneQueue<>();
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    private final AtomicLong inFlight = new AtomicLong();
    private final Runnable drain = this::drain;
    private final List<Object> batch = new ArrayList<>();
    private long batchBytes;
    private volatile Thread waiter;
    private volatile boolean failed;

    Outbound(Channel channel) {
        this.channel = channel;
    }

    /** Handler thread: adds a buffer or file region to the current batch. */
    void add(Object message, long bytes) throws IOException {
        if (failed || !channel.isActive()) {
            ReferenceCountUtil.release(message);
            throw new ClosedChannelException();
        }
        batch.add(message);
        batchBytes += bytes;
    }

    long batchBytes() {
        return batchBytes;
    }

    boolean hasBatch() {
        return !batch.isEmpty();
    }

    /** Handler thread: sends the batch to the event loop, which writes and flushes it. */
    void handOff() {
        if (batch.isEmpty()) {
            return;
        }
        for (Object message : batch) {
            queue.offer(message);
        }
        inFlight.addAndGet(batchBytes);
        batch.clear();
        batchBytes = 0;
        if (drainScheduled.compareAndSet(false, true)) {
            try {
                channel.eventLoop().execute(drain);
            } catch (RejectedExecutionException e) {
                // the server stopped under a handler that was still writing: nobody will send this
                failed = true;
                Object message;
                while ((message = queue.poll()) != null) {
                    ReferenceCountUtil.release(message);
                }
            }
        }
    }

    /**
     * Handler thread: parks while too much waits for a slow peer, for {@code timeoutNanos} at
     * most without progress (Apache's Timeout): a file being sent counts as progressing as long
     * as its bytes go out, however long the whole takes.
     */
    void awaitWritable(long timeoutNanos) throws IOException {
        if (inFlight.get() <= HIGH_WATER && channel.isWritable()) {
            return;
        }
        long deadline = System.nanoTime() + timeoutNanos;
        long seen = inFlight.get();
        waiter = Thread.currentThread();
        try {
            while ((inFlight.get() > HIGH_WATER || !channel.isWritable()) && channel.isActive() && !failed) {
                long now = System.nanoTime();
                long pending = inFlight.get();
                if (pending < seen) {
                    seen = pending;
                    deadline = now + timeoutNanos;
                }
                long left = deadline - now;
                if (left <= 0) {
                    throw new SocketTimeoutException("timed out writing to the client");
                }
                LockSupport.parkNanos(this, left);
            }
        } finally {
            waiter = null;
        }
        if (!channel.isActive() || failed) {
            throw new ClosedChannelException();
        }
    }

    /**
     * Event loop: writes everything queued and flushes once, with the last message. It lets go
     * of {@link #drainScheduled} only when done polling, so the handler never polls at the same
     * time; a batch handed off after that is drained in the same run.
     */
    private void drain() {
        do {
            long drained = 0;
            Object message = queue.poll();
            while (message != null) {
                Object next = queue.poll();
                ChannelPromise promise;
                if (message instanceof FileRegion region) {
                    // in flight until sent: Netty counts no file bytes against writability
                    promise = channel.newProgressivePromise().addListener(new FileSent(region.count()));
                } else {
                    drained += sizeOf(message);
                    promise = channel.voidPromise();
                }
                if (next == null) {
                    channel.writeAndFlush(message, promise);
                } else {
                    channel.write(message, promise);
                }
                message = next;
            }
            inFlight.addAndGet(-drained);
            drainScheduled.set(false);
        } while (!queue.isEmpty() && drainScheduled.compareAndSet(false, true));
        wakeWriter();
    }

    /**
     * Event loop: takes a file region's bytes off {@link #inFlight} as the socket takes them,
     * and all that is left once it is done (sent, or failed), waking the handler when that
     * lets it write again.
     */
    private final class FileSent implements ChannelProgressiveFutureListener {
        private final long count;
        private long settled;

        FileSent(long count) {
            this.count = count;
        }

        @Override
        public void operationProgressed(ChannelProgressiveFuture future, long progress, long total) {
            settle(progress);
        }

        @Override
        public void operationComplete(ChannelProgressiveFuture future) {
            settle(count);
        }

        private void settle(long sent) {
            long delta = Math.min(sent, count) - settled;
            if (delta > 0) {
                settled += delta;
                long left = inFlight.addAndGet(-delta);
                if (left + delta > HIGH_WATER && left <= HIGH_WATER || settled == count) {
                    wakeWriter();
                }
            }
        }
    }

    /** Event loop: the channel's writability changed or it closed. */
    void wakeWriter() {
        Thread t = waiter;
        if (t != null) {
            LockSupport.unpark(t);
        }
    }

    /** The channel failed; writers give up. */
    void fail() {
        failed = true;
        wakeWriter();
    }

    /** Handler thread at the end: drops an unsent batch (after an abort). */
    void discardBatch() {
        for (Object message : batch) {
            ReferenceCountUtil.release(message);
        }
        batch.clear();
        batchBytes = 0;
    }

    private static long sizeOf(Object message) {
        if (message instanceof ByteBuf buffer) {
            return buffer.readableBytes();
        }
        if (message instanceof FileRegion region) {
            return region.count();
        }
        return 0;
    }
}
