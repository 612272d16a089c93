package org.sluice.http;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.sluice.config.ArgShape;
import org.sluice.config.ConfigException;
import org.sluice.config.Directive;
import org.sluice.config.DirectiveCall;
import org.sluice.config.Scope;
import org.sluice.hook.Order;
import org.sluice.hook.Result;
import org.sluice.module.Registry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Apache's mod_alias: {@code Alias}, {@code AliasMatch}, {@code Redirect}, {@code RedirectMatch},
 * {@code RedirectPermanent} and {@code RedirectTemp}.
 *
 * <pre>
 * Alias /icons /usr/share/icons
 * AliasMatch ^/manual/(\w+)/(.*)$ /srv/manual/$1/$2
 * RedirectMatch permanent ^/old/(.*)\.html$ https://example.com/new/$1
 * &lt;Directory /srv/www/archive&gt;
 *     Redirect gone /archive/2019
 * &lt;/Directory&gt;
 * </pre>
 *
 * <p>In the server and virtual hosts, the redirects and then the aliases are tried at
 * translate_name, each list in configuration order (a host's own before the main server's),
 * and the first that matches decides. Redirects in a section or {@code .htaccess} (override
 * class FileInfo) are tried at fixups, once the request's configuration is known, the
 * innermost section's first. A URL path matches whole segments of the request's decoded path;
 * a regular expression may match anywhere in it (anchor it with {@code ^}), and {@code $0} to
 * {@code $9} in the target are its groups ({@code \$} is a dollar sign). A redirect keeps the
 * request's query unless its target has one; the path of a {@code RedirectMatch} target is
 * %-encoded after the substitution.
 *
 * <p>An {@code AliasMatch} file stays inside the directory its target names before the first
 * substitution: {@code /srv/manual/$1/$2} cannot map outside {@code /srv/manual}.
 *
 * <p>Other modules add aliases whose requests go to a handler of their own, as mod_cgi's
 * {@code ScriptAlias} does, with {@link #addAlias} and {@link #addAliasMatch}: they join the same
 * list, in configuration order, so that {@code Alias} and {@code ScriptAlias} lines decide in
 * the order written, as in httpd.
 */
public final class Aliases {

    private static final Logger LOG = LoggerFactory.getLogger(Aliases.class);

    /**
     * Characters of the path one regular expression may read in one match: far more than a
     * sane pattern needs on a path of {@code LimitRequestLine} bytes, and a bound on what a
     * pattern that backtracks without end (an access file's author need not be trusted) costs.
     */
    static final int MATCH_BUDGET = 1_000_000;

    /**
     * {@code Redirect [status] url-path [URL]} (regex null), {@code Redirect [status] URL} in a
     * section (both null: all the section covers), or {@code RedirectMatch [status] regex [URL]};
     * url is null for a status that is not a redirect ({@code gone}).
     */
    record Redirect(int status, String urlPath, Pattern regex, String url) {

        /** Where {@code path} goes: the target URL, "" for a status without one, or null if this does not match. */
        String target(String path) {
            if (regex == null && urlPath == null) {
                return url;
            }
            if (regex == null) {
                String rest = rest(path, urlPath);
                return rest == null ? null : url == null ? "" : url + encodePath(rest);
            }
            Matcher m = regex.matcher(new BudgetedText(path));
            if (!m.find()) {
                return null;
            }
            return url == null ? "" : encodeUrlPath(substitute(url, m));
        }
    }

    /**
     * {@code Alias url-path file-path} (regex and target null) or {@code AliasMatch regex
     * file-path}; the file stays inside {@code root}. A module's alias names the handler of the
     * requests it maps ({@code cgi-script}); null for a plain one.
     */
    record Alias(String urlPath, Pattern regex, String target, Path root, String handler) {
    }

    /**
     * The request note that names the handler an alias gave the request ({@code cgi-script} for
     * a {@code ScriptAlias}), as mod_alias' {@code alias-forced-type}: a handler tells from it
     * that the configuration chose it by URL, not by the file's name ({@code %{alias-forced-type}n}
     * in a log format shows it).
     */
    public static final String FORCED_HANDLER_NOTE = "alias-forced-type";

    private static final Set<Scope> SERVER = Directive.SERVER_OR_VHOST;

    private Aliases() {
    }

    static void register(Registry r) {
        r.directive(Directive.of("Alias", ArgShape.TAKE2, SERVER, "a fakename and a realname",
                c -> c.serverConfig(HttpServerConfig.KEY).aliases.add(
                        new Alias(c.arg(0), null, null, c.resolve(c.arg(1)), null))));
        r.directive(Directive.of("AliasMatch", ArgShape.TAKE2, SERVER, "a regular expression and a filename",
                Aliases::aliasMatch));
        r.directive(Directive.withOverrides("Redirect", ArgShape.TAKE123, Directive.ANYWHERE_AND_HTACCESS, HttpDirectives.FILE_INFO,
                "an optional status, then document to be redirected and destination URL", c -> redirect(c, false)));
        r.directive(Directive.withOverrides("RedirectMatch", ArgShape.TAKE123, Directive.ANYWHERE_AND_HTACCESS, HttpDirectives.FILE_INFO,
                "an optional status, then a regular expression and destination URL", c -> redirect(c, true)));
        r.directive(Directive.withOverrides("RedirectPermanent", ArgShape.TAKE2, Directive.ANYWHERE_AND_HTACCESS, HttpDirectives.FILE_INFO,
                "a document to be redirected, then the destination URL", c -> fixedRedirect(c, HttpStatus.MOVED_PERMANENTLY)));
        r.directive(Directive.withOverrides("RedirectTemp", ArgShape.TAKE2, Directive.ANYWHERE_AND_HTACCESS, HttpDirectives.FILE_INFO,
                "a document to be redirected, then the destination URL", c -> fixedRedirect(c, HttpStatus.FOUND)));
        r.hook(HttpHooks.TRANSLATE_NAME, Aliases::translate, Order.LAST);
        r.hook(HttpHooks.FIXUPS, Aliases::fixup, Order.LAST);
    }

    /** translate_name: the server's and host's redirects, then their aliases. */
    static Result translate(Request r) {
        HttpServerConfig config = r.virtualHost().config(HttpServerConfig.KEY);
        Result redirected = redirect(r, config.redirects);
        if (redirected != null) {
            return redirected;
        }
        String path = r.path();
        for (Alias alias : config.aliases) {
            if (alias.regex() == null) {
                String rest = rest(path, alias.urlPath());
                if (rest != null) {
                    return forceHandler(r, alias, FileMapping.map(r, alias.root(), rest));
                }
                continue;
            }
            Matcher m = alias.regex().matcher(new BudgetedText(path));
            boolean found;
            try {
                found = m.find();
            } catch (MatchBudgetExceeded e) {
                LOG.error("{}: AliasMatch {} gave up after reading {} characters of the path", r, alias.regex(),
                        MATCH_BUDGET);
                return Result.SERVER_ERROR;
            }
            if (found) {
                Path file = r.virtualHost().server().serverRoot().resolve(substitute(alias.target(), m));
                Result mapped = FileMapping.mapFile(r, alias.root(), file);
                if (mapped.isError()) {
                    LOG.warn("{}: AliasMatch {} maps it to {}, outside {}", r, alias.regex(), file, alias.root());
                }
                return forceHandler(r, alias, mapped);
            }
        }
        return Result.DECLINED;
    }

    /** A module's alias that mapped the request gives it its handler, and says so in a note. */
    private static Result forceHandler(Request r, Alias alias, Result mapped) {
        if (alias.handler() != null && !mapped.isError()) {
            r.handler(alias.handler());
            r.notes().put(FORCED_HANDLER_NOTE, alias.handler());
        }
        return mapped;
    }

    /** fixups: the redirects of the request's sections and access files. */
    static Result fixup(Request r) {
        Result redirected = redirect(r, r.config(HttpDirConfig.KEY).redirects);
        return redirected != null ? redirected : Result.DECLINED;
    }

    /** The first of {@code redirects} that matches, as the request's result; null if none does. */
    private static Result redirect(Request r, List<Redirect> redirects) {
        for (Redirect redirect : redirects) {
            String target;
            try {
                target = redirect.target(r.path());
            } catch (MatchBudgetExceeded e) {
                LOG.error("{}: RedirectMatch {} gave up after reading {} characters of the path", r,
                        redirect.regex(), MATCH_BUDGET);
                return Result.SERVER_ERROR;
            }
            if (target == null) {
                continue;
            }
            if (redirect.url() == null) {
                return Result.error(redirect.status());
            }
            if (!target.startsWith("/") && !target.contains("://")) {
                LOG.error("{}: cannot redirect to '{}': the target is neither a URL nor an absolute path", r, target);
                return Result.SERVER_ERROR;
            }
            if (r.query() != null && target.indexOf('?') < 0) {
                target += "?" + r.query();
            }
            r.headersOut().set("Location", target.startsWith("/") ? r.absoluteUrl(target) : target);
            return Result.error(redirect.status());
        }
        return null;
    }

    // ---- the directives ----

    /**
     * Adds {@code Alias urlPath directory} to the server's or host's aliases, its requests
     * served by {@code handler}: mod_cgi's {@code ScriptAlias}. Call it from a directive of the
     * server or a virtual host; it is tried in configuration order with {@code Alias} and
     * {@code AliasMatch}.
     *
     * <pre>{@code
     * registry.directive(Directive.of("ScriptAlias", ArgShape.TAKE2, Directive.SERVER_OR_VHOST,
     *         "a fakename and a realname", call -> Aliases.addAlias(call, call.arg(0), call.arg(1), "cgi-script")));
     * }</pre>
     *
     * @param directory resolved against the server root
     */
    public static void addAlias(DirectiveCall c, String urlPath, String directory, String handler) {
        c.serverConfig(HttpServerConfig.KEY).aliases.add(new Alias(urlPath, null, null, c.resolve(directory),
                java.util.Objects.requireNonNull(handler, "handler")));
    }

    /**
     * Adds {@code AliasMatch regex target} whose requests {@code handler} serves, as
     * {@link #addAlias} does for a URL path ({@code ScriptAliasMatch}).
     *
     * @throws ConfigException when the regular expression does not compile
     */
    public static void addAliasMatch(DirectiveCall c, String regex, String target, String handler)
            throws ConfigException {
        aliasMatch(c, regex, target, java.util.Objects.requireNonNull(handler, "handler"));
    }

    private static void aliasMatch(DirectiveCall c) throws ConfigException {
        aliasMatch(c, c.arg(0), c.arg(1), null);
    }

    private static void aliasMatch(DirectiveCall c, String expression, String target, String handler)
            throws ConfigException {
        Pattern regex = compile(c, expression);
        String literal = target;
        for (int i = 0; i + 1 < target.length(); i++) {
            if (target.charAt(i) == '$' && Character.isDigit(target.charAt(i + 1))
                    || target.charAt(i) == '\\') {
                literal = target.substring(0, i);
                break;
            }
        }
        int slash = literal.lastIndexOf('/');
        Path root = c.resolve(slash < 0 ? "" : literal.substring(0, slash + 1));
        c.serverConfig(HttpServerConfig.KEY).aliases.add(new Alias(null, regex, target, root, handler));
    }

    /** {@code Redirect} or {@code RedirectMatch}, in the server or a host, a section or an access file. */
    private static void redirect(DirectiveCall c, boolean regex) throws ConfigException {
        List<String> args = c.args();
        String name = regex ? "RedirectMatch" : "Redirect";
        // httpd 2.4.19's form for a section: Redirect [status] URL sends all it covers to the URL
        boolean inSection = !regex && c.scope() == Scope.SECTION;
        Integer named = inSection && args.size() == 1 && args.get(0).contains("://") ? null
                : statusWord(c, args.get(0), name, regex);
        int status = named == null ? HttpStatus.FOUND : named;
        int i = named == null ? 0 : 1;
        if (i >= args.size()) {
            throw c.error(name + " needs the " + (regex ? "regular expression" : "URL path") + " to redirect");
        }
        if (args.size() - i > 2) {
            throw c.error(name + ": invalid first argument (of three): '" + args.get(0) + "'");
        }
        if (inSection && args.size() - i == 1 && status >= 300 && status < 400) {
            String url = args.get(i);
            if (url.contains("%{")) {
                throw c.error("Redirect: expressions in the URL are not supported: '" + url + "'");
            }
            add(c, new Redirect(status, null, null, checkUrl(c, url)));
            return;
        }
        String url = i + 1 < args.size() ? args.get(i + 1) : null;
        boolean redirectStatus = status >= 300 && status < 400;
        if (redirectStatus && url == null) {
            throw c.error(name + " to a 3xx status needs a destination URL");
        }
        if (!redirectStatus && url != null) {
            throw c.error(name + " with status " + status + " takes no URL");
        }
        if (status < 300 || status > 599) {
            throw c.error(name + ": status " + status + " is neither a redirect (3xx) nor an error");
        }
        add(c, regex ? new Redirect(status, null, compile(c, args.get(i)), url)
                : new Redirect(status, args.get(i), null, checkUrl(c, url)));
    }

    /** {@code RedirectPermanent} and {@code RedirectTemp}: a URL path and a URL. */
    private static void fixedRedirect(DirectiveCall c, int status) throws ConfigException {
        add(c, new Redirect(status, c.arg(0), null, checkUrl(c, c.arg(1))));
    }

    /** The status mod_alias' keywords name: permanent, temp, seeother, gone (any case); else null. */
    static Integer keywordStatus(String word) {
        return switch (word.toLowerCase(Locale.ROOT)) {
            case "permanent" -> HttpStatus.MOVED_PERMANENTLY;
            case "temp" -> HttpStatus.FOUND;
            case "seeother" -> HttpStatus.SEE_OTHER;
            case "gone" -> HttpStatus.GONE;
            default -> null;
        };
    }

    /** The status a first argument names, or null when it is the path (or expression) itself. */
    private static Integer statusWord(DirectiveCall c, String word, String name, boolean regex) throws ConfigException {
        Integer keyword = keywordStatus(word);
        if (keyword != null) {
            return keyword;
        }
        if (!word.isEmpty() && Character.isDigit(word.charAt(0))) {
            try {
                return Integer.parseInt(word);
            } catch (NumberFormatException e) {
                throw c.error(name + ": '" + word + "' is not a status");
            }
        }
        if (!regex && !word.startsWith("/")) {
            throw c.error(word.contains("://")
                    ? name + " needs the URL path to redirect before the destination URL"
                    : name + ": unknown status '" + word + "' (use permanent, temp, seeother, gone or a number)");
        }
        return null;
    }

    private static String checkUrl(DirectiveCall c, String url) throws ConfigException {
        if (url != null && !url.contains("://") && !url.startsWith("/")) {
            throw c.error("Redirect to non-URL '" + url + "'");
        }
        return url;
    }

    /** In the server or a host: tried at translate_name; in a section or access file: at fixups. */
    private static void add(DirectiveCall c, Redirect redirect) {
        if (c.scope() == Scope.SERVER || c.scope() == Scope.VIRTUAL_HOST) {
            c.serverConfig(HttpServerConfig.KEY).redirects.add(redirect);
        } else {
            c.dirConfig(HttpDirConfig.KEY).redirects.add(redirect);
        }
    }

    private static Pattern compile(DirectiveCall c, String regex) throws ConfigException {
        try {
            return Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw c.error(c.name() + ": the regular expression '" + regex + "' could not be compiled: "
                    + e.getDescription());
        }
    }

    // ---- matching ----

    /**
     * The part of {@code path} after {@code prefix} when it matches at a segment boundary, else
     * null. As in mod_alias, a prefix that ends in a slash asks for it ({@code /icons/} does not
     * match {@code /icons}) and takes it: the rest of {@code /icons/a.png} is {@code a.png}, to
     * follow a target that ends in a slash too.
     */
    static String rest(String path, String prefix) {
        if (prefix.endsWith("/")) {
            return path.startsWith(prefix) ? path.substring(prefix.length()) : null;
        }
        if (path.equals(prefix)) {
            return "";
        }
        if (path.startsWith(prefix) && path.charAt(prefix.length()) == '/') {
            return path.substring(prefix.length());
        }
        return null;
    }

    /** {@code template} with {@code $0}..{@code $9} replaced by the match's groups (Apache's ap_pregsub). */
    static String substitute(String template, Matcher m) {
        StringBuilder out = new StringBuilder(template.length() + 32);
        for (int i = 0; i < template.length(); i++) {
            char c = template.charAt(i);
            if (c == '$' && i + 1 < template.length() && Character.isDigit(template.charAt(i + 1))) {
                int group = template.charAt(++i) - '0';
                String value = group <= m.groupCount() ? m.group(group) : null;
                if (value != null) {
                    out.append(value);
                }
            } else if (c == '\\' && i + 1 < template.length()) {
                out.append(template.charAt(++i));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** A URL with its path %-encoded; the query and fragment are left as they are. */
    private static String encodeUrlPath(String url) {
        int end = url.length();
        for (int i = 0; i < url.length(); i++) {
            char c = url.charAt(i);
            if (c == '?' || c == '#') {
                end = i;
                break;
            }
        }
        return encodePath(url.substring(0, end)) + url.substring(end);
    }

    static String encodePath(String decoded) {
        StringBuilder out = new StringBuilder();
        for (byte b : decoded.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c > 0x20 && c < 0x7f && c != '%' && c != '?' && c != '#' && c != '"' && c != '<' && c != '>') {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
            }
        }
        return out.toString();
    }

    /** The path as a regular expression reads it, for at most {@link #MATCH_BUDGET} character reads. */
    static final class BudgetedText implements CharSequence {
        private final String text;
        private int left = MATCH_BUDGET;

        BudgetedText(String text) {
            this.text = text;
        }

        @Override
        public int length() {
            return text.length();
        }

        @Override
        public char charAt(int index) {
            if (--left < 0) {
                throw new MatchBudgetExceeded();
            }
            return text.charAt(index);
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return text.substring(start, end);
        }

        @Override
        public String toString() {
            return text;
        }
    }

    /** A regular expression read more of the path than {@link #MATCH_BUDGET} allows. */
    static final class MatchBudgetExceeded extends RuntimeException {
        MatchBudgetExceeded() {
            super(null, null, false, false);
        }
    }
}
