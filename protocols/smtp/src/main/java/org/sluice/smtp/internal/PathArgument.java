package org.sluice.smtp.internal;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The argument of {@code MAIL FROM:<path> [parameters]} and {@code RCPT TO:<path> [parameters]}
 * (RFC 5321 4.1.1.2, 4.1.1.3): the text between the angle brackets, and the ESMTP parameters,
 * their names upper-cased ({@code SIZE=1024} gives {@code SIZE -> 1024}, {@code BODY} alone
 * gives {@code BODY -> ""}).
 */
record PathArgument(String path, Map<String, String> parameters) {

    /**
     * Parses {@code argument} for {@code keyword} ({@code FROM} or {@code TO}); null when it
     * is not {@code keyword:<...>} followed by space-separated parameters. A space after the
     * colon is tolerated, as most servers do.
     */
    static PathArgument parse(String keyword, String argument) {
        String prefix = keyword + ":";
        if (!argument.regionMatches(true, 0, prefix, 0, prefix.length())) {
            return null;
        }
        String rest = argument.substring(prefix.length()).stripLeading();
        if (!rest.startsWith("<")) {
            return null;
        }
        int close = closingBracket(rest);
        if (close < 0) {
            return null;
        }
        String path = rest.substring(1, close);
        Map<String, String> parameters = new LinkedHashMap<>();
        String after = rest.substring(close + 1);
        if (!after.isEmpty() && !after.startsWith(" ")) {
            return null;
        }
        for (String word : after.trim().split(" +")) {
            if (word.isEmpty()) {
                continue;
            }
            int equals = word.indexOf('=');
            String name = (equals < 0 ? word : word.substring(0, equals)).toUpperCase(Locale.ROOT);
            if (name.isEmpty()) {
                return null;
            }
            parameters.put(name, equals < 0 ? "" : word.substring(equals + 1));
        }
        return new PathArgument(path, Map.copyOf(parameters));
    }

    /** The index of the {@code >} that closes the path, skipping quoted local parts; -1 if none. */
    private static int closingBracket(String text) {
        boolean quoted = false;
        for (int i = 1; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted && c == '\\') {
                i++;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (c == '>' && !quoted) {
                return i;
            }
        }
        return -1;
    }
}
