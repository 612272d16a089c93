package org.sluice.http;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import org.sluice.hook.Order;
import org.sluice.hook.Result;
import org.sluice.module.Registry;

/**
 * Apache's mod_rewrite, its commonly used core: rules that rewrite the URL path with regular
 * expressions, under conditions on server variables, to another path, a query, an external
 * redirect or a status.
 *
 * <pre>
 * RewriteEngine On
 * RewriteCond %{HTTP_HOST} ^www\.(.+)$ [NC]
 * RewriteRule ^/(.*)$ http://%1/$1 [R=301,L]
 *
 * # .htaccess of a PHP application
 * RewriteEngine On
 * RewriteCond %{REQUEST_FILENAME} !-f
 * RewriteCond %{REQUEST_FILENAME} !-d
 * RewriteRule ^ index.php [L]
 * </pre>
 *
 * <p>The rules of the server and virtual hosts run at translate_name, before {@code Alias},
 * on the decoded URL path: a path they give is mapped under the DocumentRoot (or, when its
 * first segment exists on disk and the rule wrote it, taken as a file name), {@code PT} hands it
 * to {@code Alias} and the DocumentRoot instead. The rules of a {@code <Directory>} section or
 * an access file run at fixups, once the file is known: they match the path below their
 * directory, and a relative substitution is put back under it ({@code RewriteBase} says the URL
 * of the directory) and served by an internal redirect, whose request runs the phases again:
 * the rules stop when one gives the file name it started from, at {@code END}, or at the limit
 * of internal redirects. A full URL, or {@code R}, redirects the client; {@code F}, {@code G}
 * and {@code R=4xx} answer with their status. {@code N} starts a rule set again (up to its
 * number of rounds), {@code CO} adds a cookie, and {@code ${map:key}} looks a value up in the
 * virtual host's {@link RewriteMap}s.
 *
 * <p>Without a rule where the request is served, each phase function costs a look at the
 * configuration and nothing more.
 */
final class RewriteEngine {

    /** A rule with {@code END} applied: no more rewriting for the request, nor for its internal redirects. */
    private static final String END_NOTE = "rewrite-end";
    private static final String TYPE_NOTE = "rewrite-forced-type";
    private static final String HANDLER_NOTE = "rewrite-forced-handler";

    private RewriteEngine() {
    }

    static void register(Registry registry) {
        RewriteDirectives.register(registry);
        // before mod_alias, as httpd's mod_rewrite runs first at translate_name and fixups
        registry.hook(HttpHooks.TRANSLATE_NAME, RewriteEngine::translate, Order.FIRST.before("proxy"));
        registry.hook(HttpHooks.FIXUPS, RewriteEngine::fixup, Order.FIRST.before("proxy"));
        registry.hook(HttpHooks.FIXUPS, RewriteEngine::forceTypeAndHandler, Order.LAST);
    }

    /** What a rule set did. */
    private enum Outcome {
        /** No rule changed the path (rules without substitution may have set variables). */
        UNCHANGED,
        /** The path changed. */
        CHANGED,
        /** The path changed under {@code NE}: a redirect's URL is not escaped. */
        CHANGED_NO_ESCAPE,
        /** A rule decided the status ({@code F}, {@code G}, {@code R=4xx}, or an error). */
        STATUS
    }

    /** What a rule did. */
    private enum RuleResult { NO_MATCH, MATCH, NO_SUBSTITUTION, STATUS }

    /** The state a rule set leaves besides the path and query of its context. */
    private static final class Run {
        int status;
        boolean passThrough;
        /** A rule with {@code P} applied: the result is a URL to proxy to. */
        boolean proxy;
        RewriteRule lastSubstitution;
    }

    // ---- translate_name: the server's and virtual hosts' rules ----

