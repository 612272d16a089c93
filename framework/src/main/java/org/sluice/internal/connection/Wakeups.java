package org.sluice.internal.connection;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.FastThreadLocal;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * Wakes the handler threads that got data in one pass of an event loop together, after the
 * loop has processed all its ready channels, instead of one by one while it reads: the
 * scheduler then runs a batch of handlers for one hand-over rather than a hand-over per read.
 */
final class Wakeups implements Runnable {

    private static final FastThreadLocal<Wakeups> PER_LOOP = new FastThreadLocal<>();

    private final EventLoop loop;
    private final List<Thread> threads = new ArrayList<>();
    private boolean scheduled;

    private Wakeups(EventLoop loop) {
        this.loop = loop;
    }

    /** Event loop: wakes {@code thread} at the end of this pass. */
    static void schedule(EventLoop loop, Thread thread) {
        Wakeups wakeups = PER_LOOP.get();
        if (wakeups == null) {
            wakeups = new Wakeups(loop);
            PER_LOOP.set(wakeups);
        }
        wakeups.threads.add(thread);
        if (!wakeups.scheduled) {
            wakeups.scheduled = true;
            loop.execute(wakeups);
        }
    }

    @Override
    public void run() {
        scheduled = false;
        for (Thread thread : threads) {
            LockSupport.unpark(thread);
        }
        threads.clear();
    }
}
