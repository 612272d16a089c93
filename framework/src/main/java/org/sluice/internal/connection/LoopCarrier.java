package org.sluice.internal.connection;

import io.netty.channel.EventLoop;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scheduler of the virtual threads an event loop carries: their continuations wait in a
 * queue the loop runs as one task, so a loop wakes once for all the handlers that became ready
 * together.
 *
 * <p>A loop thread that waits for a lock can deadlock with a handler it carries: when the
 * holder lets go, the lock may hand itself to the parked handler, whose carrier is the very
 * thread that waits behind it. A watch thread looks at every loop a few dozen times a second;
 * when a loop's thread is blocked (waiting for a lock or a condition, not in its selector)
 * and handlers have waited for it since the last look, it runs them on the JDK's scheduler,
 * which frees the lock, the loop, and all behind them. The watch also takes over what waits
 * on a loop that has ended, so a handler that outlives its loop still ends and runs its
 * cleanups.
 */
final class LoopCarrier implements Executor {

    private static final Logger log = LoggerFactory.getLogger(LoopCarrier.class);

    /** How often the watch looks; a blocked loop's handlers wait at most about twice this. */
    private static final long WATCH_INTERVAL_MILLIS = 25;
    /** Continuations one task of the loop runs before it lets the loop's I/O and other tasks go. */
    private static final int BATCH = 256;

    private static final Set<LoopCarrier> CARRIERS = ConcurrentHashMap.newKeySet();
    private static final AtomicBoolean WATCHING = new AtomicBoolean();

    private final EventLoop loop;
    private final Executor fallback;
    private final Queue<Runnable> waiting = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean drainQueued = new AtomicBoolean();
    private final Runnable drain = this::drain;
    /** The loop's thread, known once it has run a batch. */
    private volatile Thread loopThread;
    /** Batches the loop has begun: whether it moved between two looks of the watch. */
    private volatile long batches;
    /** Read and written by the watch thread only. */
    private long batchesAtLastLook = -1;
    private boolean rescuing;

    /** A carrier for {@code loop}; what the loop cannot run goes to {@code fallback}. */
    LoopCarrier(EventLoop loop, Executor fallback) {
        this.loop = loop;
        this.fallback = fallback;
        if (loop.inEventLoop()) {
            loopThread = Thread.currentThread();
        }
        CARRIERS.add(this);
        if (WATCHING.compareAndSet(false, true)) {
            Thread.ofPlatform().daemon().name("sluice-loop-watch").start(LoopCarrier::watch);
        }
    }

    @Override
    public void execute(Runnable continuation) {
        if (loop.isShuttingDown()) {
            fallback.execute(continuation);
            return;
        }
        waiting.offer(continuation);
        // a plain read first: within a batch the drain is already queued, and a failed
        // compare-and-set costs as much as one that succeeds
        if (!drainQueued.get() && drainQueued.compareAndSet(false, true)) {
            try {
                loop.execute(drain);
            } catch (RejectedExecutionException e) {
                // the loop shut down in between
                handOver("its loop has shut down");
            }
        }
    }

    private void drain() {
        loopThread = Thread.currentThread();
        batches++; // only the loop's thread writes it
        drainQueued.set(false);
        for (int i = 0; i < BATCH; i++) {
            Runnable continuation = waiting.poll();
            if (continuation == null) {
                return;
            }
            continuation.run();
        }
        if (!waiting.isEmpty() && drainQueued.compareAndSet(false, true)) {
            loop.execute(drain);
        }
    }

    /** Gives everything waiting for the loop to the fallback scheduler; returns how much. */
    private int handOver(String why) {
        int handed = 0;
        for (Runnable continuation; (continuation = waiting.poll()) != null; handed++) {
            fallback.execute(continuation);
        }
        if (handed > 0) {
            log.debug("{} handler(s) of {} run on the JDK's scheduler: {}", handed, loop, why);
        }
        return handed;
    }

    private static void watch() {
        while (true) {
            try {
                TimeUnit.MILLISECONDS.sleep(WATCH_INTERVAL_MILLIS);
            } catch (InterruptedException e) {
                // a daemon: nothing stops it but the JVM's end
            }
            for (LoopCarrier carrier : CARRIERS) {
                try {
                    carrier.look();
                } catch (RuntimeException e) {
                    log.error("watching {}", carrier.loop, e);
                }
            }
        }
    }

    /** One look of the watch. */
    private void look() {
        if (loop.isTerminated()) {
            handOver("its loop has ended");
            CARRIERS.remove(this);
            return;
        }
        long seen = batches;
        boolean stuck = seen == batchesAtLastLook && !waiting.isEmpty() && blocked(loopThread);
        batchesAtLastLook = seen;
        if (!stuck) {
            rescuing = false;
            return;
        }
        Thread thread = loopThread;
        int handed = handOver("the loop's thread is " + thread.getState());
        if (handed > 0 && !rescuing) {
            rescuing = true;
            log.warn("event loop thread {} is {} at {}; the {} handler(s) waiting for it run on the JDK's scheduler"
                    + " until it is free", thread.getName(), thread.getState(), where(thread), handed);
        }
    }

    private static boolean blocked(Thread thread) {
        if (thread == null) {
            return false;
        }
        Thread.State state = thread.getState();
        return state == Thread.State.BLOCKED || state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING;
    }

    private static String where(Thread thread) {
        StackTraceElement[] stack = thread.getStackTrace();
        for (StackTraceElement frame : stack) {
            String type = frame.getClassName();
            if (!type.startsWith("java.") && !type.startsWith("jdk.")) {
                return frame.toString();
            }
        }
        return stack.length > 0 ? stack[0].toString() : "an unknown place";
    }
}
