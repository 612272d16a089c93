package org.sluice.internal.config;

/** Shell-style wildcard matching ({@code *}, {@code ?}, {@code [...]}) as Apache's fnmatch. */
public final class Wildcards {

    private Wildcards() {
    }

    public static boolean matches(String pattern, String text) {
        return matches(pattern, 0, text, 0);
    }

    private static boolean matches(String p, int pi, String t, int ti) {
        while (pi < p.length()) {
            char c = p.charAt(pi);
            if (c == '*') {
                while (pi < p.length() && p.charAt(pi) == '*') {
                    pi++;
                }
                if (pi == p.length()) {
                    return true;
                }
                for (int k = ti; k <= t.length(); k++) {
                    if (matches(p, pi, t, k)) {
                        return true;
                    }
                }
                return false;
            }
            if (ti >= t.length()) {
                return false;
            }
            if (c == '?') {
                pi++;
                ti++;
            } else if (c == '[') {
                int close = p.indexOf(']', pi + 2);
                if (close < 0) {
                    if (t.charAt(ti) != '[') {
                        return false;
                    }
                    pi++;
                    ti++;
                    continue;
                }
                if (!inClass(p.substring(pi + 1, close), t.charAt(ti))) {
                    return false;
                }
                pi = close + 1;
                ti++;
            } else {
                if (c != t.charAt(ti)) {
                    return false;
                }
                pi++;
                ti++;
            }
        }
        return ti == t.length();
    }

    private static boolean inClass(String set, char ch) {
        boolean negate = !set.isEmpty() && (set.charAt(0) == '!' || set.charAt(0) == '^');
        int i = negate ? 1 : 0;
        boolean found = false;
        while (i < set.length()) {
            char lo = set.charAt(i);
            if (i + 2 < set.length() && set.charAt(i + 1) == '-') {
                if (ch >= lo && ch <= set.charAt(i + 2)) {
                    found = true;
                }
                i += 3;
            } else {
                if (ch == lo) {
                    found = true;
                }
                i++;
            }
        }
        return found != negate;
    }
}
