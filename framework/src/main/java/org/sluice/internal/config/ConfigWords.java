package org.sluice.internal.config;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a configuration line into words the way Apache's {@code ap_getword_conf} does, so
 * that quoting behaves exactly as an httpd user expects: a quoted word ends at its closing
 * quote even when more text follows, an unterminated quote runs to the end of the line, and
 * a backslash only escapes a backslash or the enclosing quote.
 */
final class ConfigWords {

    private final String line;
    private int position;

    private ConfigWords(String line) {
        this.line = line;
        skipSpace();
    }

    /** All the words of {@code line}, quotes removed. */
    static List<String> split(String line) {
        ConfigWords words = new ConfigWords(line);
        List<String> result = new ArrayList<>();
        while (words.hasMore()) {
            result.add(words.next());
        }
        return result;
    }

    /** The first word of {@code line} and the unparsed text after it. */
    static FirstWord first(String line) {
        ConfigWords words = new ConfigWords(line);
        String word = words.hasMore() ? words.next() : "";
        return new FirstWord(word, words.rest());
    }

    record FirstWord(String word, String rest) {
    }

    static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == 0x0B;
    }

    /** {@code text} without leading and trailing ASCII whitespace, as C's isspace sees it. */
    static String trim(String text) {
        int start = 0;
        int end = text.length();
        while (start < end && isSpace(text.charAt(start))) {
            start++;
        }
        while (end > start && isSpace(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(start, end);
    }

    private boolean hasMore() {
        return position < line.length();
    }

    private String rest() {
        return line.substring(position);
    }

    private String next() {
        char quote = line.charAt(position);
        String word;
        if (quote == '"' || quote == '\'') {
            int start = position + 1;
            int end = start;
            while (end < line.length() && line.charAt(end) != quote) {
                end += isEscape(end, quote) ? 2 : 1;
            }
            word = unescape(start, end, quote);
            position = end < line.length() ? end + 1 : end;
        } else {
            int end = position;
            while (end < line.length() && !isSpace(line.charAt(end))) {
                end++;
            }
            word = unescape(position, end, (char) 0);
            position = end;
        }
        skipSpace();
        return word;
    }

    private boolean isEscape(int index, char quote) {
        if (line.charAt(index) != '\\' || index + 1 >= line.length()) {
            return false;
        }
        char next = line.charAt(index + 1);
        return next == '\\' || (quote != 0 && next == quote);
    }

    private String unescape(int start, int end, char quote) {
        StringBuilder word = new StringBuilder(end - start);
        for (int i = start; i < end; i++) {
            if (i + 1 < end && isEscape(i, quote)) {
                i++;
            }
            word.append(line.charAt(i));
        }
        return word.toString();
    }

    private void skipSpace() {
        while (position < line.length() && isSpace(line.charAt(position))) {
            position++;
        }
    }
}
