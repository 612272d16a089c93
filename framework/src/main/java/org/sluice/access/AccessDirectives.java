package org.sluice.access;

import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.sluice.config.ArgShape;
import org.sluice.config.ConfigException;
import org.sluice.config.Directive;
import org.sluice.config.DirectiveCall;
import org.sluice.config.OverrideClass;
import org.sluice.config.Scope;

/**
 * The access-control directives of Apache 2.4 (mod_authz_core, mod_authz_host,
 * mod_authz_user, mod_authz_groupfile, mod_access_compat, mod_authn_core, mod_authn_file,
 * mod_auth_basic), filling in {@link AccessConfig#KEY}:
 *
 * <pre>
 * &lt;Location command&gt;
 *     AuthType Basic
 *     AuthName "Command server"
 *     AuthUserFile conf/users.htpasswd
 *     &lt;RequireAll&gt;
 *         Require ip 10.0.0.0/8 192.168
 *         Require not ip 10.9.9.9
 *         Require valid-user
 *     &lt;/RequireAll&gt;
 * &lt;/Location&gt;
 * </pre>
 *
 * As in Apache they may appear inside sections, and in {@code .htaccess} files where
 * {@code AllowOverride AuthConfig} (or {@code Limit}, for Order/Allow/Deny) permits.
 * Rules are parsed and checked here, so a mistake is reported at its line when the
 * configuration is read.
 */
public final class AccessDirectives {

    private static final Set<Scope> WHERE = EnumSet.of(Scope.SECTION, Scope.HTACCESS);
    private static final Set<OverrideClass> AUTH_CONFIG = EnumSet.of(OverrideClass.AUTH_CONFIG);
    private static final Set<OverrideClass> LIMIT = EnumSet.of(OverrideClass.LIMIT);

    private AccessDirectives() {
    }

    /** Every access-control directive, to register with {@code Registry.directive}. */
    public static List<Directive> directives() {
        return List.of(
                directive("Require", ArgShape.RAW_ARGS, AUTH_CONFIG,
                        "specifies authorization directives which one must pass (or not) for a request to succeed",
                        AccessDirectives::require),
                block("RequireAll", true, false,
                        "container for grouping authorization directives of which none must fail and at least one"
                                + " must pass for a request to succeed"),
                block("RequireAny", false, false,
                        "container for grouping authorization directives of which one must pass for a request to"
                                + " succeed"),
                block("RequireNone", false, true,
                        "container for grouping authorization directives of which none must pass for a request to"
                                + " succeed"),
                directive("AuthMerging", ArgShape.TAKE1, AUTH_CONFIG,
                        "controls how a <Directory>, <Location>, or similar directive's authorization directives"
                                + " are combined with those of its predecessor",
                        AccessDirectives::authMerging),
                directive("AuthzSendForbiddenOnFailure", ArgShape.FLAG, AUTH_CONFIG,
                        "Controls if an authorization failure should result in a '403 FORBIDDEN' response instead"
                                + " of the HTTP-conforming '401 UNAUTHORIZED'",
                        call -> config(call).forbiddenOnFailure(call.flag())),
                directive("Order", ArgShape.TAKE1, LIMIT, "'allow,deny', 'deny,allow', or 'mutual-failure'",
                        AccessDirectives::order),
                directive("Allow", ArgShape.ITERATE2, LIMIT, "'from' followed by hostnames or IP-address wildcards",
                        call -> allowOrDeny(call, true)),
                directive("Deny", ArgShape.ITERATE2, LIMIT, "'from' followed by hostnames or IP-address wildcards",
                        call -> allowOrDeny(call, false)),
                directive("Satisfy", ArgShape.TAKE1, AUTH_CONFIG,
                        "access policy if both allow and require used ('all' or 'any')", AccessDirectives::satisfy),
                directive("AuthType", ArgShape.TAKE1, AUTH_CONFIG, "an HTTP authorization type (e.g., \"Basic\")",
                        AccessDirectives::authType),
                directive("AuthName", ArgShape.TAKE1, AUTH_CONFIG, "the authentication realm (e.g. \"Members Only\")",
                        call -> config(call).authName(call.arg(0))),
                directive("AuthUserFile", ArgShape.TAKE1, AUTH_CONFIG, "text file containing user IDs and passwords",
                        call -> config(call).userFile(checked(call, call.resolve(call.arg(0))))),
                directive("AuthGroupFile", ArgShape.TAKE1, AUTH_CONFIG,
                        "text file containing group names and member user IDs",
                        call -> config(call).groupFile(checked(call, call.resolve(call.arg(0))))),
                directive("AuthBasicProvider", ArgShape.ITERATE, AUTH_CONFIG,
                        "specify the auth providers for a directory or location", AccessDirectives::basicProvider));
    }

    private static Directive directive(String name, ArgShape shape, Set<OverrideClass> overrides, String help,
                                       Directive.Handler handler) {
        return Directive.withOverrides(name, shape, WHERE, overrides, help, handler);
    }

    private static Directive block(String name, boolean all, boolean negated, String help) {
        return new Directive("<" + name, ArgShape.RAW_ARGS, WHERE, AUTH_CONFIG, help,
                call -> requireBlock(call, name, all, negated));
    }

