package org.sluice.internal.connection;

import io.netty.channel.EventLoop;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadFactory;

/**
 * Starts the virtual thread each connection's handler runs on: the one place where the
 * scheduling of handlers is decided ({@code HandlerScheduler}), so protocol code never sees it.
 *
 * <ul>
 *   <li>{@link Scheduler#EVENT_LOOP}: a connection's virtual thread is carried by the event loop
 *       of its channel, so handing data between the two is a task on the same thread, never a
 *       thread switch. A handler that parks (reads, writes, sleeps, locks, sockets of its own)
 *       leaves the loop free; one that holds its carrier for long would stall every connection
 *       of that loop, so such work goes through {@link org.sluice.connection.Blocking} (the
 *       framework does so for password hashing; DNS it asks without blocking). It needs the JDK's internal
 *       virtual-thread builder, opened by {@code --add-opens java.base/java.lang=ALL-UNNAMED}
 *       (bin/sluice passes it), and JDK 24 or newer, where {@code synchronized} no longer pins
 *       a virtual thread to its carrier: on older JDKs a handler waiting inside a monitor would
 *       hold the loop it waits for.
 *   <li>{@link Scheduler#JDK}: the JDK's virtual-thread scheduler. Every hand-over between event
 *       loop and handler is a thread switch; handlers may block in any way.
 * </ul>
 * {@code HandlerScheduler auto}, the default, is the event loop where it can be, else the JDK's.
 *
 * <p>A lock that both an event loop thread and a handler it carries wait for could stall that
 * loop for good: when the holder lets go, the lock may wake the parked handler, whose carrier
 * is the loop thread parked behind it. {@link LoopCarrier} watches for loops blocked so and runs
 * their handlers elsewhere until they are free.
 */
public final class HandlerThreads {

    /** Where handlers run. */
    public enum Scheduler { JDK, EVENT_LOOP }

    /** The first JDK whose virtual threads do not pin their carrier inside {@code synchronized}. */
    static final int FIRST_UNPINNED_MONITORS_JDK = 24;

    private static final Map<EventLoop, ThreadFactory> CARRIED_BY = new ConcurrentHashMap<>();
    /**
     * The loop carrying a handler, set on the handlers an event loop carries and inherited by
     * the threads they start, which it carries too.
     */
    private static final ThreadLocal<EventLoop> CARRIER = new InheritableThreadLocal<>();
    private static final Scheduler AUTOMATIC = eventLoopCarrierProblem() == null ? Scheduler.EVENT_LOOP : Scheduler.JDK;

    private HandlerThreads() {
    }

    static Thread start(Runnable task, EventLoop loop, Scheduler scheduler) {
        if (scheduler == Scheduler.EVENT_LOOP) {
            ThreadFactory threads = CARRIED_BY.get(loop);
            if (threads == null) {
                CARRIED_BY.keySet().removeIf(EventLoop::isTerminated); // the loops of servers since stopped
                threads = CARRIED_BY.computeIfAbsent(loop, HandlerThreads::carriedBy);
            }
            Thread thread = threads.newThread(() -> {
                CARRIER.set(loop);
                task.run();
            });
            thread.start();
            return thread;
        }
        return Thread.ofVirtual().start(task);
    }

    /** The event loops handlers were started on and that were not found ended since. */
    static Set<EventLoop> carryingLoops() {
        return Set.copyOf(CARRIED_BY.keySet());
    }

    /**
     * Starts {@code task} on a virtual thread of the JDK's scheduler, which adds carriers while
     * one is blocked. (A virtual thread started the plain way by a handler the event loop
     * carries would be carried by that loop too.)
     */
    public static Thread startOnJdkScheduler(Runnable task) {
        if (!onEventLoop()) {
            return Thread.ofVirtual().start(task);
        }
        Thread thread = JdkScheduled.THREADS.newThread(task);
        thread.start();
        return thread;
    }

    /** The JDK's virtual-thread scheduler, and threads on it whoever starts them; made when first needed. */
    private static final class JdkScheduled {
        static final Executor SCHEDULER = scheduler();
        static final ThreadFactory THREADS = threads();

        private static Executor scheduler() {
            try {
                Field field = Class.forName("java.lang.VirtualThread").getDeclaredField("DEFAULT_SCHEDULER");
                field.setAccessible(true);
                return (Executor) field.get(null);
            } catch (ReflectiveOperationException | RuntimeException e) {
                throw new IllegalStateException("cannot reach the JDK's virtual-thread scheduler", e);
            }
        }

        private static ThreadFactory threads() {
            try {
                return ((Thread.Builder.OfVirtual) builderConstructor().newInstance(SCHEDULER))
                        .inheritInheritableThreadLocals(false).factory();
            } catch (ReflectiveOperationException | RuntimeException e) {
                throw new IllegalStateException("cannot start threads on the JDK's virtual-thread scheduler", e);
            }
        }
    }

    /** Whether the current thread is carried by an event loop: a handler, or a thread it started. */
    public static boolean onEventLoop() {
        return CARRIER.get() != null;
    }

    /** See {@link org.sluice.connection.LoopTurn#current()}. */
    public static Object currentTurn() {
        return CARRIER.get() instanceof TurnMarkingEventLoopGroup.TurnMarkingEventLoop loop && !loop.isShuttingDown()
                ? loop.turn()
                : null;
    }

    /** The scheduler {@code HandlerScheduler auto} chooses on this JVM. */
    public static Scheduler automatic() {
        return AUTOMATIC;
    }

    /** Null if virtual threads can be carried by an event loop here, else why not. */
    public static String eventLoopCarrierProblem() {
        int feature = Runtime.version().feature();
        if (feature < FIRST_UNPINNED_MONITORS_JDK) {
            return "JDK " + feature + " pins virtual threads inside synchronized blocks; event-loop needs JDK "
                    + FIRST_UNPINNED_MONITORS_JDK + " or newer";
        }
        try {
            builderConstructor();
            Class.forName("java.lang.VirtualThread").getDeclaredField("DEFAULT_SCHEDULER").setAccessible(true);
            return null;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return "this JDK does not let virtual threads run on an event loop (" + e
                    + "); start the JVM with --add-opens java.base/java.lang=ALL-UNNAMED as bin/sluice does";
        }
    }

    private static ThreadFactory carriedBy(EventLoop loop) {
        try {
            Executor carrier = new LoopCarrier(loop, JdkScheduled.SCHEDULER);
            return ((Thread.Builder.OfVirtual) builderConstructor().newInstance(carrier)).factory();
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
