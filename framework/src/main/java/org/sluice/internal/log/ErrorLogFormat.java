package org.sluice.internal.log;

import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A compiled {@code ErrorLogFormat} string, httpd's format for error log lines. The line is
 * made of fields, split where white space begins (or at {@code %&nbsp;}); an item with no value
 * deletes its whole field ({@code [client %a]} disappears when there is no client) unless it
 * says {@code %-x}, which writes {@code -}. A number before the item ({@code %7F}) writes it only
 * for messages of that severity or more verbose (1 alert, 4 warn, 7 debug, 15 trace8).
 *
 * <p>Sluice's messages carry no request or connection of their own (they name the client in
 * their text): {@code %a}, {@code %A}, {@code %E}, {@code %k}, {@code %L}, {@code %v},
 * {@code %V}, {@code %{name}i}, {@code %{name}e} and {@code %{name}n} are accepted and always
 * empty, so their fields are left out as httpd leaves them out where it has no value.
 *
 * <pre>{@code
 * ErrorLogFormat format = ErrorLogFormat.parse("[%{u}t] [%-m:%l] [pid %P] [client\ %a] %M");
 * format.line(event); // "[Thu May 12 08:28:57.652118 2011] [dumpio:debug] [pid 8777] hello"
 * }</pre>
 */
public final class ErrorLogFormat {

    /** What a line is made from: one logging event. */
    public interface Event {

        ZonedDateTime time();

        /** httpd's severity: 0 emerg .. 3 error, 4 warn, 5 notice, 6 info, 7 debug, 8..15 trace1..8. */
        int severity();

        /** The name of the module (logger) that logs. */
        String module();

        String message();

        /** The source file and line of the log call ({@code File.java(12)}), or null; asked only when written. */
        String source();
    }

