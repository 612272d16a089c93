package org.sluice.log;

import org.sluice.connection.Connection;

/** One piece of a compiled {@code LogFormat}: appends its text for a logged event. */
@FunctionalInterface
public interface LogItem {

    /**
     * @param event the connection being logged, or a protocol's richer event (an HTTP request)
     *     that implements {@link LogEvent}
     */
    void append(StringBuilder line, LogEvent event);

    /** Makes the item for one {@code %{argument}x} occurrence; argument may be null. */
    @FunctionalInterface
    interface Factory {
        LogItem create(String argument);
    }

    /** What a log line describes: at least a connection. */
    interface LogEvent {
        Connection connection();

        /** When the event started, in nanoseconds of {@link System#nanoTime()}. */
        long startNanos();

        /** When it started, wall clock, epoch milliseconds. */
        long startMillis();
    }
}
