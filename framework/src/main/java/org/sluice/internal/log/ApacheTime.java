package org.sluice.internal.log;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** {@code %t}: {@code [27/Nov/2026:13:22:01 +0000]}, formatted once per second, not per line. */
final class ApacheTime {

    private static final DateTimeFormatter FORMAT =
            DateTimeFormatter.ofPattern("'['dd/MMM/yyyy:HH:mm:ss Z']'", Locale.ROOT).withZone(ZoneId.systemDefault());

    private record Cached(long second, String text) {
    }

    private static volatile Cached cached = new Cached(Long.MIN_VALUE, "");

    private ApacheTime() {
    }

    static String format(long epochMillis) {
        long second = Math.floorDiv(epochMillis, 1000);
        Cached c = cached;
        if (c.second() != second) {
            c = new Cached(second, FORMAT.format(Instant.ofEpochMilli(epochMillis)));
            cached = c;
        }
        return c.text();
    }
}
