package org.sluice.http;

import java.util.Locale;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run of a rule set over a request: the path being rewritten, its query, the
 * back-references of the last rule and condition that matched, and the request headers the
 * conditions read (for {@code Vary}). Expands test strings and substitutions as httpd's
 * mod_rewrite does, in one pass: what a variable or back-reference gives is never expanded
 * again.
 */
final class RewriteContext {

    /** {@code LogLevel rewrite:debug} (or {@code trace1}..{@code trace8}) shows what the rules do. */
    static final Logger LOG = LoggerFactory.getLogger("org.sluice.rewrite");

    final Request request;
    /** The directory of per-directory rules, with a trailing slash; null for the server's rules. */
    final String directory;
    /** httpd's {@code r->filename}: the path (server) or file name (per directory) rewritten so far. */
    String filename;
    /** The part of the requested path below the file it names ({@code /more} of {@code /page.php/more}). */
    String pathInfo;
    /** httpd's {@code r->args}: the query, still encoded, or null. */
    String query;
    /** What the rule's pattern was matched against, and the match; null source after a negated pattern. */
    private String ruleSource;
    private MatchResult ruleMatch;
    private String conditionSource;
    private MatchResult conditionMatch;
    /** Request headers the current condition read, and those of all the conditions of the rule. */
    private StringBuilder varyThis;
    StringBuilder vary;
    /** Set by {@link #expand} when a {@code ?} came from an expansion before any literal one. */
    boolean unsafeQuestionMark;

    RewriteContext(Request request, String directory, String filename, String pathInfo) {
        this.request = request;
        this.directory = directory;
        this.filename = filename;
        this.pathInfo = pathInfo;
        this.query = request.query();
    }

    void trace(String format, Object... args) {
        if (LOG.isTraceEnabled()) {
            LOG.trace("{} [{}] " + format, prepend(args));
        }
    }

    private Object[] prepend(Object[] args) {
        Object[] all = new Object[args.length + 2];
        all[0] = request;
        all[1] = directory == null ? "server" : "perdir " + directory;
        System.arraycopy(args, 0, all, 2, args.length);
        return all;
    }

    /** The rule's pattern matched {@code source}: its groups are {@code $N}; the conditions' start over. */
    void ruleMatched(String source, Matcher m) {
        ruleSource = source;
        ruleMatch = m == null ? null : m.toMatchResult();
        conditionSource = null;
        conditionMatch = null;
        varyThis = null;
    }

    /** A condition's regular expression matched {@code source}: its groups are {@code %N}. */
    void conditionMatched(String source, Matcher m) {
        conditionSource = source;
        conditionMatch = m.toMatchResult();
    }

    /** The current condition counts: the headers it read go into the rule's {@code Vary}. */
    void keepVary() {
        if (varyThis != null) {
            if (vary == null) {
                vary = new StringBuilder(varyThis);
            } else {
                vary.append(", ").append(varyThis);
            }
        }
        varyThis = null;
    }

    /** A condition that failed within an {@code OR} group, or marked {@code NV}: its headers do not count. */
    void forgetVary() {
        varyThis = null;
    }

    // ---- expansion ----

    /**
     * {@code template} with {@code \c}, {@code %{VAR}}, {@code ${map:key|default}}, {@code $N}
     * and {@code %N} expanded. For a substitution, T= or H= ({@code rule} not null) the rule's
     * {@code B} flags escape the back-references, and {@link #unsafeQuestionMark} tells whether
     * its first {@code ?} (its last with {@code QSL}) came from an expansion rather than from
     * the rule.
     */
    String expand(String template, RewriteRule rule) {
        unsafeQuestionMark = false;
        StringBuilder out = new StringBuilder(template.length() + 16);
        expand(template, 0, template.length(), rule, rule != null, out);
        return out.toString();
    }

    /**
     * Expands {@code template[from, to)} into {@code out}. A map's key and default are
     * expanded the same way, from the configuration's text only: what a look-up gives is never
     * expanded again.
     */
    private void expand(String template, int from, int to, RewriteRule rule, boolean track, StringBuilder out) {
        boolean tracking = track;
        boolean last = rule != null && rule.has(RewriteRule.Flag.QUERY_LAST);
        for (int i = from; i < to; i++) {
            char c = template.charAt(i);
            String expanded;
            if (c == '\\') {
                if (i + 1 < to) {
                    c = template.charAt(++i);
                }
                out.append(c);
                continue;
            }
            if ((c == '%' || c == '$') && i + 1 < to && template.charAt(i + 1) == '{') {
                int end = closingCurly(template, i + 2, to);
                int colon = end < 0 || c == '%' ? -1 : charInCurlies(template, i + 2, end, ':');
                if (end < 0 || c == '$' && colon < 0) {
                    out.append(c).append('{');
                    i++;
                    continue;
                }
                expanded = c == '%' ? variable(template.substring(i + 2, end))
                        : mapValue(template, i + 2, colon, end, rule);
                i = end;
            } else if ((c == '%' || c == '$') && i + 1 < to && Character.isDigit(template.charAt(i + 1))) {
                expanded = backReference(c == '$', template.charAt(++i) - '0');
                if (expanded != null && rule != null && rule.escaping() != null) {
                    String escaped = rule.escaping().apply(expanded);
                    trace("escaping backreference '{}' to '{}'", expanded, escaped);
                    expanded = escaped;
                }
            } else {
                if (c == '?' && tracking) {
                    unsafeQuestionMark = false;
                    tracking = last;
                }
                out.append(c);
                continue;
            }
            if (expanded != null) {
                if (tracking && expanded.indexOf('?') >= 0) {
                    unsafeQuestionMark = true;
                    tracking = last;
                }
                out.append(expanded);
            }
        }
    }