    private static final String[] LEVEL_NAMES = {"emerg", "alert", "crit", "error", "warn", "notice", "info", "debug",
        "trace1", "trace2", "trace3", "trace4", "trace5", "trace6", "trace7", "trace8"};
    private static final DateTimeFormatter CTIME = DateTimeFormatter.ofPattern("EEE MMM dd HH:mm:ss", Locale.US);
    private static final DateTimeFormatter COMPACT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.US);
    private static final String PID = Long.toString(ProcessHandle.current().pid());

    /** One piece of the format: literal text or a {@code %} item, with httpd's flags. */
    private record Item(char code, String argument, boolean fieldStart, boolean hyphen, int minSeverity,
                        DateTimeFormatter strftime) {
    }

    private final Item[] items;

    private ErrorLogFormat(List<Item> items) {
        this.items = items.toArray(Item[]::new);
    }

    /**
     * Compiles the main error log format ({@code ErrorLogFormat format}).
     *
     * @throws IllegalArgumentException with httpd's message for a format it refuses
     */
    public static ErrorLogFormat parse(String format) {
        List<Item> items = new ArrayList<>();
        boolean message = false;
        int i = 0;
        while (i < format.length()) {
            char c = format.charAt(i);
            if (c != '%') {
                i = literal(format, i, items);
                continue;
            }
            i++;
            boolean fieldStart = false;
            if (i < format.length() && format.charAt(i) == ' ') {
                // percent-space: a field separator that writes nothing
                fieldStart = true;
                i++;
                if (i >= format.length() || format.charAt(i) != '%') {
                    i = literal(format, i, items, true);
                    continue;
                }
                i++;
            }
            if (i < format.length() && format.charAt(i) == '%') {
                items.add(new Item('\0', "%", fieldStart, false, 0, null));
                i++;
                continue;
            }
            String argument = null;
            boolean hyphen = false;
            int severity = 0;
            char code = 0;
            while (code == 0) {
                if (i >= format.length()) {
                    throw new IllegalArgumentException("Ran off end of error log format parsing args to some directive");
                }
                char m = format.charAt(i);
                if (m == '{') {
                    int close = format.indexOf('}', i + 1);
                    argument = close < 0 ? format.substring(i + 1) : format.substring(i + 1, close);
                    i = close < 0 ? format.length() : close + 1;
                } else if (m == '+') {
                    throw new IllegalArgumentException("The '+' flag cannot be used in the main error log format");
                } else if (m == '-') {
                    hyphen = true;
                    i++;
                } else if (m >= '0' && m <= '9') {
                    severity = 0;
                    while (i < format.length() && Character.isDigit(format.charAt(i))) {
                        severity = Math.min(severity * 10 + format.charAt(i++) - '0', 1000);
                    }
                } else if ("aAEeFiklLmMnPtTvV".indexOf(m) >= 0) {
                    code = m;
                    i++;
                } else {
                    throw new IllegalArgumentException("Unrecognized error log format directive %" + m);
                }
            }
            if (severity > 15) {
                throw new IllegalArgumentException("The specified loglevel modifier is out of range");
            }
            message |= code == 'M';
            DateTimeFormatter strftime = code == 't' && argument != null && argument.indexOf('%') >= 0
                    ? Strftime.toFormatter(argument) : null;
            items.add(new Item(code, argument, fieldStart, hyphen, severity, strftime));
        }
        if (!message) {
            throw new IllegalArgumentException("main ErrorLogFormat must contain message format string '%M'");
        }
        return new ErrorLogFormat(items);
    }

    private static int literal(String format, int i, List<Item> items) {
        return literal(format, i, items, format.charAt(i) == ' ');
    }

    /**
     * Literal text up to the next item or the next space that follows other text (a space
     * starts the next field); backslash escapes a character ({@code \ } a space that does not
     * split fields, {@code \n}, {@code \t}, {@code \r}).
     */
    private static int literal(String format, int i, List<Item> items, boolean fieldStart) {
        StringBuilder text = new StringBuilder();
        boolean atStart = true;
        while (i < format.length() && format.charAt(i) != '%' && (format.charAt(i) != ' ' || atStart)) {
            char c = format.charAt(i);
            if (c != '\\') {
                if (c != ' ') {
                    atStart = false;
                }
                text.append(c);
                i++;
            } else if (i + 1 == format.length()) {
                text.append('\\');
                i++;
            } else {
                char next = format.charAt(i + 1);
                text.append(switch (next) {
                    case 'n' -> '\n';
                    case 't' -> '\t';
                    case 'r' -> '\r';
                    default -> next;
                });
                i += 2;
            }
        }
        items.add(new Item('\0', text.toString(), fieldStart, false, 0, null));
        return i;
    }

    /** The line for {@code event}, without line end. */
    public String line(Event event) {
        StringBuilder line = new StringBuilder(128);
        int fieldStart = 0;
        boolean skipping = false;
        for (Item item : items) {
            if (item.fieldStart()) {
                if (skipping) {
                    skipping = false;
                } else {
                    fieldStart = line.length();
                }
            }
            if (item.code() == 'M') {
                line.append(event.message());
            } else if (skipping) {
                continue;
            } else if (item.minSeverity() > 0 && item.minSeverity() > event.severity()) {
                line.setLength(fieldStart);
                skipping = true;
            } else {
                int before = line.length();
                append(line, item, event);
                if (line.length() == before) {
                    if (item.hyphen()) {
                        line.append('-');
                    } else {
                        line.setLength(fieldStart);
                        skipping = true;
                    }
                }
            }
        }
        return line.toString();
    }

    private static void append(StringBuilder line, Item item, Event event) {
        switch (item.code()) {
            case '\0' -> line.append(item.argument());
            case 't' -> time(line, item, event.time());
            case 'l' -> line.append(LEVEL_NAMES[Math.max(0, Math.min(15, event.severity()))]);
            case 'm' -> line.append(event.module());
            case 'P' -> line.append(PID);
            case 'T' -> line.append(Thread.currentThread().threadId());
            case 'F' -> {
                String source = event.source();
                if (source != null) {
                    line.append(source);
                }
            }
            default -> { } // no request or connection here: the field goes
        }
    }

    /** {@code %t}, {@code %{u}t}, {@code %{cu}t}, {@code %{cuz}t} or {@code %{strftime}t}, in local time as httpd. */
    private static void time(StringBuilder line, Item item, ZonedDateTime time) {
        if (item.strftime() != null) {
            line.append(item.strftime().format(time));
            return;
        }
        String options = item.argument() == null ? "" : item.argument();
        boolean micros = options.indexOf('u') >= 0;
        boolean compact = options.indexOf('c') >= 0;
        line.append((compact ? COMPACT : CTIME).format(time));
        if (micros) {
            line.append('.').append(String.format(Locale.ROOT, "%06d", time.getNano() / 1000));
        }
        if (!compact) {
            line.append(' ').append(String.format(Locale.ROOT, "%04d", time.getYear()));
        }
        if (options.indexOf('z') >= 0) {
            int offset = time.getOffset().getTotalSeconds();
            line.append(' ').append(offset < 0 ? '-' : '+');
            offset = Math.abs(offset);
            line.append(String.format(Locale.ROOT, "%02d%02d", offset / 3600, offset % 3600 / 60));
        }
    }
}
