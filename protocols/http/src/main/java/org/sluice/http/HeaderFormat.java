package org.sluice.http;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A mod_headers value, parsed once: fixed text, or text and tags filled in per request. Text
 * takes {@code \t} and {@code \\} escapes; the tags are {@code %t} (when the request came,
 * {@code t=} microseconds since the epoch), {@code %D} (how long it has taken, {@code D=}
 * microseconds), {@code %l} (load averages), {@code %i} / {@code %b} (idle and busy
 * percentage of the connections), {@code %%}, {@code %{NAME}e} (the request's environment
 * variable, {@code (null)} when unset) and {@code %{NAME}s} ({@code (null)}: Sluice has no TLS
 * variables). A line break is refused: it would split the field.
 */
record HeaderFormat(String constant, List<Object> parts) {

    /** A request-time tag: {@code %t}, {@code %D}, {@code %l}, {@code %i}, {@code %b}, {@code %{NAME}e}. */
    private record Tag(char code, String argument) {
    }

    static HeaderFormat parse(String format) {
        List<Object> parts = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < format.length(); i++) {
            char c = format.charAt(i);
            if (c == '\\' && i + 1 < format.length()) {
                char next = format.charAt(i + 1);
                switch (next) {
                    case '\\' -> text.append('\\');
                    case 't' -> text.append('\t');
                    case 'r', 'n' -> throw new IllegalArgumentException(
                            "header values cannot hold line breaks (\\r, \\n): '" + format + "'");
                    default -> {
                        text.append('\\');
                        continue;
                    }
                }
                i++;
            } else if (c != '%') {
                text.append(c);
            } else if (i + 1 == format.length() || format.charAt(i + 1) == '%') {
                text.append('%');
                i++;
            } else {
                i++;
                String argument = "";
                if (format.charAt(i) == '{') {
                    int close = format.indexOf('}', i);
                    argument = format.substring(i + 1, close < 0 ? format.length() : close);
                    i = close < 0 ? format.length() : close + 1;
                    if (i >= format.length()) {
                        throw new IllegalArgumentException("Unrecognized header format %");
                    }
                }
                char code = format.charAt(i);
                switch (code) {
                    // TLS variables: Sluice has no TLS
                    case 's' -> text.append("(null)");
                    case 't', 'D', 'l', 'i', 'b', 'e' -> {
                        if (!text.isEmpty()) {
                            parts.add(text.toString());
                            text.setLength(0);
                        }
                        parts.add(new Tag(code, argument));
                    }
                    default -> throw new IllegalArgumentException("Unrecognized header format %" + code);
                }
            }
        }
        if (!text.isEmpty()) {
            parts.add(text.toString());
        }
        boolean constant = parts.stream().allMatch(String.class::isInstance);
        return new HeaderFormat(constant ? String.join("", parts.stream().map(String.class::cast).toList()) : null,
                List.copyOf(parts));
    }

    String format(Request r) {
        if (constant != null) {
            return constant;
        }
        StringBuilder out = new StringBuilder();
        for (Object part : parts) {
            if (part instanceof String text) {
                out.append(text);
            } else {
                out.append(tag((Tag) part, r));
            }
        }
        return out.toString();
    }

    private static String tag(Tag tag, Request r) {
        char code = tag.code();
        return switch (code) {
            case 'e' -> {
                String variable = r.env(tag.argument());
                // a variable may hold anything: never a line break in a field
                yield variable == null ? "(null)" : variable.replace('\r', ' ').replace('\n', ' ');
            }
            case 't' -> "t=" + r.startMillis() * 1000;
            case 'D' -> "D=" + Math.max(0, System.nanoTime() - r.startNanos()) / 1000;
            case 'l' -> {
                double[] load = SystemLoad.loadAverage();
                yield String.format(Locale.ROOT, "l=%.2f/%.2f/%.2f", load[0], load[1], load[2]);
            }
            default -> {
                int[] busyAndAll = StatusBoard.of(r.virtualHost().server()).busyAndAll();
                int all = Math.max(1, busyAndAll[1]);
                int busy = busyAndAll[0];
                yield code == 'b' ? "b=" + busy * 100 / all : "i=" + (all - busy) * 100 / all;
            }
        };
    }
}
