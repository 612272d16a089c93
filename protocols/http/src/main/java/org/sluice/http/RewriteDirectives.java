package org.sluice.http;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.sluice.config.ArgShape;
import org.sluice.config.ConfigException;
import org.sluice.config.Directive;
import org.sluice.config.DirectiveCall;
import org.sluice.config.Scope;
import org.sluice.module.Registry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * mod_rewrite's directives: {@code RewriteEngine}, {@code RewriteOptions}, {@code RewriteBase},
 * {@code RewriteMap}, {@code RewriteCond} and {@code RewriteRule}, read as httpd reads them,
 * with its error messages. What Sluice does not implement is refused where it is written: the
 * map types {@code dbm}, {@code prg}, {@code dbd} and {@code fastdbd}, the flags {@code P},
 * {@code UnsafeAllow3F}, {@code UnsafePrefixStat} and {@code UNC}, the condpatterns
 * {@code -U}, {@code -F} and {@code expr}, the variables that need what Sluice does not have
 * (look-aheads, SSL, identd), and rules in {@code <Location>}, {@code <Files>} and the Match
 * sections (which httpd allows but does not support).
 */
final class RewriteDirectives {

    private static final Logger LOG = LoggerFactory.getLogger(RewriteDirectives.class);

    /**
     * Variables httpd's mod_rewrite knows that Sluice cannot give as httpd does (the context of an
     * Alias); any other unknown one is "", as in httpd.
     */
    private static final Set<String> UNSUPPORTED_VARIABLES = Set.of("CONTEXT_PREFIX", "CONTEXT_DOCUMENT_ROOT");

    private RewriteDirectives() {
    }

    static void register(Registry r) {
        r.directive(Directive.withOverrides("RewriteEngine", ArgShape.FLAG, Directive.ANYWHERE_AND_HTACCESS,
                HttpDirectives.FILE_INFO, "On or Off to enable or disable (default) the whole rewriting engine",
                RewriteDirectives::engine));
        r.directive(Directive.withOverrides("RewriteOptions", ArgShape.ITERATE, Directive.ANYWHERE_AND_HTACCESS,
                HttpDirectives.FILE_INFO, "List of option strings to set", RewriteDirectives::options));
        r.directive(Directive.withOverrides("RewriteBase", ArgShape.TAKE1, Directive.ANYWHERE_AND_HTACCESS,
                HttpDirectives.FILE_INFO, "the base URL of the per-directory context", RewriteDirectives::base));
        r.directive(Directive.withOverrides("RewriteCond", ArgShape.RAW_ARGS, Directive.ANYWHERE_AND_HTACCESS,
                HttpDirectives.FILE_INFO, "an input string and a to be applied regexp-pattern",
                RewriteDirectives::condition));
        r.directive(Directive.withOverrides("RewriteRule", ArgShape.RAW_ARGS, Directive.ANYWHERE_AND_HTACCESS,
                HttpDirectives.FILE_INFO, "an URL-applied regexp-pattern and a substitution URL",
                RewriteDirectives::rule));
        r.directive(Directive.of("RewriteMap", ArgShape.TAKE23, Directive.SERVER_OR_VHOST,
                "a mapname and a filename and options", RewriteDirectives::map));
    }

    private static boolean serverLevel(DirectiveCall c) {
        return c.scope() == Scope.SERVER || c.scope() == Scope.VIRTUAL_HOST;
    }

    /** In a section, the per-directory configuration of a {@code <Directory>}; refused in the others. */
    private static RewriteDirConfig directoryConfig(DirectiveCall c) throws ConfigException {
        String directory = c.directory();
        if (directory == null) {
            throw c.error(c.name() + " is not supported by Sluice in <Location>, <Files> or a regular-expression"
                    + " section (httpd does not support it there either): write it in the server, a virtual host,"
                    + " a <Directory> section or .htaccess");
        }
        RewriteDirConfig d = dir(c);
        d.directory = directory.endsWith("/") ? directory : directory + "/";
        return d;
    }

    /** The per-directory settings being built (also those a server or virtual host gives its directories). */
    private static RewriteDirConfig dir(DirectiveCall c) {
        HttpDirConfig config = c.dirConfig(HttpDirConfig.KEY);
        if (config.rewrite == null) {
            config.rewrite = new RewriteDirConfig();
        }
        return config.rewrite;
    }

