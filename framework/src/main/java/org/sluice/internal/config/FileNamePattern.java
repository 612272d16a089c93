package org.sluice.internal.config;

/**
 * A shell wildcard for one file name, with the semantics of APR's {@code apr_fnmatch} as
 * Apache's {@code Include} uses it: {@code *}, {@code ?}, {@code [a-z]}, {@code [!a-z]},
 * backslash escapes, case-sensitive, and a leading dot matched only by a literal dot so that
 * {@code *.conf} does not pick up editor and VCS droppings. Unlike Java's glob syntax there
 * are no {@code {a,b}} alternatives: httpd users do not expect them.
 */
final class FileNamePattern {

    private final String pattern;

    private FileNamePattern(String pattern) {
        this.pattern = pattern;
    }

    static FileNamePattern of(String pattern) {
        return new FileNamePattern(pattern);
    }

    /** Whether {@code text} would be treated as a wildcard ({@code apr_fnmatch_test}). */
    static boolean isWildcard(String text) {
        boolean inBracket = false;
        for (int i = 0; i < text.length(); i++) {
            switch (text.charAt(i)) {
                case '\\' -> i++;
                case '?', '*' -> {
                    return true;
                }
                case '[' -> inBracket = true;
                case ']' -> {
                    if (inBracket) {
                        return true;
                    }
                }
                default -> { }
            }
        }
        return false;
    }

    boolean matches(String name) {
        if (name.startsWith(".") && !pattern.startsWith(".")) {
            return false;
        }
        return matches(0, name, 0);
    }

    private boolean matches(int p, String name, int n) {
        while (p < pattern.length()) {
            char c = pattern.charAt(p);
            if (c == '*') {
                while (p < pattern.length() && pattern.charAt(p) == '*') {
                    p++;
                }
                if (p == pattern.length()) {
                    return true;
                }
                for (int k = n; k <= name.length(); k++) {
                    if (matches(p, name, k)) {
                        return true;
                    }
                }
                return false;
            }
            if (n >= name.length()) {
                return false;
            }
            if (c == '?') {
                p++;
            } else if (c == '[' && pattern.indexOf(']', p + 2) > 0) {
                int end = matchBracket(p, name.charAt(n));
                if (end < 0) {
                    return false;
                }
                p = end;
            } else {
                if (c == '\\' && p + 1 < pattern.length()) {
                    p++;
                    c = pattern.charAt(p);
                }
                if (c != name.charAt(n)) {
                    return false;
                }
                p++;
            }
            n++;
        }
        return n == name.length();
    }

    /** The index after the bracket expression at {@code p} if it matches {@code c}, else -1. */
    private int matchBracket(int p, char c) {
        int i = p + 1;
        boolean negate = pattern.charAt(i) == '!' || pattern.charAt(i) == '^';
        if (negate) {
            i++;
        }
        boolean matched = false;
        boolean first = true;
        while (i < pattern.length() && (first || pattern.charAt(i) != ']')) {
            first = false;
            char low = pattern.charAt(i);
            if (low == '\\' && i + 1 < pattern.length()) {
                low = pattern.charAt(++i);
            }
            char high = low;
            if (i + 2 < pattern.length() && pattern.charAt(i + 1) == '-' && pattern.charAt(i + 2) != ']') {
                high = pattern.charAt(i + 2);
                i += 2;
            }
            if (low <= c && c <= high) {
                matched = true;
            }
            i++;
        }
        if (i >= pattern.length()) {
            return -1;
        }
        return matched != negate ? i + 1 : -1;
    }
}