    static Result translate(Request r) {
        RewriteServerConfig config = r.virtualHost().config(HttpServerConfig.KEY).rewrite;
        if (config == null || config.rules.isEmpty()) {
            return Result.DECLINED;
        }
        RewriteDirConfig dir = r.config(HttpDirConfig.KEY).rewrite;
        if (dir == null || !dir.engineOn() || r.note(END_NOTE) != null) {
            return Result.DECLINED;
        }
        RewriteContext context = new RewriteContext(r, null, r.path(), null);
        context.trace("init rewrite engine with requested uri {}", r.path());
        Run run = new Run();
        Outcome outcome = apply(context, config.rules, run);
        if (outcome == Outcome.UNCHANGED) {
            RewriteContext.LOG.debug("{}: pass through {}", r, r.path());
            return Result.DECLINED;
        }
        Result refused = checkQuery(context, outcome);
        if (refused != null) {
            return refused;
        }
        if (outcome == Outcome.STATUS) {
            RewriteContext.LOG.debug("{}: status {} [{}]", r, run.status, r.path());
            return Result.error(run.status);
        }
        String result = context.filename;
        if (run.proxy) {
            return proxy(context, result, outcome);
        }
        if (schemeLength(result) > 0) {
            return redirect(context, result, outcome, run);
        }
        if (run.passThrough) {
            RewriteContext.LOG.debug("{}: pass {} through to the other translators", r, result);
            r.path(result);
            r.query(context.query);
            return Result.DECLINED;
        }
        if (result.isEmpty() || result.charAt(0) != '/') {
            return Result.error(HttpStatus.BAD_REQUEST);
        }
        r.query(context.query);
        if (run.status != 0) {
            // an R rule without L, and a later rule that made a local path of its URL: as httpd,
            // the file is served with the redirect's status (and no Location)
            r.status(run.status);
        }
        if (isFileName(context, result, run.lastSubstitution)) {
            Path file = Path.of(result);
            RewriteContext.LOG.debug("{}: go-ahead with file {}", r, file);
            return FileMapping.mapFile(r, file.getRoot(), file);
        }
        RewriteContext.LOG.debug("{}: go-ahead with {} under the DocumentRoot", r, result);
        Path root = r.virtualHost().config(HttpServerConfig.KEY).documentRoot(r.virtualHost().server().serverRoot());
        int slashes = 0;
        while (slashes + 1 < result.length() && result.charAt(slashes + 1) == '/') {
            slashes++;
        }
        // a path the rule wrote with two leading slashes is still under the root (httpd appends it to the root)
        return FileMapping.map(r, root, result.substring(slashes));
    }

    /**
     * httpd's prefix_stat: whether a path a server rule gave is a file name rather than a URL
     * path, because its first segment exists on disk and the rule wrote it (or the path is
     * under the DocumentRoot).
     */
    private static boolean isFileName(RewriteContext context, String path, RewriteRule lastSubstitution) {
        int slash = path.indexOf('/', 1);
        String first = slash < 0 ? path : path.substring(0, slash);
        if (first.length() < 2 || first.indexOf('\0') >= 0 || FileMapping.stat(Path.of(first)) == null) {
            return false;
        }
        if (lastSubstitution == null) {
            return true;
        }
        return lastSubstitution.substitution().startsWith(first) || path.startsWith(context.documentRoot());
    }

    // ---- fixups: the rules of directories ----

