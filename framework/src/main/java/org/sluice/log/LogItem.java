package org.sluice.log;

import org.sluice.connection.Connection;

/** One piece of a compiled {@code LogFormat}: appends its text for a logged event. */
@FunctionalInterface
public interface LogItem {

    /**
     * @param event the connection being logged, or a protocol's richer event (an HTTP request)
     *     that implements {@link LogEvent}; for an event that was internally redirected, the
     *     original or the final one as the code asks (see {@link Redirected})
     */
    void append(StringBuilder line, LogEvent event);

    /** Makes the item for one {@code %{argument}x} occurrence; argument may be null. */
    @FunctionalInterface
    interface Factory {
        LogItem create(String argument);
    }

    /**
     * Which event of an internal redirect chain an item describes (an HTTP request answered by
     * its {@code ErrorDocument} or {@code DirectoryIndex}): {@code %<x} asks for the original
     * event, {@code %>x} for the final one, and a code without either gets the default it was
     * registered with. As in mod_log_config, {@code %s}, {@code %U}, {@code %r}, {@code %D} and
     * {@code %T} describe the original request by default and every other code the final one,
     * so {@code %s} is the status first decided and {@code %>s} the status sent.
     */
    enum Redirected { ORIGINAL, FINAL }

    /** What a log line describes: at least a connection. */
    interface LogEvent {
        Connection connection();

        /** When the event started, in nanoseconds of {@link System#nanoTime()}. */
        long startNanos();

        /** When it started, wall clock, epoch milliseconds. */
        long startMillis();

        /** The event an internal redirect chain started with ({@code %<x}); this one if there is no chain. */
        default LogEvent originalEvent() {
            return this;
        }

        /** The event that ended the chain, the one that made the response ({@code %>x}); this one if there is no chain. */
        default LogEvent finalEvent() {
            return this;
        }
    }
}
