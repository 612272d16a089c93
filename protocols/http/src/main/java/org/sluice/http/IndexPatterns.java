package org.sluice.http;

import org.sluice.config.Wildcards;

/**
 * The two kinds of name patterns of mod_autoindex: httpd's simple match ({@code *} and
 * {@code ?} only; {@code IndexIgnore}, {@code AddIcon}, {@code AddAlt}) and shell patterns
 * with bracket classes ({@code AddDescription}, the {@code P=} query). Both run in time
 * linear in the name for each star, so a long name cannot make a listing slow.
 */
final class IndexPatterns {

    private IndexPatterns() {
    }

    /** Whether {@code pattern} has a {@code *} or {@code ?} (httpd's ap_is_matchexp). */
    static boolean hasWildcards(String pattern) {
        return pattern.indexOf('*') >= 0 || pattern.indexOf('?') >= 0;
    }

    /** Whether {@code pattern} has a shell wildcard or a bracket class (apr_fnmatch_test). */
    static boolean hasFnmatchWildcards(String pattern) {
        int nesting = 0;
        for (int i = 0; i < pattern.length(); i++) {
            switch (pattern.charAt(i)) {
                case '?', '*' -> {
                    return true;
                }
                case '\\' -> {
                    if (++i == pattern.length()) {
                        return false;
                    }
                }
                case '[' -> nesting++;
                case ']' -> {
                    if (nesting > 0) {
                        return true;
                    }
                }
                default -> { }
            }
        }
        return false;
    }

    /** httpd's simple match: {@code *} any run, {@code ?} any one character, the rest itself. */
    static boolean simpleMatch(String text, String pattern, boolean ignoreCase) {
        int t = 0;
        int p = 0;
        int starP = -1;
        int starT = 0;
        while (t < text.length()) {
            if (p < pattern.length() && pattern.charAt(p) == '*') {
                starP = ++p;
                starT = t;
            } else if (p < pattern.length() && (pattern.charAt(p) == '?' || same(pattern.charAt(p), text.charAt(t),
                    ignoreCase))) {
                p++;
                t++;
            } else if (starP >= 0) {
                p = starP;
                t = ++starT;
            } else {
                return false;
            }
        }
        while (p < pattern.length() && pattern.charAt(p) == '*') {
            p++;
        }
        return p == pattern.length();
    }

    private static boolean same(char a, char b, boolean ignoreCase) {
        return a == b || ignoreCase && a < 0x80 && b < 0x80 && Character.toLowerCase(a) == Character.toLowerCase(b);
    }

    /**
     * A shell pattern ({@link Wildcards}): with {@code period} a leading dot must be matched by
     * a dot; with {@code escapes} a backslash quotes the next character.
     */
    static boolean shellMatch(String pattern, String text, boolean period, boolean escapes) {
        return Wildcards.matches(pattern, text, period, escapes);
    }
}