    static Result fixup(Request r) throws Exception {
        RewriteDirConfig config = r.config(HttpDirConfig.KEY).rewrite;
        if (config == null || config.rules.isEmpty() || config.directory == null || !config.engineOn() || r.filename() == null) {
            return Result.DECLINED;
        }
        String directory = config.directory;
        String filename = mapped(r);
        if (r.path().endsWith("/") && !filename.endsWith("/")) {
            filename += "/";
        }
        // the directory itself without its slash: mod_dir redirects it first
        if (filename.length() == directory.length() - 1 && directory.startsWith(filename)) {
            return Result.DECLINED;
        }
        if (r.note(END_NOTE) != null) {
            return Result.DECLINED;
        }
        HttpDirConfig dir = r.config(HttpDirConfig.KEY);
        if (!dir.followSymlinks() && !dir.options().contains(HttpDirConfig.Option.SYMLINKS_IF_OWNER_MATCH)) {
            RewriteContext.LOG.error("{}: Options FollowSymLinks and SymLinksIfOwnerMatch are both off, so the"
                    + " RewriteRule directive is also forbidden due to its similar ability to circumvent directory"
                    + " restrictions : {}", r, r.filename());
            return Result.FORBIDDEN;
        }
        String[] split = splitPathInfo(filename, r.fileRoot());
        RewriteContext context = new RewriteContext(r, directory, split[0], split[1]);
        String original = context.filename;
        Run run = new Run();
        Outcome outcome = apply(context, config.rules, run);
        if (outcome == Outcome.UNCHANGED) {
            RewriteContext.LOG.debug("{}: [perdir {}] pass through {}", r, directory, original);
            return Result.DECLINED;
        }
        Result refused = checkQuery(context, outcome);
        if (refused != null) {
            return refused;
        }
        if (outcome == Outcome.STATUS) {
            RewriteContext.LOG.debug("{}: [perdir {}] status {}", r, directory, run.status);
            return Result.error(run.status);
        }
        String result = context.filename;
        if (run.proxy) {
            return proxy(context, result, outcome);
        }
        int scheme = schemeLength(result);
        if (scheme > 0) {
            if (config.base != null) {
                result = replaceBaseInUrl(result, scheme, directory, config.base);
            }
            return redirect(context, result, outcome, run);
        }
        if (result.isEmpty() || result.charAt(0) != '/') {
            return Result.error(HttpStatus.BAD_REQUEST);
        }
        if (result.equals(original)) {
            RewriteContext.LOG.debug("{}: [perdir {}] initial URL equal rewritten URL: {} [IGNORING REWRITE]", r,
                    directory, result);
            r.query(context.query);
            return Result.OK;
        }
        String url = result;
        if (config.base != null) {
            url = replacePrefix(result, directory, config.base);
        } else {
            String root = context.documentRoot();
            if (root.endsWith("/")) {
                root = root.substring(0, root.length() - 1);
            }
            if (url.startsWith(root) && url.length() > root.length() && url.charAt(root.length()) == '/') {
                url = url.substring(root.length());
            }
        }
        if (url.equals(result)) {
            url = underContextPrefix(r, result);
        }
        String path;
        try {
            // the new URL is parsed again, as httpd's internal redirect does: %-escapes in it are decoded
            path = RequestPath.normalize(url);
        } catch (HttpException e) {
            return Result.error(e.status());
        }
        RewriteContext.LOG.debug("{}: [perdir {}] internal redirect with {}{} [INTERNAL REDIRECT]", r, directory,
                path, context.query == null ? "" : "?" + context.query);
        // T= and H= were for this request's file: the redirect's request has rules of its own
        r.notes().remove(TYPE_NOTE);
        r.notes().remove(HANDLER_NOTE);
        Result served = RequestProcessor.rewriteRedirect(r, path, context.query, r.headersOut().get("Vary"));
        return served.isError() ? served : Result.DONE;
    }

    /**
     * The path the request was mapped to, its path info included: per-directory rules see it
     * whole, as httpd matches them against the file name and PATH_INFO together.
     */
    private static String mapped(Request r) {
        return r.pathInfo() == null ? r.filename().toString() : r.filename() + r.pathInfo();
    }