    private static RewriteServerConfig server(DirectiveCall c) {
        HttpServerConfig config = c.serverConfig(HttpServerConfig.KEY);
        if (config.rewrite == null) {
            config.rewrite = new RewriteServerConfig();
        }
        return config.rewrite;
    }

    private static void engine(DirectiveCall c) {
        if (serverLevel(c)) {
            server(c).engine = c.flag();
        }
        // in the server and virtual hosts too: the directories below inherit it (and <Location> may turn it off)
        dir(c).engine = c.flag();
    }

    private static void options(DirectiveCall c) throws ConfigException {
        String word = c.arg(0);
        boolean inherit = false;
        boolean before = false;
        switch (word.toLowerCase(Locale.ROOT)) {
            case "inherit" -> inherit = true;
            case "inheritbefore" -> before = true;
            case "longurloptimization" -> {
                // httpd's way to spend less memory on long rule sets: nothing to do here
            }
            default -> {
                if (word.regionMatches(true, 0, "MaxRedirects=", 0, 13)) {
                    LOG.warn("{}: RewriteOptions: MaxRedirects option has been removed in favor of the global"
                            + " LimitInternalRecursion directive and will be ignored.", c.location());
                } else if (Set.of("inheritdown", "inheritdownbefore", "ignoreinherit", "allownoslash", "allowanyuri",
                        "mergebase", "ignorecontextinfo", "legacyprefixdocroot", "unsafeprefixstat")
                        .contains(word.toLowerCase(Locale.ROOT))) {
                    throw c.error("RewriteOptions: option '" + word + "' is not supported by Sluice (Inherit,"
                            + " InheritBefore and LongURLOptimization are)");
                } else {
                    throw c.error("RewriteOptions: unknown option '" + word + "'");
                }
            }
        }
        RewriteDirConfig d = dir(c);
        RewriteOptions options = union(d.options, inherit, before);
        d.options = options;
        if (serverLevel(c)) {
            RewriteServerConfig s = server(c);
            s.options = union(s.options, inherit, before);
        }
    }

    private static RewriteOptions union(RewriteOptions options, boolean inherit, boolean before) {
        RewriteOptions o = options == null ? RewriteOptions.NONE : options;
        return new RewriteOptions(o.inherit() || inherit, o.inheritBefore() || before);
    }

    private static void base(DirectiveCall c) throws ConfigException {
        if (serverLevel(c)) {
            throw c.error("RewriteBase: only valid in per-directory config files");
        }
        String url = c.arg(0);
        if (url.isEmpty()) {
            throw c.error("RewriteBase: empty URL not allowed");
        }
        if (url.charAt(0) != '/') {
            throw c.error("RewriteBase: argument is not a valid URL");
        }
        directoryConfig(c).base = url;
    }

    // ---- RewriteMap ----

    /**
     * {@code RewriteMap name type:source [options]}: a map for the rules of this server (or
     * virtual host) and of its directories. As in httpd, a source without a type is a
     * {@code txt:} file, a later map of the same name replaces an earlier one, and the file
     * must exist.
     */
    private static void map(DirectiveCall c) throws ConfigException {
        String name = c.arg(0);
        String source = c.arg(1);
        String type = source.length() >= 4 && source.charAt(3) == ':'
                ? source.substring(0, 3).toLowerCase(Locale.ROOT) : "";
        RewriteMap map;
        switch (type) {
            case "txt", "rnd" -> map = textMap(c, name, source.substring(4), type.equals("rnd"));
            case "int" -> {
                map = RewriteMap.Internal.named(source.substring(4));
                if (map == null) {
                    throw c.error("RewriteMap: internal map not found:" + source.substring(4));
                }
            }
            case "prg" -> throw c.error("RewriteMap: prg: maps are not supported by Sluice (it starts no map"
                    + " programs): write the program's answers in a txt: map, or use int: or rnd:");
            default -> {
                String lower = source.toLowerCase(Locale.ROOT);
                if (lower.startsWith("dbm")) {
                    throw c.error("RewriteMap: dbm maps are not supported by Sluice: write the keys and values"
                            + " in a txt: map (httxt2dbm reads the same format)");
                }
                if (lower.startsWith("dbd:") || lower.startsWith("fastdbd:")) {
                    throw c.error("RewriteMap types dbd and fastdbd are not supported by Sluice (it has no"
                            + " mod_dbd): export the query's results to a txt: map");
                }
                map = textMap(c, name, source, false);
            }
        }
        server(c).maps.put(name, map);
    }

