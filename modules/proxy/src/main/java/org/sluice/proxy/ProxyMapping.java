package org.sluice.proxy;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.sluice.config.ConfigLocation;
import org.sluice.http.RequestPath;

/**
 * One {@code ProxyPass} or {@code ProxyPassMatch}: which request paths it takes and the URL
 * they go to, or {@code !} for paths that are not to be proxied.
 *
 * @param prefix the path prefix ({@code ProxyPass}), or null
 * @param regex the pattern ({@code ProxyPassMatch}), or null
 * @param url the backend URL as written, {@code $1} and all; null for {@code !}
 * @param worker the backend's connections; null for {@code !}
 * @param noQuery {@code noquery}: the request's query is not sent
 * @param at where it was written
 */
record ProxyMapping(String prefix, Pattern regex, String url, BackendWorker worker, boolean noQuery,
                    ConfigLocation at) {

    /** What a mapping made of a request: nothing (null), an exclusion, or the URL to forward to. */
    record Match(boolean excluded, String target, BackendWorker worker) {
        static final Match EXCLUDED = new Match(true, null, null);
    }

    boolean excluded() {
        return url == null;
    }

    /**
     * The URL {@code path} (decoded, as the request has it) with {@code query} (encoded, or null)
     * goes to, as httpd maps them: a prefix replaced by the URL, the rest of the path encoded
     * again; a pattern's {@code $N} replaced by its groups, encoded, and the whole path added when
     * the URL has no {@code $}. The query follows but with {@code noquery} or when the URL has
     * one of its own. Null when this mapping does not take the path.
     */
    Match match(String path, String query) {
        String target;
        if (regex != null) {
            Matcher m = regex.matcher(path);
            if (!m.find()) {
                return null;
            }
            if (excluded()) {
                return Match.EXCLUDED;
            }
            String substituted = substitute(url, m);
            target = substituted.equals(url) ? url + RequestPath.encode(path) : substituted;
        } else {
            int length = prefixLength(path, prefix);
            if (length == 0) {
                return null;
            }
            if (excluded()) {
                return Match.EXCLUDED;
            }
            target = url + RequestPath.encode(path.substring(length));
        }
        if (query != null && !noQuery && target.indexOf('?') < 0) {
            target = target + "?" + query;
        }
        return new Match(false, target, worker);
    }

    /**
     * httpd's alias_match: how many characters of {@code path} the prefix takes, or 0 when it
     * does not match. Any run of slashes in the prefix takes any run in the path, and a prefix
     * that does not end in a slash must end where a segment of the path does ({@code /app}
     * takes {@code /app} and {@code /app/x}, not {@code /apple}).
     */
    static int prefixLength(String path, String prefix) {
        int p = 0;
        int u = 0;
        while (p < prefix.length() && u < path.length()) {
            if (prefix.charAt(p) == '/') {
                if (path.charAt(u) != '/') {
                    return 0;
                }
                while (p < prefix.length() && prefix.charAt(p) == '/') {
                    p++;
                }
                while (u < path.length() && path.charAt(u) == '/') {
                    u++;
                }
            } else if (path.charAt(u++) != prefix.charAt(p++)) {
                return 0;
            }
        }
        if (p < prefix.length()) {
            return 0;
        }
        if (prefix.charAt(prefix.length() - 1) != '/' && u < path.length() && path.charAt(u) != '/') {
            return 0;
        }
        return u;
    }

    /** {@code $0} to {@code $9} in {@code template} replaced by the groups of {@code m}, encoded. */
    private static String substitute(String template, Matcher m) {
        StringBuilder out = new StringBuilder(template.length() + 32);
        for (int i = 0; i < template.length(); i++) {
            char c = template.charAt(i);
            if (c == '\\' && i + 1 < template.length() && template.charAt(i + 1) == '$') {
                out.append('$');
                i++;
            } else if (c == '$' && i + 1 < template.length() && Character.isDigit(template.charAt(i + 1))) {
                int group = template.charAt(++i) - '0';
                if (group <= m.groupCount() && m.group(group) != null) {
                    out.append(RequestPath.encode(m.group(group)));
                }
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
