package org.sluice.http;

import io.netty.util.NetUtil;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sluice.config.ArgShape;
import org.sluice.config.ConfigException;
import org.sluice.config.Directive;
import org.sluice.config.DirectiveCall;
import org.sluice.config.OverrideClass;
import org.sluice.config.Scope;
import org.sluice.expr.Evaluation;
import org.sluice.expr.Expression;
import org.sluice.hook.Order;
import org.sluice.hook.Result;
import org.sluice.module.Registry;

/**
 * A request's environment variables ({@link Request#env()}) as mod_setenvif and mod_env set
 * them:
 *
 * <pre>
 * SetEnvIf Request_URI "\.(png|css)$" dontlog          # post_read_request, or header_parser in a section
 * BrowserMatchNoCase "^curl/(\d+)" client=curl-$1
 * SetEnv STAGE production                              # fixups: too late for access control
 * CustomLog logs/access_log combined env=!dontlog
 * </pre>
 *
 * {@code SetEnvIf attribute regex [!]var[=value] ...} tests {@code Remote_Addr},
 * {@code Remote_Host} (the name under {@code HostnameLookups}, else the address), {@code Server_Addr},
 * {@code Request_Method}, {@code Request_Protocol}, {@code Request_URI} (the path), a request
 * field (a name with other characters than letters, digits, {@code -} and {@code _} is a
 * regular expression over field names), or else a variable already set. A variable without
 * a value is set to 1, {@code !var} unsets it, and {@code $1} in a value names a group. Rules
 * of the server and virtual hosts run in post_read_request, those of sections in
 * header_parser, as in httpd. {@code SetEnvIfExpr "expression" var...} sets them when an
 * expression ({@link HttpExpressions}) holds.
 */
final class RequestEnvironment {

    private static final Logger LOG = LoggerFactory.getLogger(RequestEnvironment.class);
    private static final Pattern FIELD_NAME = Pattern.compile("[-A-Za-z0-9_]*");

    /** What a {@code SetEnvIf} line tests. */
    enum Attribute { REMOTE_ADDR, REMOTE_HOST, SERVER_ADDR, REQUEST_URI, REQUEST_METHOD, REQUEST_PROTOCOL, FIELD, EXPRESSION }

    /** {@code var=value}, {@code var} (value 1) or {@code !var} (value null: unset). */
    record Feature(String variable, String value) {
    }

    /**
     * One {@code SetEnvIf} (or {@code BrowserMatch}) line.
     *
     * @param names for {@link Attribute#FIELD} given as a regular expression, else null
     * @param literal the pattern has no regular-expression syntax: values are set as written
     * @param serverLevel written outside any section: runs in post_read_request
     * @param expression for {@code SetEnvIfExpr} ({@link Attribute#EXPRESSION}), else null
     */
    record Condition(Attribute attribute, String name, Pattern names, Pattern pattern, boolean literal,
                     List<Feature> features, boolean serverLevel, Expression<Request> expression) {
    }

    /** {@code SetEnv} / {@code PassEnv} (a value) and {@code UnsetEnv} (null), applied in order. */
    record Setting(String variable, String value) {
    }

    private RequestEnvironment() {
    }

    static void register(Registry registry) {
        var where = Directive.ANYWHERE_AND_HTACCESS;
        var fileInfo = java.util.EnumSet.of(OverrideClass.FILE_INFO);
        registry.directive(Directive.withOverrides("SetEnvIf", ArgShape.RAW_ARGS, where, fileInfo,
                "A header-name, regex and a list of variables.", c -> setEnvIf(c, null, false)));
        registry.directive(Directive.withOverrides("SetEnvIfNoCase", ArgShape.RAW_ARGS, where, fileInfo,
                "a header-name, regex and a list of variables.", c -> setEnvIf(c, null, true)));
        registry.directive(Directive.withOverrides("BrowserMatch", ArgShape.RAW_ARGS, where, fileInfo,
                "A browser regex and a list of variables.", c -> setEnvIf(c, "User-Agent", false)));
        registry.directive(Directive.withOverrides("BrowserMatchNoCase", ArgShape.RAW_ARGS, where, fileInfo,
                "a browser regex and a list of variables.", c -> setEnvIf(c, "User-Agent", true)));
        registry.directive(Directive.withOverrides("SetEnvIfExpr", ArgShape.RAW_ARGS, where, fileInfo,
                "an expression and a list of variables.", RequestEnvironment::setEnvIfExpr));
        registry.directive(Directive.withOverrides("SetEnv", ArgShape.TAKE12, where, fileInfo,
                "an environment variable name and optional value to pass to CGI.",
                c -> settings(c).add(new Setting(c.arg(0), c.args().size() > 1 ? c.arg(1) : ""))));
        registry.directive(Directive.withOverrides("UnsetEnv", ArgShape.ITERATE, where, fileInfo,
                "a list of variables to remove from the CGI environment.",
                c -> settings(c).add(new Setting(c.arg(0), null))));
        registry.directive(Directive.withOverrides("PassEnv", ArgShape.ITERATE, where, fileInfo,
                "a list of environment variables to pass to CGI.", RequestEnvironment::passEnv));
        registry.hook(HttpHooks.POST_READ_REQUEST, r -> match(r, true), Order.MIDDLE);
        registry.hook(HttpHooks.HEADER_PARSER, r -> match(r, false), Order.MIDDLE);
        registry.hook(HttpHooks.FIXUPS, RequestEnvironment::fixups, Order.MIDDLE);
    }

