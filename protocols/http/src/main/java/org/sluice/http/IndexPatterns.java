package org.sluice.http;

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
     * A shell pattern ({@code *}, {@code ?}, {@code [a-z]}, {@code [!x]}): with {@code period}
     * a leading dot must be matched by a dot; with {@code escapes} a backslash quotes the next
     * character. A {@code *} matches slashes too, as apr_fnmatch without FNM_PATHNAME.
     */
    static boolean shellMatch(String pattern, String text, boolean period, boolean escapes) {
        if (period && text.startsWith(".") && !pattern.startsWith(".") && !(escapes && pattern.startsWith("\\."))) {
            return false;
        }
        int t = 0;
        int p = 0;
        int starP = -1;
        int starT = 0;
        while (t < text.length()) {
            int next = p < pattern.length() ? matchOne(pattern, p, text.charAt(t), escapes) : -1;
            if (p < pattern.length() && pattern.charAt(p) == '*') {
                starP = ++p;
                starT = t;
            } else if (next >= 0) {
                p = next;
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

    /** Where the pattern goes on after its element at {@code p} matched {@code c}; -1 if it does not. */
    private static int matchOne(String pattern, int p, char c, boolean escapes) {
        char e = pattern.charAt(p);
        if (e == '*') {
            return -1;
        }
        if (e == '?') {
            return p + 1;
        }
        if (e == '\\' && escapes && p + 1 < pattern.length()) {
            return pattern.charAt(p + 1) == c ? p + 2 : -1;
        }
        if (e == '[') {
            int i = p + 1;
            boolean negate = i < pattern.length() && (pattern.charAt(i) == '!' || pattern.charAt(i) == '^');
            if (negate) {
                i++;
            }
            boolean found = false;
            boolean first = true;
            while (i < pattern.length() && (first || pattern.charAt(i) != ']')) {
                first = false;
                char lo = pattern.charAt(i);
                if (lo == '\\' && escapes && i + 1 < pattern.length()) {
                    lo = pattern.charAt(++i);
                }
                if (i + 2 < pattern.length() && pattern.charAt(i + 1) == '-' && pattern.charAt(i + 2) != ']') {
                    char hi = pattern.charAt(i + 2);
                    found |= c >= lo && c <= hi;
                    i += 3;
                } else {
                    found |= c == lo;
                    i++;
                }
            }
            if (i >= pattern.length()) {
                // no closing bracket: the [ is itself
                return c == '[' ? p + 1 : -1;
            }
            return found != negate ? i + 1 : -1;
        }
        return e == c ? p + 1 : -1;
    }
}
