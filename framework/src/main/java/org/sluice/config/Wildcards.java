package org.sluice.config;

/**
 * Shell-style wildcard matching as httpd's {@code apr_fnmatch}: {@code *} any run (slashes
 * too), {@code ?} any one character, {@code [a-z]}, {@code [!x]} / {@code [^x]} classes; an
 * unclosed {@code [} is itself. It runs in time linear in the name for each star, so a name a
 * client sends cannot make a match slow, whatever the pattern.
 *
 * <pre>{@code
 * Wildcards.matches("*.ht[ma]*", "index.html");   // true: <Files> and ServerAlias patterns
 * }</pre>
 */
public final class Wildcards {

    private Wildcards() {
    }

    /** {@link #matches(String, String, boolean, boolean)} with no leading-dot rule and no escapes. */
    public static boolean matches(String pattern, String text) {
        return matches(pattern, text, false, false);
    }

    /**
     * A shell pattern ({@code *}, {@code ?}, {@code [a-z]}, {@code [!x]}): with {@code period}
     * a leading dot must be matched by a dot; with {@code escapes} a backslash quotes the next
     * character. A {@code *} matches slashes too, as apr_fnmatch without FNM_PATHNAME.
     */
    public static boolean matches(String pattern, String text, boolean period, boolean escapes) {
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