    private static List<Setting> settings(DirectiveCall c) {
        return c.dirConfig(HttpDirConfig.KEY).envSettings;
    }

    private static void passEnv(DirectiveCall c) {
        String value = System.getenv(c.arg(0));
        if (value == null) {
            LOG.warn("{}: PassEnv variable {} was undefined", c.location(), c.arg(0));
            return;
        }
        settings(c).add(new Setting(c.arg(0), value));
    }

    private static void setEnvIf(DirectiveCall c, String fixedName, boolean ignoreCase) throws ConfigException {
        List<String> words = c.args();
        int i = 0;
        String name = fixedName;
        if (name == null) {
            if (words.isEmpty() || words.get(0).isEmpty()) {
                throw c.error("Missing header-field name for " + c.name());
            }
            name = words.get(i++);
        }
        if (i >= words.size() || words.get(i).isEmpty()) {
            throw c.error("Missing regular expression for " + c.name());
        }
        String regex = words.get(i++);
        int flags = ignoreCase ? Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE : 0;
        Pattern pattern = compile(c, regex, flags, c.name() + " regex could not be compiled.");
        Attribute attribute = switch (name.toLowerCase(java.util.Locale.ROOT)) {
            case "remote_addr" -> Attribute.REMOTE_ADDR;
            case "remote_host" -> Attribute.REMOTE_HOST;
            case "server_addr" -> Attribute.SERVER_ADDR;
            case "request_uri" -> Attribute.REQUEST_URI;
            case "request_method" -> Attribute.REQUEST_METHOD;
            case "request_protocol" -> Attribute.REQUEST_PROTOCOL;
            default -> Attribute.FIELD;
        };
        Pattern names = attribute == Attribute.FIELD && !FIELD_NAME.matcher(name).matches()
                ? compile(c, name, flags, c.name() + "Header name regex could not be compiled.") : null;
        boolean serverLevel = c.scope() == Scope.SERVER || c.scope() == Scope.VIRTUAL_HOST;
        List<Feature> features = features(c, words.subList(i, words.size()), serverLevel);
        c.dirConfig(HttpDirConfig.KEY).envConditions.add(new Condition(attribute, name, names, pattern,
                isLiteral(regex), features, serverLevel, null));
    }

    /**
     * {@code SetEnvIfExpr expr [!]var[=value] ...}: the variables are set when the expression
     * holds, {@code $1}..{@code $9} naming the groups of its last regular expression with groups.
     */
    private static void setEnvIfExpr(DirectiveCall c) throws ConfigException {
        List<String> words = c.args();
        if (words.isEmpty() || words.get(0).isEmpty()) {
            throw c.error("Missing expression for " + c.name());
        }
        Expression<Request> expression = HttpExpressions.condition(c, words.get(0),
                "Could not parse expression \"" + words.get(0) + "\": ");
        boolean serverLevel = c.scope() == Scope.SERVER || c.scope() == Scope.VIRTUAL_HOST;
        List<Feature> features = features(c, words.subList(1, words.size()), serverLevel);
        c.dirConfig(HttpDirConfig.KEY).envConditions.add(new Condition(Attribute.EXPRESSION, null, null, null, false,
                features, serverLevel, expression));
    }

    private static List<Feature> features(DirectiveCall c, List<String> words, boolean serverLevel)
            throws ConfigException {
        List<Feature> features = new ArrayList<>();
        for (String word : words) {
            int equals = word.indexOf('=');
            if (equals >= 0) {
                features.add(new Feature(word.substring(0, equals), word.substring(equals + 1)));
            } else if (word.startsWith("!")) {
                features.add(new Feature(word.substring(1), null));
            } else if (!(word.equals("--early") && serverLevel)) {
                // --early: httpd's earlier pass of post_read_request; Sluice runs server rules there anyway
                features.add(new Feature(word, "1"));
            }
        }
        if (words.isEmpty()) {
            throw c.error("Missing envariable expression for " + c.name());
        }
        return List.copyOf(features);
    }

