package org.sluice.access;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.sluice.config.ConfigLocation;

/**
 * The legacy host-based rules of mod_access_compat: {@code Order}, {@code Allow from},
 * {@code Deny from} and {@code Satisfy}. A section that uses any of them replaces its parent's
 * set as a whole, as in Apache (the module has no merge function).
 */
record HostAccess(Order order, ConfigLocation orderLocation, List<HostRule> allows, List<HostRule> denies,
                  Satisfy satisfy) {

    /** No rules: everyone passes, {@code Satisfy} unspecified. */
    static final HostAccess NONE = new HostAccess(Order.DENY_ALLOW, null, List.of(), List.of(), Satisfy.UNSPECIFIED);

    HostAccess {
        allows = List.copyOf(allows);
        denies = List.copyOf(denies);
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
    record HostRule(String directive, String from, ConfigLocation location, IpSubnet subnet, String domain) {

        /**
         * Parses one argument after {@code from}.
         *
         * @throws IllegalArgumentException with the message for the configuration error
         */
        static HostRule parse(String directive, String from, ConfigLocation location) {
            String lower = from.toLowerCase(Locale.ROOT);
            if (lower.startsWith("env=")) {
                throw new IllegalArgumentException(directive + " from " + from
                        + ": environment variables are not supported (there are none outside HTTP);"
                        + " use Require with ip, host, user or group instead");
            }
            if (lower.equals("all")) {
                return new HostRule(directive, from, location, null, null);
            }
            int slash = from.indexOf('/');
            if (slash >= 0 || IpSubnet.looksLikeIp(from)) {
                String address = slash >= 0 ? from.substring(0, slash) : from;
                if (!IpSubnet.looksLikeIp(address)) {
                    throw new IllegalArgumentException("An IP address was expected: " + from);
                }
                try {
                    return new HostRule(directive, from, location, IpSubnet.parse(from), null);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("'" + from + "' is not a valid address or network: "
                            + e.getMessage());
                }
            }
            if (from.indexOf('#') >= 0) {
                throw new IllegalArgumentException("No comments are allowed here");
            }
            return new HostRule(directive, from, location, null, from);
        }

        boolean matches(AuthzContext context) {
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
        HostRule allowed = find(allows, context);
        HostRule denied = find(denies, context);
        return switch (order) {
            case ALLOW_DENY -> denied != null ? new Denial(denied.describe(), denied.location())
                    : allowed == null ? noAllow() : null;
            case DENY_ALLOW -> denied != null && allowed == null ? new Denial(denied.describe(), denied.location()) : null;
            case MUTUAL_FAILURE -> denied != null ? new Denial(denied.describe(), denied.location())
                    : allowed == null ? noAllow() : null;
        };
    }

    private Denial noAllow() {
        return new Denial("Order " + order.keyword() + " (no 'Allow from' matches)", orderLocation);
    }

    private static HostRule find(List<HostRule> rules, AuthzContext context) {
        for (HostRule rule : rules) {
            if (rule.matches(context)) {
                return rule;
            }
        }
        return null;
    }

    HostAccess withOrder(Order newOrder, ConfigLocation location) {
        return new HostAccess(newOrder, location, allows, denies, satisfy);
    }

    HostAccess withAllow(HostRule rule) {
        List<HostRule> more = new ArrayList<>(allows);
        more.add(rule);
        return new HostAccess(order, orderLocation, more, denies, satisfy);
    }

    HostAccess withDeny(HostRule rule) {
        List<HostRule> more = new ArrayList<>(denies);
        more.add(rule);
        return new HostAccess(order, orderLocation, allows, more, satisfy);
    }

    HostAccess withSatisfy(Satisfy newSatisfy) {
        return new HostAccess(order, orderLocation, allows, denies, newSatisfy);
    }

    /** Why the host rules refused a client: the rule and where it is written. */
    record Denial(String rule, ConfigLocation location) {
    }
}
