package org.sluice.internal.connection;

import io.netty.channel.EventLoop;
import java.lang.reflect.Constructor;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the virtual thread each connection's handler runs on: the seam where the scheduling
 * of handlers can change without touching protocol code.
 *
 * <p>By default handlers are plain virtual threads on the JDK's scheduler. With
 * {@code -Dsluice.carriers=true} (which needs {@code --add-opens java.base/java.lang=ALL-UNNAMED})
 * each event loop gets one carrier thread of its own that parks as soon as it has nothing to
 * run, instead of spinning first as the JDK's scheduler does; on a machine where event loop
 * and carriers share a core, that spin takes the core away from the event loop.
 */
final class HandlerThreads {

    private static final Logger log = LoggerFactory.getLogger(HandlerThreads.class);
    private static final Constructor<?> CUSTOM_BUILDER = customBuilder();
    private static final Map<EventLoop, Thread.Builder.OfVirtual> BUILDERS = new ConcurrentHashMap<>();

    private HandlerThreads() {
    }

    static Thread start(Runnable task, EventLoop loop) {
        if (CUSTOM_BUILDER == null) {
            return Thread.ofVirtual().start(task);
        }
        return BUILDERS.computeIfAbsent(loop, l -> newBuilder()).start(task);
    }

    private static Thread.Builder.OfVirtual newBuilder() {
        try {
            return (Thread.Builder.OfVirtual) CUSTOM_BUILDER.newInstance(new Carrier());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Constructor<?> customBuilder() {
        if (!Boolean.getBoolean("sluice.carriers")) {
            return null;
        }
        try {
            Class<?> type = Class.forName("java.lang.ThreadBuilders$VirtualThreadBuilder");
            Constructor<?> constructor = type.getDeclaredConstructor(Executor.class);
            constructor.setAccessible(true);
            return constructor;
        } catch (ReflectiveOperationException | RuntimeException e) {
            log.warn("sluice.carriers: the JDK does not allow a scheduler of our own ({}); using its default", e.toString());
            return null;
        }
    }

    /** One platform thread that runs virtual threads' continuations and parks when idle. */
    private static final class Carrier implements Executor {
        private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
        private final Thread thread;
        private volatile boolean sleeping;

        Carrier() {
            thread = Thread.ofPlatform().daemon().name("sluice-carrier").start(this::loop);
        }

        @Override
        public void execute(Runnable task) {
            tasks.offer(task);
            if (sleeping) {
                LockSupport.unpark(thread);
            }
        }

        private void loop() {
            while (true) {
                Runnable task = tasks.poll();
                if (task != null) {
                    task.run();
                    continue;
                }
                sleeping = true;
                if (tasks.isEmpty()) {
                    LockSupport.park(this);
                }
                sleeping = false;
            }
        }
    }
}
