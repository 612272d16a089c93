package org.sluice.internal.connection;

import io.netty.channel.EventLoop;
import java.lang.reflect.Constructor;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

/**
 * Starts the virtual thread each connection's handler runs on: the one place where the
 * scheduling of handlers is decided ({@code HandlerScheduler}), so protocol code never sees it.
 *
 * <ul>
 *   <li>{@link Scheduler#DEFAULT}: the JDK's virtual-thread scheduler. Handlers may block in any
 *       way (files, DNS, locks) without holding up I/O.
 *   <li>{@link Scheduler#EVENT_LOOP}: a connection's virtual thread is carried by the event loop
 *       of its channel, so handing data between the two is a task on the same thread, never a
 *       thread switch (on one core: echo ping-pong 176k to 219k round trips/s, HTTP 70k to 85k
 *       requests/s). The price: a handler that blocks its carrier (file I/O, a DNS lookup such as
 *       {@code Require host}) stalls every connection of that loop while it does; parking (reads,
 *       writes, sleeps, locks) is fine. It needs the JDK's internal virtual-thread builder, opened
 *       by {@code --add-opens java.base/java.lang=ALL-UNNAMED}, which bin/sluice passes.
 * </ul>
 */
public final class HandlerThreads {

    /** Where handlers run. */
    public enum Scheduler { DEFAULT, EVENT_LOOP }

    private static final Map<EventLoop, Thread.Builder.OfVirtual> BUILDERS = new ConcurrentHashMap<>();

    private HandlerThreads() {
    }

    static Thread start(Runnable task, EventLoop loop, Scheduler scheduler) {
        if (scheduler == Scheduler.EVENT_LOOP) {
            return BUILDERS.computeIfAbsent(loop, HandlerThreads::carriedBy).start(task);
        }
        return Thread.ofVirtual().start(task);
    }

    /** Null if virtual threads can be carried by an event loop here, else why not. */
    public static String eventLoopCarrierProblem() {
        try {
            builderConstructor();
            return null;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return "this JDK does not let virtual threads run on an event loop (" + e
                    + "); start the JVM with --add-opens java.base/java.lang=ALL-UNNAMED as bin/sluice does";
        }
    }

    private static Thread.Builder.OfVirtual carriedBy(EventLoop loop) {
        try {
            return (Thread.Builder.OfVirtual) builderConstructor().newInstance((Executor) loop);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot carry handlers on the event loop", e);
        }
    }

    private static Constructor<?> builderConstructor() throws ReflectiveOperationException {
        Constructor<?> constructor = Class.forName("java.lang.ThreadBuilders$VirtualThreadBuilder")
                .getDeclaredConstructor(Executor.class);
        constructor.setAccessible(true);
        return constructor;
    }
}
