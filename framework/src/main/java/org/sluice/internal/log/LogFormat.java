package org.sluice.internal.log;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.sluice.log.LogItem;

/**
 * A compiled {@code LogFormat} string: literal text and {@code %} codes, each turned into a
 * {@link LogItem} once, so writing a line is a walk over a list.
 */
public final class LogFormat {

    private final String source;
    private final LogItem[] items;

    private LogFormat(String source, List<LogItem> items) {
        this.source = source;
        this.items = items.toArray(LogItem[]::new);
    }

    /**
     * Compiles {@code format}. Codes registered by modules ({@code extra}) win over the
     * framework's own.
     *
     * @throws IllegalArgumentException for an unknown code, with Apache's wording
     */
    public static LogFormat compile(String format, Map<Character, LogCode> extra) {
        List<LogItem> items = new ArrayList<>();
        StringBuilder literal = new StringBuilder();
        int i = 0;
        while (i < format.length()) {
            char c = format.charAt(i);
            if (c == '\\' && i + 1 < format.length()) {
                char e = format.charAt(i + 1);
                literal.append(switch (e) {
                    case 'n' -> '\n';
                    case 't' -> '\t';
                    default -> e;
                });
                i += 2;
                continue;
            }
            if (c != '%') {
                literal.append(c);
                i++;
                continue;
            }
            i++;
            if (i < format.length() && format.charAt(i) == '%') {
                literal.append('%');
                i++;
                continue;
            }
            // modifiers Apache accepts: < (original request) or > (final request), and status
            // conditions like !200,304, which are accepted and not applied
            LogItem.Redirected which = null;
            while (i < format.length() && "<>!,0123456789".indexOf(format.charAt(i)) >= 0) {
                char modifier = format.charAt(i++);
                if (modifier == '<') {
                    which = LogItem.Redirected.ORIGINAL;
                } else if (modifier == '>') {
                    which = LogItem.Redirected.FINAL;
                }
            }
            String argument = null;
            if (i < format.length() && format.charAt(i) == '{') {
                int close = format.indexOf('}', i);
                if (close < 0) {
                    throw new IllegalArgumentException("Unterminated {...} in LogFormat \"" + format + "\"");
                }
                argument = format.substring(i + 1, close);
                i = close + 1;
            }
            if (i >= format.length()) {
                throw new IllegalArgumentException("Unrecognized LogFormat directive %");
            }
            char code = format.charAt(i++);
            LogCode registered = extra.get(code);
            if (registered == null) {
                registered = ConnectionLogItems.code(code);
            }
            if (registered == null) {
                throw new IllegalArgumentException("Unrecognized LogFormat directive %" + code);
            }
            if (!literal.isEmpty()) {
                String text = literal.toString();
                items.add((line, event) -> line.append(text));
                literal.setLength(0);
            }
            items.add(describing(which != null ? which : registered.byDefault(), registered.factory().create(argument)));
        }
        if (!literal.isEmpty()) {
            String text = literal.toString();
            items.add((line, event) -> line.append(text));
        }
        return new LogFormat(format, items);
    }

    /** {@code item} given the original or the final event of an internal redirect chain. */
    private static LogItem describing(LogItem.Redirected which, LogItem item) {
        return which == LogItem.Redirected.ORIGINAL
                ? (line, event) -> item.append(line, event.originalEvent())
                : (line, event) -> item.append(line, event.finalEvent());
    }

    /** The line for {@code event}, without line end. */
    public String format(LogItem.LogEvent event) {
        return line(event).toString();
    }

    /** As {@link #format}, as the builder it was made in (for who copies it out at once). */
    public CharSequence line(LogItem.LogEvent event) {
        StringBuilder line = new StringBuilder(128);
        for (LogItem item : items) {
            item.append(line, event);
        }
        return line;
    }

    public String source() {
        return source;
    }
}