    private static RewriteMap textMap(DirectiveCall c, String name, String path, boolean random)
            throws ConfigException {
        Path file;
        try {
            file = c.resolve(path);
        } catch (InvalidPathException e) {
            throw c.error("RewriteMap: bad path to " + (random ? "rnd" : "txt") + " map: " + path);
        }
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (IOException | RuntimeException e) {
            throw c.error("RewriteMap: file for map " + name + " not found:" + file);
        }
        if (attributes.size() > RewriteTextMap.MAX_SIZE) {
            throw c.error("RewriteMap: file for map " + name + " is larger than Sluice reads ("
                    + (RewriteTextMap.MAX_SIZE >> 20) + " MiB): " + file + ": split it into several maps");
        }
        return new RewriteTextMap(name, file, random);
    }

    // ---- RewriteCond ----

    private static void condition(DirectiveCall c) throws ConfigException {
        Arguments a = Arguments.parse(c.rawArgs());
        if (a.problem() != null) {
            throw c.error("RewriteCond: " + a.error(c.rawArgs()));
        }
        boolean noCase = false;
        boolean orNext = false;
        boolean noVary = false;
        for (String[] flag : flags(a.flags())) {
            String key = flag[0].toLowerCase(Locale.ROOT);
            switch (key) {
                case "nocase", "nc" -> noCase = true;
                case "ornext", "or" -> orNext = true;
                case "novary", "nv" -> noVary = true;
                default -> throw c.error("RewriteCond: unknown flag '" + flag[0] + "'");
            }
        }
        String test = a.first();
        if (test.equalsIgnoreCase("expr")) {
            throw c.error("RewriteCond: expr is not supported by Sluice: use a test string and a condpattern");
        }
        checkExpansions(c, "RewriteCond", test);
        String p = a.second();
        boolean negated = p.startsWith("!");
        if (negated) {
            p = p.substring(1);
        }
        RewriteCondition.Kind kind = RewriteCondition.Kind.REGEX;
        String operand = p;
        if (p.length() == 2 && p.charAt(0) == '-') {
            kind = switch (p.charAt(1)) {
                case 'f' -> RewriteCondition.Kind.FILE;
                case 's' -> RewriteCondition.Kind.NON_EMPTY_FILE;
                case 'd' -> RewriteCondition.Kind.DIRECTORY;
                case 'x' -> RewriteCondition.Kind.EXECUTABLE;
                case 'h', 'L', 'l' -> RewriteCondition.Kind.SYMLINK;
                case 'U', 'F' -> throw c.error("RewriteCond: " + p + " is not supported by Sluice (it needs a"
                        + " sub-request): test the file with -f or -d");
                default -> RewriteCondition.Kind.REGEX;
            };
            operand = kind == RewriteCondition.Kind.REGEX ? p : null;
        } else if (p.length() > 3 && p.charAt(0) == '-') {
            RewriteCondition.Kind integer = switch (p.substring(1, 3)) {
                case "lt" -> RewriteCondition.Kind.INT_LESS;
                case "le" -> RewriteCondition.Kind.INT_LESS_OR_EQUAL;
                case "gt" -> RewriteCondition.Kind.INT_GREATER;
                case "ge" -> RewriteCondition.Kind.INT_GREATER_OR_EQUAL;
                case "eq", "ne" -> RewriteCondition.Kind.INT_EQUAL;
                default -> null;
            };
            if (integer != null) {
                if (p.startsWith("-ne")) {
                    negated = !negated;
                }
                kind = integer;
                operand = p.substring(3);
            }
        } else if (p.length() > 1) {
            switch (p.charAt(0)) {
                case '>' -> {
                    boolean equal = p.charAt(1) == '=';
                    kind = equal ? RewriteCondition.Kind.STRING_GREATER_OR_EQUAL : RewriteCondition.Kind.STRING_GREATER;
                    operand = p.substring(equal ? 2 : 1);
                }
                case '<' -> {
                    boolean equal = p.charAt(1) == '=';
                    kind = equal ? RewriteCondition.Kind.STRING_LESS_OR_EQUAL : RewriteCondition.Kind.STRING_LESS;
                    operand = p.substring(equal ? 2 : 1);
                }
                case '=' -> {
                    kind = RewriteCondition.Kind.STRING_EQUAL;
                    operand = p.substring(1);
                    // "" stands for the empty string
                    if (operand.equals("\"\"")) {
                        operand = "";
                    }
                }
                default -> {
                }
            }
        }
        boolean lexical = kind.name().startsWith("STRING_");
        if (kind != RewriteCondition.Kind.REGEX && !lexical && noCase) {
            LOG.warn("{}: RewriteCond: NoCase option for non-regex pattern '{}' is not supported and will be ignored.",
                    c.location(), operand == null ? p : operand);
            noCase = false;
        }
        Pattern regex = null;
        if (kind == RewriteCondition.Kind.REGEX) {
            regex = compile(c, "RewriteCond", operand, noCase);
        }
        RewriteCondition condition = new RewriteCondition(test, kind, operand, regex, negated, noCase, orNext, noVary);
        if (serverLevel(c)) {
            server(c).pendingConditions.add(condition);
        } else {
            directoryConfig(c).pendingConditions.add(condition);
        }
    }

