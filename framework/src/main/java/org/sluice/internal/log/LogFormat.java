package org.sluice.internal.log;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.sluice.log.LogItem;

/**
 * A compiled {@code LogFormat} string: literal text and {@code %} codes, each turned into a
 * {@link LogItem} once, so writing a line is a walk over an array.
 */
public final class LogFormat {

    /** Common Log Format: mod_log_config's default, and {@code TransferLog}'s without a default {@code LogFormat}. */
    public static final String COMMON = "%h %l %u %t \"%r\" %>s %b";

    /** A line's size that covers the usual {@code combined} line without the builder growing. */
    private static final int LINE_CAPACITY = 256;

    private final String source;
    private final Piece[] pieces;

    /**
     * Literal text, or an item and which event of a redirect chain it describes. One class for
     * both, so the walk over a line calls each item directly rather than through a wrapper.
     */
    private record Piece(String text, LogItem item, LogItem.Redirected which) {
        void append(StringBuilder line, LogItem.LogEvent event) {
            if (text != null) {
                line.append(text);
            } else {
                item.append(line, which == LogItem.Redirected.ORIGINAL ? event.originalEvent() : event.finalEvent());
            }
        }
    }

    private LogFormat(String source, List<Piece> pieces) {
        this.source = source;
        this.pieces = pieces.toArray(Piece[]::new);
    }

    /**
     * Compiles {@code format}. Codes registered by modules ({@code extra}) win over the
     * framework's own.
     *
     * @throws IllegalArgumentException for an unknown code, with Apache's wording
     */
    public static LogFormat compile(String format, Map<Character, LogCode> extra) {
        List<Piece> pieces = new ArrayList<>();
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
            if (code == '^') {
                // httpd's two-letter codes (%^FB): the letters are the item's argument
                if (i + 2 > format.length()) {
                    throw new IllegalArgumentException("Unrecognized LogFormat directive %^");
                }
                argument = format.substring(i, i + 2);
                i += 2;
            }
            LogCode registered = extra.get(code);
            if (registered == null) {
                registered = ConnectionLogItems.code(code);
            }
            if (registered == null) {
                throw new IllegalArgumentException("Unrecognized LogFormat directive %" + code
                        + (code == '^' ? argument : ""));
            }
            if (!literal.isEmpty()) {
                pieces.add(new Piece(literal.toString(), null, null));
                literal.setLength(0);
            }
            pieces.add(new Piece(null, registered.factory().create(argument),
                    which != null ? which : registered.byDefault()));
        }
        if (!literal.isEmpty()) {
            pieces.add(new Piece(literal.toString(), null, null));
        }
        return new LogFormat(format, pieces);
    }

    /** The line for {@code event}, without line end. */
    public String format(LogItem.LogEvent event) {
        return line(event).toString();
    }

    /** As {@link #format}, as the builder it was made in (for who copies it out at once). */
    public CharSequence line(LogItem.LogEvent event) {
        StringBuilder line = new StringBuilder(LINE_CAPACITY);
        for (Piece piece : pieces) {
            piece.append(line, event);
        }
        return line;
    }

    public String source() {
        return source;
    }
}
