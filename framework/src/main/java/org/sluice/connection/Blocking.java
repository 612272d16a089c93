package org.sluice.connection;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import org.sluice.internal.connection.HandlerThreads;

/**
 * Runs work that holds its thread for long (a DNS look-up, password hashing, a call into a
 * blocking native library) from a connection handler without holding up other connections.
 *
 * <p>Handlers run on virtual threads. Waiting that parks them (reading, writing, sleeping,
 * locks, sockets opened by the handler) never holds anyone else up. But with {@code
 * HandlerScheduler event-loop} (the default where the JDK allows it) the virtual thread is
 * carried by its channel's event loop, and work that keeps the carrier busy (a computation of
 * many milliseconds, or a system call the JDK cannot park around, such as a DNS look-up) would
 * stall every connection of that loop. Wrap such work:
 *
 * <pre>{@code
 * boolean ok = Blocking.call(() -> expensiveHash.verify(password));
 * }</pre>
 *
 * On an event-loop-carried handler the work runs on a virtual thread of the JDK's scheduler
 * (which adds carriers while one is blocked) and the handler parks until it is done; anywhere
 * else it simply runs on the calling thread. Either way exactly one piece of work per calling
 * handler is in flight, so the extra threads are bounded by the number of connections.
 * Reading or statting a local file is quick enough to do directly, as event-driven servers do.
 */
public final class Blocking {

    private Blocking() {
    }

    /**
     * Runs {@code work} where it cannot stall an event loop and returns its result.
     *
     * @throws Exception what {@code work} threw
     */
    public static <T> T call(Callable<T> work) throws Exception {
        if (!HandlerThreads.onEventLoop()) {
            return work.call();
        }
        FutureTask<T> task = new FutureTask<>(work);
        HandlerThreads.startOnJdkScheduler(task);
        return await(task);
    }

    /** As {@link #call}, for work that throws no checked exception. */
    public static <T> T get(java.util.function.Supplier<T> work) {
        try {
            return call(work::get);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static <T> T await(Future<T> task) throws Exception {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return task.get();
                } catch (InterruptedException e) {
                    // the work is running and owns resources of the caller: wait for it to end
                    interrupted = true;
                } catch (ExecutionException e) {
                    Throwable cause = e.getCause();
                    if (cause instanceof Exception exception) {
                        throw exception;
                    }
                    throw (Error) cause;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