    // ---- RewriteRule ----

    private static void rule(DirectiveCall c) throws ConfigException {
        Arguments a = Arguments.parse(c.rawArgs());
        if (a.problem() != null) {
            throw c.error("RewriteRule: " + a.error(c.rawArgs()));
        }
        Set<RewriteRule.Flag> flags = EnumSet.noneOf(RewriteRule.Flag.class);
        int status = HttpStatus.FOUND;
        List<String> env = new ArrayList<>();
        String type = null;
        String handler = null;
        int skip = 0;
        List<String> cookies = new ArrayList<>();
        int maxRounds = RewriteRule.MAX_ROUNDS;
        boolean escape = false;
        boolean noPlus = false;
        boolean controls = false;
        String only = null;
        String except = null;
        for (String[] flag : flags(a.flags())) {
            String key = flag[0];
            String value = flag[1];
            String k = key.toLowerCase(Locale.ROOT);
            switch (k) {
                case "c", "chain" -> flags.add(RewriteRule.Flag.CHAIN);
                case "dpi", "discardpath", "discardpathinfo", "d" -> flags.add(RewriteRule.Flag.DISCARD_PATH_INFO);
                case "e", "env" -> env.add(value);
                case "end" -> flags.add(RewriteRule.Flag.END);
                case "f", "forbidden" -> {
                    flags.add(RewriteRule.Flag.STATUS);
                    status = HttpStatus.FORBIDDEN;
                }
                case "g", "gone" -> {
                    flags.add(RewriteRule.Flag.STATUS);
                    status = HttpStatus.GONE;
                }
                case "h", "handler" -> handler = value;
                case "l", "last" -> flags.add(RewriteRule.Flag.LAST);
                case "ne", "noescape" -> flags.add(RewriteRule.Flag.NO_ESCAPE);
                // Sluice makes no sub-requests: a rule is never applied to one
                case "ns", "nosubreq" -> { }
                case "nc", "nocase" -> flags.add(RewriteRule.Flag.NO_CASE);
                case "pt", "passthrough" -> flags.add(RewriteRule.Flag.PASS_THROUGH);
                case "qsa", "qsappend" -> flags.add(RewriteRule.Flag.QUERY_APPEND);
                case "qsd", "qsdiscard" -> flags.add(RewriteRule.Flag.QUERY_DISCARD);
                case "qsl", "qslast" -> flags.add(RewriteRule.Flag.QUERY_LAST);
                case "r", "redirect" -> {
                    flags.add(RewriteRule.Flag.REDIRECT);
                    status = redirectStatus(c, value, flags);
                }
                case "s", "skip" -> skip = (int) LeadingNumber.of(value);
                case "t", "type" -> type = value;
                case "b", "backrefescaping" -> {
                    escape = true;
                    if (!value.isEmpty()) {
                        only = value;
                    }
                }
                case "bne" -> {
                    if (value.isEmpty()) {
                        throw c.error("RewriteRule: flag 'BNE' wants a list of characters (i.e. [BNE=...])");
                    }
                    except = value;
                }
                // httpd 2.4 spells the long form so (its manual says backrefnoplus, which httpd refuses)
                case "bnp", "backrefernoplus" -> noPlus = true;
                case "bctls" -> {
                    escape = true;
                    controls = true;
                }
                case "co", "cookie" -> cookies.add(value);
                case "n", "next" -> {
                    flags.add(RewriteRule.Flag.NEXT);
                    if (!value.isEmpty()) {
                        maxRounds = (int) LeadingNumber.of(value);
                    }
                }
                // the proxy module serves it; without it, the request is refused as httpd refuses it
                case "p", "proxy" -> flags.add(RewriteRule.Flag.PROXY);
                case "unsafeprefixstat", "unsafeallow3f", "unc" ->
                    throw c.error("RewriteRule: flag '" + key + "' is not supported by Sluice");
                default -> throw c.error("RewriteRule: unknown flag '" + key + "'");
            }
        }
        String source = a.first();
        boolean negated = source.startsWith("!");
        if (negated) {
            source = source.substring(1);
        }
        Pattern regex = compile(c, "RewriteRule", source, flags.contains(RewriteRule.Flag.NO_CASE));
        String substitution = a.second();
        if (substitution.equals("-")) {
            substitution = null;
        } else if (substitution.endsWith("?")) {
            if (flags.contains(RewriteRule.Flag.QUERY_APPEND)) {
                flags.add(RewriteRule.Flag.QUERY_LAST);
            } else {
                // a trailing ? stands for no query at all, whatever the back-references hold
                flags.add(RewriteRule.Flag.QUERY_NONE);
                substitution = substitution.substring(0, substitution.length() - 1);
            }
        } else if (flags.contains(RewriteRule.Flag.QUERY_DISCARD) && substitution.indexOf('?') < 0) {
            flags.add(RewriteRule.Flag.QUERY_NONE);
        }
        if (substitution != null) {
            checkExpansions(c, "RewriteRule", substitution);
        }
        for (String value : env) {
            checkExpansions(c, "RewriteRule", value);
        }
        for (String value : cookies) {
            checkExpansions(c, "RewriteRule", value);
        }
        if (type != null) {
            checkExpansions(c, "RewriteRule", type);
        }
        if (handler != null) {
            checkExpansions(c, "RewriteRule", handler);
        }
        List<RewriteCondition> conditions;
        List<RewriteRule> rules;
        if (serverLevel(c)) {
            RewriteServerConfig s = server(c);
            conditions = List.copyOf(s.pendingConditions);
            s.pendingConditions.clear();
            rules = s.rules;
        } else {
            RewriteDirConfig d = directoryConfig(c);
            conditions = List.copyOf(d.pendingConditions);
            d.pendingConditions.clear();
            rules = d.rules;
        }
        RewriteRule.Escaping escaping = escape ? new RewriteRule.Escaping(RewriteRule.Escaping.bytes(only),
                RewriteRule.Escaping.bytes(except), noPlus, controls) : null;
        rules.add(new RewriteRule(source, regex, negated, substitution, conditions, Set.copyOf(flags), status,
                List.copyOf(env), type, handler, Math.max(skip, 0), List.copyOf(cookies), maxRounds, escaping,
                c.location()));
    }