    private static Pattern compile(DirectiveCall c, String regex, int flags, String message) throws ConfigException {
        try {
            return Pattern.compile(regex, flags);
        } catch (PatternSyntaxException e) {
            throw c.error(message + " (" + e.getDescription() + ")");
        }
    }

    /** Whether {@code regex} uses no regular-expression syntax (httpd then sets values as written). */
    private static boolean isLiteral(String regex) {
        boolean escaped = false;
        for (int i = 0; i < regex.length(); i++) {
            char ch = regex.charAt(i);
            if ("^.$|()[]*+?{}".indexOf(ch) >= 0) {
                if (!escaped) {
                    return false;
                }
                escaped = false;
            } else if (ch == '\\') {
                escaped = !escaped;
            } else if (escaped) {
                return false;
            }
        }
        return true;
    }

    /**
     * post_read_request (the server's rules) or header_parser (the sections'). The server's
     * rules run again after a full internal redirect, whose request starts with renamed
     * variables; a fast redirect shares the variables its request already has.
     */
    private static Result match(Request r, boolean serverLevel) {
        List<Condition> conditions = r.config(HttpDirConfig.KEY).envConditions;
        if (conditions.isEmpty() || serverLevel && r.standsForPrevious()) {
            return Result.OK;
        }
        for (Condition condition : conditions) {
            if (condition.serverLevel() == serverLevel) {
                apply(condition, r);
            }
        }
        return Result.OK;
    }

    private static void apply(Condition condition, Request r) {
        if (condition.expression() != null) {
            applyExpression(condition, r);
            return;
        }
        String value = switch (condition.attribute()) {
            case REMOTE_ADDR -> r.clientIp();
            case REMOTE_HOST -> r.remoteHost();
            case SERVER_ADDR -> NetUtil.toAddressString(r.connection().localAddress().getAddress());
            case REQUEST_URI -> r.path() != null ? r.path() : r.head() != null ? r.head().path() : null;
            case REQUEST_METHOD -> r.method();
            case REQUEST_PROTOCOL -> r.protocol();
            case FIELD -> field(condition, r);
            case EXPRESSION -> throw new IllegalStateException("an expression condition has its own path");
        };
        Matcher m = condition.pattern().matcher(value == null ? "" : value);
        if (!m.find()) {
            return;
        }
        Map<String, String> env = r.env();
        for (Feature feature : condition.features()) {
            if (feature.value() == null) {
                env.remove(feature.variable());
            } else if (condition.literal()) {
                env.put(feature.variable(), feature.value());
            } else {
                StringBuilder replaced = new StringBuilder();
                HeaderRule.substitute(m, feature.value(), replaced);
                env.put(feature.variable(), replaced.toString());
            }
        }
    }

    private static void applyExpression(Condition condition, Request r) {
        Evaluation<Request> evaluation = new Evaluation<>(r);
        if (HttpExpressions.test(condition.expression(), evaluation, null) <= 0) {
            return;
        }
        Map<String, String> env = r.env();
        for (Feature feature : condition.features()) {
            if (feature.value() == null) {
                env.remove(feature.variable());
            } else {
                env.put(feature.variable(), substitute(feature.value(), evaluation));
            }
        }
    }

    /** {@code $0}..{@code $9} in {@code value} replaced by the expression's groups, a backslash quoting, as ap_pregsub. */
    private static String substitute(String value, Evaluation<Request> evaluation) {
        if (value.indexOf('$') < 0 && value.indexOf('\\') < 0) {
            return value;
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '$' && i + 1 < value.length() && Character.isDigit(value.charAt(i + 1))) {
                out.append(evaluation.group(value.charAt(++i) - '0'));
            } else if (c == '\\' && i + 1 < value.length()) {
                out.append(value.charAt(++i));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** A field's value (the last of those whose names match a pattern), else a variable's. */
    private static String field(Condition condition, Request r) {
        if (condition.names() == null) {
            String value = r.headersIn().get(condition.name());
            return value != null ? value : r.env(condition.name());
        }
        String value = null;
        for (HttpHeaders.Field field : r.headersIn()) {
            if (condition.names().matcher(field.name()).find()) {
                value = field.value();
            }
        }
        return value;
    }

    /** fixups: {@code SetEnv}, {@code UnsetEnv} and {@code PassEnv}, after the conditions. */
    private static Result fixups(Request r) {
        List<Setting> settings = r.config(HttpDirConfig.KEY).envSettings;
        if (!settings.isEmpty()) {
            Map<String, String> env = r.env();
            for (Setting setting : settings) {
                if (setting.value() == null) {
                    env.remove(setting.variable());
                } else {
                    env.put(setting.variable(), setting.value());
                }
            }
        }
        return Result.OK;
    }
}
