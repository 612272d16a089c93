package org.sluice.log;

/**
 * A virtual host's {@code CustomLog}s, for protocols that log events of their own (an HTTP
 * request) rather than one line per connection. Each line is formatted with each log's
 * {@code LogFormat} and written off the caller's thread.
 *
 * <pre>{@code
 * connection.note(AccessLog.PER_REQUEST_LOGGING, Boolean.TRUE);   // no per-connection line
 * request.virtualHost().accessLog().log(request);                  // request implements LogEvent
 * }</pre>
 */
@FunctionalInterface
public interface AccessLog {

    /**
     * Set on a connection whose protocol logs each request itself: the framework then writes no
     * per-connection line for it.
     */
    org.sluice.connection.Note<Boolean> PER_REQUEST_LOGGING =
            org.sluice.connection.Note.of("sluice.per-request-logging", Boolean.class);

    /** Logs nothing: a host without {@code CustomLog}, or a server not yet serving. */
    AccessLog NONE = event -> { };

    /** Formats {@code event} with every {@code CustomLog} of the host and queues the lines. */
    void log(LogItem.LogEvent event);
}