    /** The status of {@code R=value}: a redirect, or (flagged STATUS) another status to answer with. */
    private static int redirectStatus(DirectiveCall c, String value, Set<RewriteRule.Flag> flags)
            throws ConfigException {
        if (value.isEmpty()) {
            return HttpStatus.FOUND;
        }
        Integer keyword = Aliases.keywordStatus(value);
        if (keyword != null && keyword != HttpStatus.GONE) {
            // R takes mod_alias' words but gone, as httpd
            return keyword;
        }
        if (!Character.isDigit(value.charAt(0))) {
            // httpd takes any other word as no status, which redirects with 302
            return HttpStatus.FOUND;
        }
        int status = (int) LeadingNumber.of(value);
        if (status != HttpStatus.INTERNAL_SERVER_ERROR && (status < 100 || status > 599
                || HttpStatus.reasonPhrase(status) == null || HttpStatus.reasonPhrase(status).isEmpty())) {
            throw c.error("RewriteRule: invalid HTTP response code '" + value + "' for flag 'R'");
        }
        if (status < 300) {
            throw c.error("RewriteRule: flag 'R=" + value + "' is not supported by Sluice: a redirect (3xx) or an"
                    + " error (4xx, 5xx) status only");
        }
        if (status >= 400) {
            flags.add(RewriteRule.Flag.STATUS);
        }
        return status;
    }

