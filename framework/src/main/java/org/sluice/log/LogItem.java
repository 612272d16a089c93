package org.sluice.log;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import org.sluice.connection.Connection;

/**
 * One piece of a compiled {@code LogFormat}: appends its text for a logged event. Text that
 * comes from a client or from configuration goes in through {@link #appendEscaped}, so a line
 * stays one line of printable ASCII whose quoted fields a log analyser can split.
 */
@FunctionalInterface
public interface LogItem {

    /**
     * @param event the connection being logged, or a protocol's richer event (an HTTP request)
     *     that implements {@link LogEvent}; for an event that was internally redirected, the
     *     original or the final one as the code asks (see {@link Redirected})
     */
    void append(StringBuilder line, LogEvent event);

    /**
     * Appends {@code text} as Apache's {@code ap_escape_logitem} does: printable ASCII as it is,
     * {@code "} and {@code \} after a backslash, {@code \b \n \r \t \v} for those controls
     * and {@code \xhh} for any other byte below 0x20 or from 0x7F up. {@code text} holds bytes
     * as {@code bytesAs} decodes them: ISO-8859-1 for what a protocol read off the wire (one
     * character per byte, as HTTP header values are kept), UTF-8 for other text. A character
     * above U+00FF is written as the escapes of its UTF-8 bytes either way.
     */
    static void appendEscaped(StringBuilder line, CharSequence text, Charset bytesAs) {
        int n = text.length();
        int plain = 0;
        while (plain < n && !LogEscapes.needsEscape(text.charAt(plain))) {
            plain++;
        }
        line.append(text, 0, plain);
        if (plain < n) {
            LogEscapes.appendFrom(line, text, plain, StandardCharsets.ISO_8859_1.equals(bytesAs));
        }
    }

    /**
     * {@link #appendEscaped(StringBuilder, CharSequence, Charset)} for a value that may be
     * missing: {@code -} when it is null or empty, as Apache logs an item it does not have.
     */
    static void appendEscapedOrDash(StringBuilder line, String value, Charset bytesAs) {
        if (value == null || value.isEmpty()) {
            line.append('-');
        } else {
            appendEscaped(line, value, bytesAs);
        }
    }

    /** {@link #appendEscaped(StringBuilder, CharSequence, Charset)} for UTF-8 text. */
    static void appendEscaped(StringBuilder line, CharSequence text) {
        appendEscaped(line, text, StandardCharsets.UTF_8);
    }

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

        /**
         * Whether it ended before all was sent ({@code %X}): the connection failed, or the
         * protocol's event (a request) knows its client went away.
         */
        default boolean aborted() {
            return connection().aborted();
        }

        /**
         * The event's environment variable {@code name} ({@code %{name}e}, {@code CustomLog ...
         * env=name}; httpd's {@code subprocess_env}), or null. HTTP requests have the ones
         * {@code SetEnvIf} and {@code SetEnv} set; a connection has none.
         */
        default String env(String name) {
            return null;
        }

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
