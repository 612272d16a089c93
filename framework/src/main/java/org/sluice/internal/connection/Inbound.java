package org.sluice.internal.connection;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Hands what the event loop reads to the connection's handler thread.
 *
 * <p>The event loop {@linkplain #offer offers} buffers as they are read and {@linkplain
 * #readComplete wakes} the handler once per read batch, so a burst of reads costs one thread
 * switch. Past {@link #HIGH_WATER} queued bytes the channel stops reading (auto-read off) and
 * the peer is held back by TCP; it reads again once the handler has taken the queue below
 * {@link #LOW_WATER}.
 */
final class Inbound {

    static final long HIGH_WATER = 256 * 1024;
    static final long LOW_WATER = 64 * 1024;

    private final Channel channel;
    /** Whether the handler is carried by the channel's event loop, which then batches wake-ups itself. */
    private final boolean loopCarried;
    /** Offered by the event loop; polled by the handler, and by the event loop once the handler is done. */
    private final OneToOneQueue<ByteBuf> queue = new OneToOneQueue<>();
    private final AtomicLong queued = new AtomicLong();
    private final AtomicBoolean paused = new AtomicBoolean();
    private final Runnable resume;
    private volatile Thread waiter;
    private volatile long deadline;
    private volatile boolean ended;
    private volatile boolean closed;

    Inbound(Channel channel, boolean loopCarried) {
        this.channel = channel;
        this.loopCarried = loopCarried;
        this.resume = () -> {
            paused.set(false);
            // once the input ended there is nothing more to read, and the transport refuses to
            // watch a shut input for reads (epoll_ctl fails), which would fail the connection
            // and lose the answers not yet written
            if (!closed && !ended) {
                channel.config().setAutoRead(true);
            }
        };
    }

    /** Event loop: a buffer was read. Released at once if the handler is done. */
    void offer(ByteBuf buffer) {
        if (closed) {
            buffer.release();
            return;
        }
        queue.offer(buffer);
        if (queued.addAndGet(buffer.readableBytes()) >= HIGH_WATER && paused.compareAndSet(false, true)) {
            channel.config().setAutoRead(false);
            if (queued.get() <= LOW_WATER) {
                // a handler on another thread took the queue down before it could see the pause
                resume.run();
            }
        }
    }

    /**
     * Event loop: the read batch is over; wake the handler, if it waits, after this loop pass. A
     * handler the loop carries is unparked at once: its continuation joins the {@link
     * LoopCarrier}'s queue, which the loop runs as one task after the pass.
     */
    void readComplete() {
        Thread t = waiter;
        if (t == null) {
            return;
        }
        if (loopCarried) {
            LockSupport.unpark(t);
        } else {
            Wakeups.schedule(channel.eventLoop(), t);
        }
    }

    /** Nothing more will arrive (from the event loop, or from the handler closing its own input). */
    void end() {
        ended = true;
        Thread t = waiter;
        if (t != null) {
            LockSupport.unpark(t);
        }
    }

    /** Handler thread: the next buffer, or null if none is queued now. */
    ByteBuf poll() {
        ByteBuf buffer = queue.poll();
        if (buffer != null && queued.addAndGet(-buffer.readableBytes()) <= LOW_WATER && paused.get()) {
            channel.eventLoop().execute(resume);
        }
        return buffer;
    }

    boolean hasData() {
        return !queue.isEmpty();
    }

    boolean ended() {
        return ended && queue.isEmpty();
    }

    /**
     * Handler thread: parks until data or end of stream, or the deadline passes. The park is
     * untimed (a timed park costs a timer per read); {@link #wakeIfExpired} run by the server's
     * timeout sweep ends a wait whose deadline has passed.
     *
     * @param nowNanos {@link System#nanoTime()} as the caller last read it, saving a read
     * @return false on timeout
     */
    boolean await(long deadlineNanos, long nowNanos) {
        deadline = deadlineNanos;
        waiter = Thread.currentThread();
        try {
            long now = nowNanos;
            while (queue.isEmpty() && !ended) {
                if (now - deadlineNanos >= 0) {
                    return false;
                }
                LockSupport.park(this);
                if (!queue.isEmpty() || ended) {
                    break; // woken by data or its end: no clock read needed
                }
                now = System.nanoTime();
            }
            return true;
        } finally {
            waiter = null;
        }
    }

    /** Timeout sweep: wakes the handler if it has waited past its deadline. */
    void wakeIfExpired(long now) {
        Thread t = waiter;
        if (t != null && now - deadline >= 0) {
            LockSupport.unpark(t);
        }
    }

    /**
     * The connection is over; release whatever is still queued. Called on the event loop after
     * the handler has finished reading, or by the handler once the event loop has stopped.
     */
    void close() {
        closed = true;
        ByteBuf buffer;
        while ((buffer = queue.poll()) != null) {
            buffer.release();
        }
    }

    static long nanos(java.time.Duration d) {
        return TimeUnit.MILLISECONDS.toNanos(d.toMillis());
    }
}