    /**
     * Refuses what an expansion names that Sluice cannot give: a variable it lacks. A map
     * look-up is not checked: as in httpd, a map is the request's virtual host's (and may be
     * defined after the rule), and one that is not defined gives the look-up's default.
     */
    private static void checkExpansions(DirectiveCall c, String directive, String template) throws ConfigException {
        for (int i = 0; i + 1 < template.length(); i++) {
            char ch = template.charAt(i);
            if (ch == '\\') {
                i++;
                continue;
            }
            if ((ch != '%' && ch != '$') || template.charAt(i + 1) != '{') {
                continue;
            }
            int end = template.indexOf('}', i + 2);
            if (end < 0) {
                continue;
            }
            String inside = template.substring(i + 2, end);
            if (ch == '$') {
                // ${map:key|default}: the variables in its key and default are checked on their own
                continue;
            }
            String upper = inside.toUpperCase(Locale.ROOT);
            if (upper.startsWith("LA-U:") || upper.startsWith("LA-F:")
                    || UNSUPPORTED_VARIABLES.contains(upper)) {
                throw c.error(directive + ": variable '%{" + inside + "}' is not supported by Sluice");
            }
            i = end;
        }
    }

    private static Pattern compile(DirectiveCall c, String directive, String regex, boolean noCase)
            throws ConfigException {
        try {
            return Pattern.compile(regex, noCase ? Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE : 0);
        } catch (PatternSyntaxException e) {
            throw c.error(directive + ": cannot compile regular expression '" + regex + "'");
        }
    }

    /** The words of {@code [flag,flag=value,...]}: each {key, value} with "" for no value. */
    private static List<String[]> flags(String field) {
        List<String[]> out = new ArrayList<>();
        if (field == null) {
            return out;
        }
        for (String part : field.substring(1, field.length() - 1).split(",", -1)) {
            String item = part.strip();
            if (item.isEmpty()) {
                continue;
            }
            int equals = item.indexOf('=');
            out.add(equals < 0 ? new String[] {item, ""}
                    : new String[] {item.substring(0, equals), item.substring(equals + 1)});
        }
        return out;
    }

    /**
     * A RewriteRule or RewriteCond line split as httpd splits it: two words and optional flags,
     * each maybe in quotes, a backslash keeping the blank after it in the word.
     *
     * @param problem what is wrong with the line, or null
     */
    record Arguments(String first, String second, String flags, Problem problem) {

        enum Problem { TOO_FEW, FLAG_DELIMITERS }

        /** httpd's message for the problem, or null. */
        String error(String line) {
            if (problem == null) {
                return null;
            }
            return problem == Problem.TOO_FEW ? "bad argument line '" + line + "'" : "bad flag delimiters";
        }

        static Arguments parse(String line) {
            Scanner scan = new Scanner(line);
            String first = scan.word();
            if (!scan.terminated) {
                return new Arguments(first, null, null, Problem.TOO_FEW);
            }
            String second = scan.word();
            if (!scan.terminated || scan.atEnd()) {
                return new Arguments(first, second, null, null);
            }
            String flags = scan.word();
            if (flags.length() < 2 || flags.charAt(0) != '[' || flags.charAt(flags.length() - 1) != ']') {
                return new Arguments(first, second, flags, Problem.FLAG_DELIMITERS);
            }
            return new Arguments(first, second, flags, null);
        }

        /** httpd's parseargline, a word at a time. */
        private static final class Scanner {
            private final String line;
            private int at;
            /** Whether the last word ended at a blank or its closing quote, rather than at the end of the line. */
            boolean terminated;

            Scanner(String line) {
                this.line = line;
            }

            boolean atEnd() {
                skipBlanks();
                return at >= line.length();
            }

            private void skipBlanks() {
                while (at < line.length() && Character.isWhitespace(line.charAt(at))) {
                    at++;
                }
            }

            String word() {
                skipBlanks();
                char quote = at < line.length() && (line.charAt(at) == '"' || line.charAt(at) == '\'')
                        ? line.charAt(at++) : 0;
                int start = at;
                for (; at < line.length(); at++) {
                    char c = line.charAt(at);
                    if (quote == 0 && Character.isWhitespace(c) || c == quote) {
                        terminated = true;
                        return line.substring(start, at++);
                    }
                    if (c == '\\' && at + 1 < line.length() && Character.isWhitespace(line.charAt(at + 1))) {
                        // the backslash stays: the pattern reads it as an escaped blank
                        at++;
                    }
                }
                terminated = false;
                return line.substring(start);
            }
        }
    }
}