    /**
     * A file name below the directory the request was mapped under (an {@code Alias} target)
     * as a URL path under the URL that maps there, as httpd does with the context's document
     * root and prefix; {@code file} itself when it is not below it.
     */
    private static String underContextPrefix(Request r, String file) {
        Path root = r.fileRoot();
        if (root == null) {
            return file;
        }
        String base = root.toString();
        String mapped = mapped(r);
        if (!mapped.startsWith(base)) {
            return file;
        }
        String below = mapped.substring(base.length());
        String path = r.path();
        if (path.endsWith("/") && !below.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        if (!path.endsWith(below)) {
            return file;
        }
        String prefix = path.substring(0, path.length() - below.length());
        return prefix.isEmpty() ? file : replacePrefix(file, base, prefix);
    }

    /**
     * httpd's directory walk, which puts what follows the first missing or non-directory
     * segment below the root in the path info: {@code [file name, path info]}.
     */
    private static String[] splitPathInfo(String full, Path root) {
        String base = root == null ? null : root.toString();
        if (base == null || !full.startsWith(base) || full.length() == base.length()) {
            return new String[] {full, null};
        }
        int i = base.endsWith("/") ? base.length() - 1 : base.length();
        while (i < full.length()) {
            int next = full.indexOf('/', i + 1);
            String prefix = next < 0 ? full : full.substring(0, next);
            if (prefix.length() > i + 1) {
                BasicFileAttributes attributes = FileMapping.stat(Path.of(prefix));
                if (attributes == null || !attributes.isDirectory()) {
                    return new String[] {prefix, next < 0 ? null : full.substring(next)};
                }
            }
            if (next < 0) {
                break;
            }
            i = next;
        }
        return new String[] {full, null};
    }

    /** httpd's subst_prefix_path: {@code input} with the directory {@code match} replaced by {@code base}. */
    private static String replacePrefix(String input, String match, String base) {
        String m = match.endsWith("/") ? match.substring(0, match.length() - 1) : match;
        if (!input.startsWith(m) || input.length() <= m.length() || input.charAt(m.length()) != '/') {
            return input;
        }
        String b = base.endsWith("/") ? base : base + "/";
        return b + input.substring(m.length() + 1);
    }

    /** The same in the path of a URL a directory's rule redirects to, as httpd does with a RewriteBase. */
    private static String replaceBaseInUrl(String url, int scheme, String directory, String base) {
        int slash = url.indexOf('/', scheme);
        if (slash < 0 || slash + 1 >= url.length()) {
            return url;
        }
        String path = url.substring(slash + 1);
        String replaced = replacePrefix(path, directory.startsWith("/") ? directory.substring(1) : directory,
                base.substring(1));
        return replaced.equals(path) ? url : url.substring(0, slash + 1) + replaced;
    }

    // ---- fixups, last: T= and H= ----

    static Result forceTypeAndHandler(Request r) {
        String type = r.note(TYPE_NOTE);
        if (type != null) {
            RewriteContext.LOG.debug("{}: force {} to have MIME-type '{}'", r, r.filename(), type);
            r.contentType(type);
        }
        String handler = r.note(HANDLER_NOTE);
        if (handler != null) {
            RewriteContext.LOG.debug("{}: force {} to have the Content-handler '{}'", r, r.filename(), handler);
            r.handler(handler);
        }
        return Result.DECLINED;
    }

    // ---- the rule set ----

    private static Outcome apply(RewriteContext context, List<RewriteRule> rules, Run run) {
        Request r = context.request;
        Outcome changed = Outcome.UNCHANGED;
        int limit = 2 * r.virtualHost().config(HttpServerConfig.KEY).limits().requestLine();
        int round = 1;
        for (int i = 0; i < rules.size(); i++) {
            RewriteRule rule = rules.get(i);
            context.vary = null;
            RuleResult result;
            try {
                result = applyRule(rule, context, run);
            } catch (Aliases.MatchBudgetExceeded e) {
                RewriteContext.LOG.error("{}: RewriteRule {} ({}) gave up after reading {} characters", r,
                        rule.source(), rule.at(), Aliases.MATCH_BUDGET);
                run.status = HttpStatus.INTERNAL_SERVER_ERROR;
                return Outcome.STATUS;
            }
            if (result == RuleResult.NO_MATCH) {
                // a rule that does not apply takes the rules chained to it along
                while (i < rules.size() - 1 && rules.get(i).has(RewriteRule.Flag.CHAIN)) {
                    i++;
                }
                continue;
            }
            if (result != RuleResult.NO_SUBSTITUTION) {
                run.lastSubstitution = rule;
            }
            if (context.filename.length() > limit) {
                RewriteContext.LOG.error("{}: RewriteRule '{}' and URI '{}' exceeded maximum length ({})", r,
                        rule.source(), r.path(), limit);
                run.status = HttpStatus.INTERNAL_SERVER_ERROR;
                return Outcome.STATUS;
            }
            if (context.vary != null) {
                String vary = r.headersOut().get("Vary");
                r.headersOut().set("Vary", vary == null ? context.vary.toString() : vary + ", " + context.vary);
            }
            if (result == RuleResult.STATUS) {
                return Outcome.STATUS;
            }
            if (rule.has(RewriteRule.Flag.STATUS)) {
                run.status = rule.status();
                return Outcome.STATUS;
            }
            if (result == RuleResult.MATCH) {
                changed = rule.has(RewriteRule.Flag.NO_ESCAPE) ? Outcome.CHANGED_NO_ESCAPE : Outcome.CHANGED;
            }
            if (rule.has(RewriteRule.Flag.PASS_THROUGH)) {
                context.trace("forcing '{}' to get passed through to next API URI-to-filename handler",
                        context.filename);
                run.passThrough = true;
                return Outcome.CHANGED;
            }
            if (rule.has(RewriteRule.Flag.END)) {
                r.notes().put(END_NOTE, "1");
                break;
            }
            if (run.proxy || rule.has(RewriteRule.Flag.LAST)) {
                break;
            }
            if (rule.has(RewriteRule.Flag.NEXT)) {
                if (++round >= rule.maxRounds()) {
                    RewriteContext.LOG.error("{}: RewriteRule '{}' and URI '{}' exceeded maximum number of rounds ({})"
                            + " via the [N] flag", r, rule.source(), r.path(), rule.maxRounds());
                    run.status = HttpStatus.INTERNAL_SERVER_ERROR;
                    return Outcome.STATUS;
                }
                context.trace("new round with {}", context.filename);
                i = -1;
                continue;
            }
            i += Math.min(rule.skip(), rules.size() - 1 - i);
        }
        return changed;
    }

    private static RuleResult applyRule(RewriteRule rule, RewriteContext context, Run run) {
        String uri = context.filename;
        String directory = context.directory;
        if (directory != null) {
            if (context.pathInfo != null && !context.pathInfo.isEmpty()) {
                uri += context.pathInfo;
            }
            if (uri.startsWith(directory)) {
                uri = uri.substring(directory.length());
            }
        }
        context.trace("applying pattern '{}' to uri '{}'", rule.source(), uri);
        Matcher m = rule.regex().matcher(new Aliases.BudgetedText(uri));
        boolean found = m.find();
        if (found == rule.negated()) {
            return RuleResult.NO_MATCH;
        }
        context.ruleMatched(uri, rule.negated() ? null : m);
        List<RewriteCondition> conditions = rule.conditions();
        for (int i = 0; i < conditions.size(); i++) {
            RewriteCondition condition = conditions.get(i);
            boolean holds = condition.test(context);
            if (condition.noVary()) {
                context.forgetVary();
            }
            if (condition.orNext()) {
                if (!holds) {
                    context.forgetVary();
                    continue;
                }
                while (i < conditions.size() - 1 && conditions.get(i).orNext()) {
                    i++;
                }
            } else if (!holds) {
                return RuleResult.NO_MATCH;
            }
            context.keepVary();
        }
        boolean substitutes = rule.substitution() != null && !rule.has(RewriteRule.Flag.STATUS);
        String result = null;
        if (substitutes) {
            result = context.expand(rule.substitution(), rule);
            context.trace("rewrite '{}' -> '{}'", uri, result);
            if (context.unsafeQuestionMark) {
                RewriteContext.LOG.error("{}: Unsafe URL with %3f URL rewritten without UnsafeAllow3F", context.request);
                run.status = HttpStatus.FORBIDDEN;
                return RuleResult.STATUS;
            }
        }
        setEnvironment(rule, context);
        if (!rule.cookies().isEmpty()) {
            for (String cookie : rule.cookies()) {
                RewriteCookie.set(context, context.expand(cookie, null));
            }
        }
        if (!substitutes) {
            forceTypeAndHandler(rule, context);
            return RuleResult.NO_SUBSTITUTION;
        }
        boolean prefixAdded = false;
        if (!result.startsWith("/") && schemeLength(result) == 0) {
            if (directory != null) {
                result = directory + result;
                prefixAdded = true;
            } else if (!rule.has(RewriteRule.Flag.REDIRECT)) {
                result = "/" + result;
                prefixAdded = true;
            }
        }
        context.filename = result;
        if (directory != null && rule.has(RewriteRule.Flag.DISCARD_PATH_INFO)) {
            context.pathInfo = null;
        }
        splitQuery(context, rule);
        if (rule.has(RewriteRule.Flag.PROXY)) {
            if (schemeLength(context.filename) == 0) {
                String path = context.filename;
                context.filename = context.request.absoluteUrl(path.startsWith("/") ? path : "/" + path);
            }
            context.trace("forcing proxy-throughput with {}", context.filename);
            run.proxy = true;
            return RuleResult.MATCH;
        }
        if (rule.has(RewriteRule.Flag.REDIRECT)) {
            if (schemeLength(context.filename) == 0) {
                String path = context.filename;
                context.filename = context.request.absoluteUrl(path.startsWith("/") ? path : "/" + path);
            }
            context.trace("explicitly forcing redirect with {}", context.filename);
            run.status = rule.status();
            return RuleResult.MATCH;
        }
        reduce(context);
        if (schemeLength(context.filename) > 0) {
            context.trace("implicitly forcing redirect with {}", context.filename);
            run.status = rule.status();
            return RuleResult.MATCH;
        }
        String output = rule.substitution();
        if (!prefixAdded && !(output.length() > 1 && output.charAt(0) == '/' && output.charAt(1) == '/')) {
            // leading slashes merged, unless the rule wrote them
            String f = context.filename;
            int k = 0;
            while (k + 1 < f.length() && f.charAt(k) == '/' && f.charAt(k + 1) == '/') {
                k++;
            }
            context.filename = f.substring(k);
        }
        forceTypeAndHandler(rule, context);
        return RuleResult.MATCH;
    }

    /** {@code E=VAR:VAL}, {@code E=VAR} (empty) and {@code E=!VAR} (unset), expanded. */
    private static void setEnvironment(RewriteRule rule, RewriteContext context) {
        for (String setting : rule.env()) {
            String expanded = context.expand(setting, null);
            if (expanded.startsWith("!")) {
                context.request.env().remove(expanded.substring(1));
                context.trace("unsetting env variable '{}'", expanded.substring(1));
                continue;
            }
            int colon = expanded.indexOf(':');
            String name = colon < 0 ? expanded : expanded.substring(0, colon);
            String value = colon < 0 ? "" : expanded.substring(colon + 1);
            context.request.env().put(name, value);
            context.trace("setting env variable '{}' to '{}'", name, value);
        }
    }

    private static void forceTypeAndHandler(RewriteRule rule, RewriteContext context) {
        if (rule.type() != null) {
            String type = context.expand(rule.type(), rule).toLowerCase(Locale.ROOT);
            if (!type.isEmpty()) {
                context.request.notes().put(TYPE_NOTE, type);
            }
        }
        if (rule.handler() != null) {
            String handler = context.expand(rule.handler(), rule).toLowerCase(Locale.ROOT);
            if (!handler.isEmpty()) {
                context.request.notes().put(HANDLER_NOTE, handler);
            }
        }
    }

    /** httpd's splitout_queryargs: the query of the substitution, with {@code QSA}, {@code QSD}, {@code QSL}. */
    private static void splitQuery(RewriteContext context, RewriteRule rule) {
        if (rule.has(RewriteRule.Flag.QUERY_NONE)) {
            context.query = null;
            return;
        }
        String f = context.filename;
        int scheme = schemeLength(f);
        if (scheme > 0 && !supportsQuery(f)) {
            context.query = null;
            return;
        }
        if (rule.has(RewriteRule.Flag.QUERY_DISCARD)) {
            context.query = null;
        }
        int q = rule.has(RewriteRule.Flag.QUERY_LAST) ? f.lastIndexOf('?') : f.indexOf('?', scheme);
        if (q < scheme) {
            return;
        }
        String query = f.substring(q + 1);
        context.filename = f.substring(0, q);
        String args;
        if (rule.has(RewriteRule.Flag.QUERY_APPEND)) {
            args = query.isEmpty() ? context.query : query + "&" + (context.query == null ? "" : context.query);
        } else {
            args = query;
        }
        if (args != null) {
            if (args.isEmpty()) {
                args = null;
            } else if (args.endsWith("&")) {
                args = args.substring(0, args.length() - 1);
            }
        }
        context.query = args;
        context.trace("split uri={} -> uri={}, args={}", f, context.filename, args == null ? "<none>" : args);
    }

    /**
     * httpd's self-reduction: a URL of this host in the request's scheme
     * ({@code http://host[:port]/path}, {@code https://} on TLS; the host the client asked for
     * or the ServerName, the port it asked for) is its path, served here.
     */
    private static void reduce(RewriteContext context) {
        String f = context.filename;
        Request r = context.request;
        String scheme = r.scheme();
        int start = scheme.length() + 3;
        if (f.length() <= start || !f.regionMatches(true, 0, scheme, 0, scheme.length())
                || !f.startsWith("://", scheme.length())) {
            return;
        }
        int end = start;
        while (end < f.length() && f.charAt(end) != '/' && f.charAt(end) != ':') {
            end++;
        }
        String host = f.substring(start, end);
        int port = r.defaultPort();
        String path;
        if (end < f.length() && f.charAt(end) == ':') {
            int slash = f.indexOf('/', end);
            port = (int) LeadingNumber.of(f.substring(end + 1, slash < 0 ? f.length() : slash));
            path = slash < 0 ? "/" : f.substring(slash);
        } else {
            path = end < f.length() ? f.substring(end) : "/";
        }
        boolean ours = host.equalsIgnoreCase(r.hostName() == null ? "" : r.hostName())
                || host.equalsIgnoreCase(r.virtualHost().serverName());
        if (ours && Integer.toString(port).equals(context.variable("SERVER_PORT"))) {
            context.trace("reduce {} -> {}", f, path);
            context.filename = path;
        }
    }

    // ---- the answer ----

    /**
     * httpd's refusal of a query that a local rewrite leaves with a blank or a control
     * character in it (it would have to be escaped, and only a redirect escapes it).
     */
    private static Result checkQuery(RewriteContext context, Outcome outcome) {
        String query = context.query;
        if (query == null) {
            return null;
        }
        boolean willEscape = schemeLength(context.filename) > 0 && outcome != Outcome.CHANGED_NO_ESCAPE;
        if (willEscape) {
            return null;
        }
        for (int i = 0; i < query.length(); i++) {
            char c = query.charAt(i);
            if (c <= ' ' || c == 0x7f) {
                RewriteContext.LOG.error("{}: Rewritten query string contains control characters or spaces",
                        context.request);
                return Result.FORBIDDEN;
            }
        }
        return null;
    }

    private static Result redirect(RewriteContext context, String url, Outcome outcome, Run run) {
        Request r = context.request;
        int scheme = schemeLength(url);
        String location = outcome == Outcome.CHANGED_NO_ESCAPE ? url : escapeUrl(url, scheme);
        String query = context.query;
        if (query != null) {
            boolean noEscape = outcome == Outcome.CHANGED_NO_ESCAPE || query.equals(r.query());
            location += "?" + (noEscape ? query : escape(query));
        }
        int status = run.status >= 300 && run.status < 400 ? run.status : HttpStatus.FOUND;
        RewriteContext.LOG.debug("{}: {}redirect to {} [REDIRECT/{}]", r,
                context.directory == null ? "" : "[perdir " + context.directory + "] ", location, status);
        r.headersOut().set("Location", location);
        return Result.error(status);
    }

    /**
     * A {@code P} rule's URL handed to the proxy module ({@link Request#proxyTarget()}): its path
     * percent-encoded as it goes on the wire (as given under {@code NE}), the query after it. As
     * in httpd, 403 when no proxy module is loaded, or when what would go on the wire holds a
     * blank or a control character.
     */
    private static Result proxy(RewriteContext context, String url, Outcome outcome) {
        Request r = context.request;
        if (!r.virtualHost().server().modules().contains("proxy")) {
            RewriteContext.LOG.error("{}: attempt to make remote request from mod_rewrite without proxy enabled: {}",
                    r, url);
            return Result.FORBIDDEN;
        }
        int scheme = schemeLength(url);
        int pathStart = scheme == 0 ? -1 : url.indexOf('/', scheme);
        String origin = pathStart < 0 ? url : url.substring(0, pathStart);
        String path = pathStart < 0 ? "/" : url.substring(pathStart);
        String target = origin + (outcome == Outcome.CHANGED_NO_ESCAPE ? path : RequestPath.encode(path))
                + (context.query == null ? "" : "?" + context.query);
        for (int i = 0; i < target.length(); i++) {
            char c = target.charAt(i);
            if (c <= ' ' || c == 0x7f) {
                RewriteContext.LOG.error("{}: To be forwarded URL contains control characters or spaces: {}", r,
                        target);
                return Result.FORBIDDEN;
            }
        }
        RewriteContext.LOG.debug("{}: {}go-ahead with proxy request {} [OK]", r,
                context.directory == null ? "" : "[perdir " + context.directory + "] ", target);
        r.proxyTarget(target);
        r.handler(Request.PROXY_HANDLER);
        return Result.OK;
    }

    /** httpd's escape_absolute_uri: what follows the host, %-escaped as a path. */
    private static String escapeUrl(String url, int scheme) {
        int from = scheme;
        if (url.charAt(scheme - 1) == '/') {
            int slash = url.indexOf('/', scheme);
            if (slash < 0 || slash + 1 >= url.length()) {
                return url;
            }
            from = slash + 1;
        }
        return url.substring(0, from) + escape(url.substring(from));
    }

    /** httpd's ap_escape_uri: bytes other than letters, digits and {@code $-_.+!*'(),:;@&=/~} as {@code %xx}. */
    static String escape(String text) {
        StringBuilder out = null;
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i++) {
            int c = bytes[i] & 0xff;
            boolean plain = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                    || c < 0x80 && "$-_.+!*'(),:;@&=/~".indexOf(c) >= 0;
            if (plain) {
                if (out != null) {
                    out.append((char) c);
                }
            } else {
                if (out == null) {
                    out = new StringBuilder(bytes.length + 16);
                    out.append(new String(bytes, 0, i, StandardCharsets.ISO_8859_1));
                }
                out.append('%').append(Character.forDigit(c >> 4, 16)).append(Character.forDigit(c & 15, 16));
            }
        }
        return out == null ? text : out.toString();
    }

