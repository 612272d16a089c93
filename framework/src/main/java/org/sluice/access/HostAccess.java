package org.sluice.access;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.sluice.config.ConfigLocation;
import org.sluice.config.MethodSet;

/**
 * The legacy host-based rules of mod_access_compat: {@code Order}, {@code Allow from},
 * {@code Deny from} and {@code Satisfy}. A section that uses any of them replaces its parent's
 * set as a whole, as in Apache (the module has no merge function).
 *
 * <p>Each rule and setting holds the methods it was written for ({@code <Limit>}): for a
 * request, only the rules for its method count, and {@code Order} and {@code Satisfy} are the
 * last ones written for its method (else {@code Deny,Allow} and unspecified).
 */
record HostAccess(List<Setting<Order>> orders, List<HostRule> allows, List<HostRule> denies,
                  List<Setting<Satisfy>> satisfies) {

    /** No rules: everyone passes, {@code Satisfy} unspecified. */
    static final HostAccess NONE = new HostAccess(List.of(), List.of(), List.of(), List.of());

    HostAccess {
        orders = List.copyOf(orders);
        allows = List.copyOf(allows);
        denies = List.copyOf(denies);
        satisfies = List.copyOf(satisfies);
    }

    /** An {@code Order} or {@code Satisfy} line: its value for the methods it was written for. */
    record Setting<T>(MethodSet methods, T value, ConfigLocation location) {
    }

    /** The {@code Order} argument. */
    enum Order {
        /** Deny by default; an Allow grants; a Deny overrides the Allow. */
        ALLOW_DENY("Allow,Deny"),
        /** Allow by default; a Deny refuses; an Allow overrides the Deny. */
        DENY_ALLOW("Deny,Allow"),
        /** Only clients an Allow matches and no Deny matches. */
        MUTUAL_FAILURE("Mutual-failure");

        private final String keyword;

        Order(String keyword) {
            this.keyword = keyword;
        }

        String keyword() {
            return keyword;
        }

        static Order parse(String text) {
            return switch (text.toLowerCase(Locale.ROOT)) {
                case "allow,deny" -> ALLOW_DENY;
                case "deny,allow" -> DENY_ALLOW;
                case "mutual-failure" -> MUTUAL_FAILURE;
                default -> throw new IllegalArgumentException("unknown order '" + text
                        + "': use Allow,Deny, Deny,Allow or Mutual-failure");
            };
        }
    }

    /** The {@code Satisfy} argument. */
    enum Satisfy {
        UNSPECIFIED,
        /** Both the host rules and the {@code Require} rules must pass (the default). */
        ALL,
        /** The host rules or the {@code Require} rules suffice. */
        ANY
    }

    /** One {@code Allow from} or {@code Deny from} argument. */
    record HostRule(String directive, String from, MethodSet methods, ConfigLocation location, IpSubnet subnet,
                    String domain, String variable) {

        /**
         * Parses one argument after {@code from}.
         *
         * @throws IllegalArgumentException with the message for the configuration error
         */
        static HostRule parse(String directive, String from, MethodSet methods, ConfigLocation location) {
            String lower = from.toLowerCase(Locale.ROOT);
            if (lower.startsWith("env=")) {
                // env=VAR matches when the request has VAR set, env=!VAR when it has not
                return new HostRule(directive, from, methods, location, null, null, from.substring(4));
            }
            if (lower.equals("all")) {
                return new HostRule(directive, from, methods, location, null, null, null);
            }
            int slash = from.indexOf('/');
            if (slash >= 0 || IpSubnet.looksLikeIp(from)) {
                String address = slash >= 0 ? from.substring(0, slash) : from;
                if (!IpSubnet.looksLikeIp(address)) {
                    throw new IllegalArgumentException("An IP address was expected: " + from);
                }
                try {
                    return new HostRule(directive, from, methods, location, IpSubnet.parse(from), null, null);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("'" + from + "' is not a valid address or network: "
                            + e.getMessage());
                }
            }
            if (from.indexOf('#') >= 0) {
                throw new IllegalArgumentException("No comments are allowed here");
            }
            return new HostRule(directive, from, methods, location, null, from, null);
        }

        boolean matches(AuthzContext context) {
            if (variable != null) {
                boolean negated = variable.startsWith("!");
                return (context.env(negated ? variable.substring(1) : variable) != null) != negated;
            }
            if (subnet != null) {
                return subnet.matches(context.client());
            }
            if (domain != null) {
                return context.remoteHostName().map(name -> HostNames.inDomain(domain, name)).orElse(false);
            }
            return true;
        }

        String describe() {
            return directive + " from " + from;
        }
    }

    /** Apache's {@code check_dir_access}: null if the client passes, else why it does not. */
    Denial check(AuthzContext context) {
        String method = context.method();
        HostRule allowed = find(allows, context, method);
        HostRule denied = find(denies, context, method);
        Setting<Order> order = last(orders, method);
        return switch (order == null ? Order.DENY_ALLOW : order.value()) {
            case ALLOW_DENY, MUTUAL_FAILURE -> denied != null ? new Denial(denied.describe(), denied.location())
                    : allowed == null ? noAllow(order) : null;
            case DENY_ALLOW -> denied != null && allowed == null ? new Denial(denied.describe(), denied.location()) : null;
        };
    }

    /** The {@code Satisfy} that applies to a request with {@code method}. */
    Satisfy satisfy(String method) {
        Setting<Satisfy> satisfy = last(satisfies, method);
        return satisfy == null ? Satisfy.UNSPECIFIED : satisfy.value();
    }

    private static Denial noAllow(Setting<Order> order) {
        return new Denial("Order " + order.value().keyword() + " (no 'Allow from' matches)", order.location());
    }

    private static HostRule find(List<HostRule> rules, AuthzContext context, String method) {
        for (HostRule rule : rules) {
            if (rule.methods().contains(method) && rule.matches(context)) {
                return rule;
            }
        }
        return null;
    }

    private static <T> Setting<T> last(List<Setting<T>> settings, String method) {
        for (int i = settings.size() - 1; i >= 0; i--) {
            if (settings.get(i).methods().contains(method)) {
                return settings.get(i);
            }
        }
        return null;
    }

    HostAccess withOrder(Setting<Order> order) {
        return new HostAccess(added(orders, order), allows, denies, satisfies);
    }

    HostAccess withAllow(HostRule rule) {
        return new HostAccess(orders, added(allows, rule), denies, satisfies);
    }

    HostAccess withDeny(HostRule rule) {
        return new HostAccess(orders, allows, added(denies, rule), satisfies);
    }

    HostAccess withSatisfy(Setting<Satisfy> satisfy) {
        return new HostAccess(orders, allows, denies, added(satisfies, satisfy));
    }

    private static <T> List<T> added(List<T> list, T element) {
        List<T> more = new ArrayList<>(list);
        more.add(element);
        return more;
    }

    /** Why the host rules refused a client: the rule and where it is written. */
    record Denial(String rule, ConfigLocation location) {
    }
}
