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
     * {@code template} with {@code \c}, {@code %{VAR}}, {@code $N} and {@code %N} expanded. For a
     * substitution ({@code rule} not null) {@link #unsafeQuestionMark} tells whether its first
     * {@code ?} (its last with {@code QSL}) came from an expansion rather than from the rule.
     */
    String expand(String template, RewriteRule rule) {
        unsafeQuestionMark = false;
        boolean tracking = rule != null;
        boolean last = rule != null && rule.has(RewriteRule.Flag.QUERY_LAST);
        StringBuilder out = new StringBuilder(template.length() + 16);
        int n = template.length();
        for (int i = 0; i < n; i++) {
            char c = template.charAt(i);
            String expanded = null;
            if (c == '\\') {
                if (i + 1 < n) {
                    c = template.charAt(++i);
                }
                out.append(c);
                continue;
            }
            if ((c == '%' || c == '$') && i + 1 < n && template.charAt(i + 1) == '{') {
                int end = closingCurly(template, i + 2);
                if (end < 0 || c == '$') {
                    // ${map:key} is refused when the configuration is read: ${ without a map is text
                    out.append(c).append('{');
                    i++;
                    continue;
                }
                expanded = variable(template.substring(i + 2, end));
                i = end;
            } else if ((c == '%' || c == '$') && i + 1 < n && Character.isDigit(template.charAt(i + 1))) {
                expanded = backReference(c == '$', template.charAt(++i) - '0');
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
        return out.toString();
    }

    private static int closingCurly(String s, int from) {
        int depth = 1;
        for (int i = from; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '}' && --depth == 0) {
                return i;
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