    /**
     * {@code ${map:key|default}} of {@code template}: {@code name} starts at {@code from},
     * the key after {@code colon}, up to {@code end} (its closing curly bracket). Null when the
     * map has no value for the key (or there is no such map, as in httpd) and no default.
     */
    private String mapValue(String template, int from, int colon, int end, RewriteRule rule) {
        String name = template.substring(from, colon);
        int bar = charInCurlies(template, colon + 1, end, '|');
        StringBuilder key = new StringBuilder();
        expand(template, colon + 1, bar < 0 ? end : bar, rule, false, key);
        RewriteServerConfig config = request.virtualHost().config(HttpServerConfig.KEY).rewrite;
        RewriteMap map = config == null ? null : config.maps.get(name);
        String value = map == null ? null : map.value(key.toString());
        if (value != null) {
            trace("map lookup OK: map={} key={} -> val={}", name, key, value);
            return value;
        }
        trace("map lookup FAILED: map={}{} key={}", name, map == null ? " (not defined)" : "", key);
        if (bar < 0 || bar + 1 == end) {
            return null;
        }
        StringBuilder fallback = new StringBuilder();
        expand(template, bar + 1, end, rule, false, fallback);
        return fallback.toString();
    }

    /** The index of the curly bracket that closes the one before {@code from}, or -1. */
    private static int closingCurly(String s, int from, int to) {
        int depth = 1;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c == '}' && --depth == 0) {
                return i;
            } else if (c == '{') {
                depth++;
            }
        }
        return -1;
    }

    /** The index of {@code wanted} in {@code s[from, to)} outside nested curly brackets, or -1. */
    private static int charInCurlies(String s, int from, int to, char wanted) {
        int depth = 1;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c == wanted && depth == 1) {
                return i;
            } else if (c == '}' && --depth == 0) {
                return -1;
            } else if (c == '{') {
                depth++;
            }
        }
        return -1;
    }

    /** Group {@code n} of the rule's ({@code $N}) or the last condition's ({@code %N}) match; null when empty or none. */
    private String backReference(boolean rule, int n) {
        String source = rule ? ruleSource : conditionSource;
        MatchResult match = rule ? ruleMatch : conditionMatch;
        if (source == null || match == null || n > match.groupCount()) {
            return null;
        }
        int start = match.start(n);
        int end = match.end(n);
        return start >= 0 && end > start ? source.substring(start, end) : null;
    }

    /**
     * A server variable as httpd's mod_rewrite names it: "" for one it does not know (those it
     * knows but Sluice does not give are refused in the configuration, {@link RewriteDirectives}).
     */
    String variable(String name) {
        String value = lookUp(name);
        return value == null ? "" : value;
    }

    private String lookUp(String name) {
        Request r = request;
        if (name.length() > 4 && name.charAt(3) == ':' && name.regionMatches(true, 0, "ENV", 0, 3)) {
            return r.env(name.substring(4));
        }
        if (name.length() > 5 && name.charAt(4) == ':' && name.regionMatches(true, 0, "HTTP", 0, 4)) {
            return header(name.substring(5));
        }
        if (name.length() > 4 && name.charAt(3) == ':' && name.regionMatches(true, 0, "SSL", 0, 3)) {
            return ServerVariables.tlsVariable(r, name.substring(4).toUpperCase(Locale.ROOT));
        }
        switch (name.toUpperCase(Locale.ROOT)) {
            case "REQUEST_FILENAME", "SCRIPT_FILENAME" -> {
                return filename;
            }
            case "QUERY_STRING" -> {
                return query;
            }
            case "PATH_INFO" -> {
                return pathInfo;
            }
            default -> {
                ServerVariables.Variable variable = ServerVariables.forRewrite(name);
                return variable == null ? null : variable.value(r, this::header);
            }
        }
    }

    /** A request header; a condition that reads one (but Host) adds it to the response's {@code Vary}. */
    private String header(String name) {
        String value = request.headersIn().get(name);
        if (value != null && !name.equalsIgnoreCase("Host")) {
            if (varyThis == null) {
                varyThis = new StringBuilder(name);
            } else {
                varyThis.append(", ").append(name);
            }
        }
        return value;
    }

    String documentRoot() {
        return ServerVariables.documentRoot(request);
    }
}
