package org.sluice.internal.core;

import java.util.Locale;
import java.util.Map;

/** Apache's log level words and the SLF4J/logback levels they map to. */
public final class LogLevels {

    private static final Map<String, String> TO_LOGBACK = Map.ofEntries(
            Map.entry("emerg", "ERROR"), Map.entry("alert", "ERROR"), Map.entry("crit", "ERROR"),
            Map.entry("error", "ERROR"), Map.entry("warn", "WARN"), Map.entry("notice", "INFO"),
            Map.entry("info", "INFO"), Map.entry("debug", "DEBUG"),
            Map.entry("trace1", "TRACE"), Map.entry("trace2", "TRACE"), Map.entry("trace3", "TRACE"),
            Map.entry("trace4", "TRACE"), Map.entry("trace5", "TRACE"), Map.entry("trace6", "TRACE"),
            Map.entry("trace7", "TRACE"), Map.entry("trace8", "TRACE"));

    private LogLevels() {
    }

    public static boolean isValid(String word) {
        return TO_LOGBACK.containsKey(word.toLowerCase(Locale.ROOT));
    }

    /** The logback level name for an Apache level word. */
    public static String toLogback(String word) {
        return TO_LOGBACK.get(word.toLowerCase(Locale.ROOT));
    }
}