    private static AccessConfig config(DirectiveCall call) {
        return call.dirConfig(AccessConfig.KEY);
    }

    private static void require(DirectiveCall call) throws ConfigException {
        String raw = call.rawArgs().strip();
        List<String> words = Words.split(raw);
        if (words.isEmpty()) {
            throw call.error("Require needs a rule, e.g. 'Require all granted', 'Require ip 10.0.0.0/8',"
                    + " 'Require valid-user'");
        }
        boolean negated = words.get(0).equalsIgnoreCase("not");
        String rest = raw;
        if (negated) {
            rest = rest.substring(rest.indexOf(words.get(0)) + words.get(0).length()).strip();
            words = words.subList(1, words.size());
            if (words.isEmpty()) {
                throw call.error("Require not needs a rule, e.g. 'Require not ip 10.0.0.1'");
            }
        }
        String provider = words.get(0);
        String arguments = rest.substring(rest.indexOf(provider) + provider.length()).strip();
        try {
            Requirement.Check check = AuthzProviders.parse(provider, arguments,
                    call.extensions(AuthzProvider.class));
            config(call).addRule(new Requirement.Rule(provider.toLowerCase(Locale.ROOT), arguments, negated,
                    call.methods(), call.location(), check));
        } catch (IllegalArgumentException e) {
            throw call.error(e.getMessage());
        }
    }

    private static void requireBlock(DirectiveCall call, String name, boolean all, boolean negated)
            throws ConfigException {
        String args = call.rawArgs().strip();
        if (args.endsWith(">")) {
            args = args.substring(0, args.length() - 1).strip();
        }
        if (!args.isEmpty()) {
            throw call.error("<" + name + "> directive doesn't take additional arguments");
        }
        AccessConfig config = config(call);
        config.openBlock(all, negated, call.location());
        boolean read = false;
        try {
            call.processContents();
            read = true;
        } finally {
            if (!read) {
                config.abandonBlock();
            }
        }
        try {
            config.closeBlock();
        } catch (IllegalArgumentException e) {
            throw call.error(e.getMessage());
        }
    }

    private static void authMerging(DirectiveCall call) throws ConfigException {
        AccessConfig.MergeMode mode = switch (call.arg(0).toLowerCase(Locale.ROOT)) {
            case "off" -> AccessConfig.MergeMode.OFF;
            case "and" -> AccessConfig.MergeMode.AND;
            case "or" -> AccessConfig.MergeMode.OR;
            default -> throw call.error("AuthMerging must be one of: Off | And | Or");
        };
        config(call).mergeMode(mode);
    }

    private static void order(DirectiveCall call) throws ConfigException {
        AccessConfig config = config(call);
        try {
            config.hostAccess(config.ownHostAccess().withOrder(
                    new HostAccess.Setting<>(call.methods(), HostAccess.Order.parse(call.arg(0)), call.location())));
        } catch (IllegalArgumentException e) {
            throw call.error(e.getMessage());
        }
    }

    private static void allowOrDeny(DirectiveCall call, boolean allow) throws ConfigException {
        String directive = allow ? "Allow" : "Deny";
        if (!call.arg(0).equalsIgnoreCase("from")) {
            throw call.error("allow and deny must be followed by 'from'");
        }
        AccessConfig config = config(call);
        try {
            HostAccess.HostRule rule = HostAccess.HostRule.parse(directive, call.arg(1), call.methods(), call.location());
            HostAccess own = config.ownHostAccess();
            config.hostAccess(allow ? own.withAllow(rule) : own.withDeny(rule));
        } catch (IllegalArgumentException e) {
            throw call.error(e.getMessage());
        }
    }

    private static void satisfy(DirectiveCall call) throws ConfigException {
        HostAccess.Satisfy satisfy = switch (call.arg(0).toLowerCase(Locale.ROOT)) {
            case "all" -> HostAccess.Satisfy.ALL;
            case "any" -> HostAccess.Satisfy.ANY;
            default -> throw call.error("Satisfy either 'any' or 'all'.");
        };
        AccessConfig config = config(call);
        config.hostAccess(config.ownHostAccess().withSatisfy(
                new HostAccess.Setting<>(call.methods(), satisfy, call.location())));
    }

    private static void authType(DirectiveCall call) throws ConfigException {
        AccessConfig.AuthType type = switch (call.arg(0).toLowerCase(Locale.ROOT)) {
            case "basic" -> AccessConfig.AuthType.BASIC;
            case "none" -> AccessConfig.AuthType.NONE;
            default -> throw call.error("AuthType " + call.arg(0) + " is not supported: use Basic or None");
        };
        config(call).authType(type);
    }

    private static void basicProvider(DirectiveCall call) throws ConfigException {
        String name = call.arg(0);
        if (!name.matches("[A-Za-z0-9_.-]+")) {
            throw call.error("AuthBasicProvider: '" + name + "' is not a provider name");
        }
        config(call).addBasicProvider(name.toLowerCase(Locale.ROOT));
    }

    /** A file the configuration names: {@code -t} reports it when missing. */
    private static java.nio.file.Path checked(DirectiveCall call, java.nio.file.Path path) {
        call.checkPath(path, false);
        return path;
    }
}
