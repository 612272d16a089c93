package org.sluice.http;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.Year;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.Locale;

/**
 * The IMF-fixdate of RFC 9110 §5.6.7 ({@code Sun, 06 Nov 1994 08:49:37 GMT}), with the current
 * one formatted at most once per second however many responses need it; and the parsing of all
 * three forms that section makes recipients accept.
 */
public final class HttpDate {

    private static final DateTimeFormatter IMF_FIXDATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.ROOT).withZone(ZoneOffset.UTC);
    /**
     * The obsolete RFC 850 form, {@code Sunday, 06-Nov-94 08:49:37 GMT}: a two-digit year is
     * the one of the hundred years from 49 years ago that ends in it, so never more than 50
     * years ahead, as RFC 9110 says.
     */
    private static final DateTimeFormatter RFC_850 = new DateTimeFormatterBuilder()
            .appendPattern("EEEE, dd-MMM-")
            .appendValueReduced(ChronoField.YEAR, 2, 2, Year.now(ZoneOffset.UTC).getValue() - 49)
            .appendPattern(" HH:mm:ss 'GMT'")
            // English day names: the root locale knows only the short ones
            .toFormatter(Locale.ENGLISH).withZone(ZoneOffset.UTC);
    /** The obsolete ANSI C asctime() form, {@code Sun Nov  6 08:49:37 1994}. */
    private static final DateTimeFormatter ASCTIME =
            DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy", Locale.ROOT).withZone(ZoneOffset.UTC);

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

    /** A date in any of RFC 9110's three forms, or null when {@code text} is none of them. */
    public static Instant parse(String text) {
        if (text == null) {
            return null;
        }
        String date = text.strip();
        for (DateTimeFormatter form : new DateTimeFormatter[] {DateTimeFormatter.RFC_1123_DATE_TIME, RFC_850, ASCTIME}) {
            try {
                return ZonedDateTime.parse(date, form).toInstant();
            } catch (DateTimeParseException e) {
                // the next form
            }
        }
        return null;
    }
}