    /** The length of the scheme part of an absolute URL httpd's mod_rewrite knows ({@code http://}: 7); 0 if none. */
    static int schemeLength(String uri) {
        if (uri.isEmpty() || uri.charAt(0) == '/' || uri.length() <= 5) {
            return 0;
        }
        for (String scheme : SCHEMES) {
            if (uri.regionMatches(true, 0, scheme, 0, scheme.length())) {
                if (scheme.equals("unix:")) {
                    return uri.startsWith("//", 5) ? 7 : 5;
                }
                return scheme.length();
            }
        }
        return 0;
    }

    private static final List<String> SCHEMES = List.of("ajp://", "balancer://", "ftp://", "fcgi://", "gopher://",
            "http://", "https://", "h2://", "h2c://", "ldap://", "mailto:", "news:", "nntp://", "scgi://", "ws://",
            "wss://", "unix:");

    /** The schemes whose URLs may carry a query (RFC 1738, RFC 2368): for the others the query is dropped. */
    private static boolean supportsQuery(String uri) {
        String lower = uri.toLowerCase(Locale.ROOT);
        return !(lower.startsWith("ftp://") || lower.startsWith("gopher://") || lower.startsWith("ldap://")
                || lower.startsWith("news:") || lower.startsWith("nntp://"));
    }
}
