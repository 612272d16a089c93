package org.sluice.http;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The IMF-fixdate of RFC 9110 §5.6.7 ({@code Sun, 06 Nov 1994 08:49:37 GMT}), with the current
 * one formatted at most once per second however many responses need it.
 */
public final class HttpDate {

    private static final DateTimeFormatter IMF_FIXDATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.ROOT).withZone(ZoneOffset.UTC);

    private static final HttpDate SYSTEM = new HttpDate(Clock.systemUTC());

    private record Formatted(long second, String text) {
    }

    private final Clock clock;
    private volatile Formatted current = new Formatted(Long.MIN_VALUE, "");
    /** The last date {@link #format} made: a file's Last-Modified is asked for again and again. */
    private static volatile Formatted lastFormatted = new Formatted(Long.MIN_VALUE, "");

    /** A source of dates that reads {@code clock}; tests pass a fixed one. */
    public HttpDate(Clock clock) {
        this.clock = clock;
    }

    /** The shared source on the system clock. */
    public static HttpDate system() {
        return SYSTEM;
    }

    /** Now, as an IMF-fixdate. */
    public String now() {
        return at(clock.millis());
    }

    /** The moment {@code epochMillis}, as an IMF-fixdate; moments of the current second cost no formatting. */
    public String at(long epochMillis) {
        long second = Math.floorDiv(epochMillis, 1000L);
        Formatted formatted = current;
        if (formatted.second() != second) {
            formatted = new Formatted(second, format(Instant.ofEpochSecond(second)));
            current = formatted;
        }
        return formatted.text();
    }

    /** {@code instant} as an IMF-fixdate, truncated to the second. */
    public static String format(Instant instant) {
        long second = instant.getEpochSecond();
        Formatted formatted = lastFormatted;
        if (formatted.second() != second) {
            formatted = new Formatted(second, IMF_FIXDATE.format(Instant.ofEpochSecond(second)));
            lastFormatted = formatted;
        }
        return formatted.text();
    }
}
