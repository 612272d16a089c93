package org.sluice.internal.connection;

import io.netty.channel.EventLoop;

/**
 * Starts the virtual thread each connection's handler runs on: the one place where the
 * scheduling of handlers is decided, so a different scheduler can be tried without touching
 * protocol code. Handlers run on the JDK's virtual-thread scheduler; a carrier of our own per
 * event loop that parks instead of spinning when idle was measured against it (echo ping-pong
 * and HTTP, server on one core) and made no difference, so it is not kept.
 */
final class HandlerThreads {

    private HandlerThreads() {
    }

    /** Starts {@code task} for a connection served by {@code loop}. */
    static Thread start(Runnable task, EventLoop loop) {
        return Thread.ofVirtual().start(task);
    }
}
