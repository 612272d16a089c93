package org.sluice.access;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The built-in {@code Require} providers of mod_authz_core, mod_authz_host, mod_authz_user and
 * mod_authz_groupfile. Each parses its arguments once, at configuration time, into a
 * {@link Requirement.Check}.
 */
final class AuthzProviders {

    private static final IpSubnet LOCALHOST_V4 = IpSubnet.parse("127.0.0.0/8");
    private static final IpSubnet LOCALHOST_V6 = IpSubnet.parse("::1");

    private AuthzProviders() {
    }

    /**
     * The check for {@code Require provider arguments}.
     *
     * @throws IllegalArgumentException with the message for the configuration error
     */
    static Requirement.Check parse(String provider, String arguments, List<AuthzProvider> added) {
        List<String> words = Words.split(arguments);
        return switch (provider.toLowerCase(Locale.ROOT)) {
            case "all" -> all(arguments.strip());
            case "ip" -> ip(words);
            case "host" -> host(words);
            case "forward-dns" -> forwardDns(words);
            case "local" -> AuthzProviders::local;
            case "user" -> user(words);
            case "valid-user" -> context -> context.user() == null ? AuthzResult.DENIED_NO_USER : AuthzResult.GRANTED;
            case "group" -> group(words);
            case "env" -> env(words);
            default -> added(provider, arguments, added);
        };
    }

    /** A provider a module adds, e.g. the http module's {@code expr}. */
    private static Requirement.Check added(String provider, String arguments, List<AuthzProvider> added) {
        for (AuthzProvider candidate : added) {
            if (candidate.name().equalsIgnoreCase(provider)) {
                AuthzProvider.Check check = candidate.parse(arguments);
                return context -> check.check(context.request(), context.user());
            }
        }
        throw new IllegalArgumentException("Unknown Authz provider: " + provider);
    }

    /** mod_authz_core's {@code Require env VAR...}: granted when the request has any of them set. */
    private static Requirement.Check env(List<String> words) {
        List<String> variables = List.copyOf(words);
        return context -> {
            for (String variable : variables) {
                if (context.env(variable) != null) {
                    return AuthzResult.GRANTED;
                }
            }
            return AuthzResult.DENIED;
        };
    }

    private static Requirement.Check all(String argument) {
        if (argument.equalsIgnoreCase("granted")) {
            return context -> AuthzResult.GRANTED;
        }
        if (argument.equalsIgnoreCase("denied")) {
            return context -> AuthzResult.DENIED;
        }
        throw new IllegalArgumentException("Argument for 'Require all' must be 'granted' or 'denied'");
    }

    private static Requirement.Check ip(List<String> words) {
        if (words.isEmpty()) {
            throw new IllegalArgumentException("'require ip' requires an argument");
        }
        List<IpSubnet> subnets = new ArrayList<>();
        for (String word : words) {
            if (!IpSubnet.looksLikeIp(word.contains("/") ? word.substring(0, word.indexOf('/')) : word)) {
                throw new IllegalArgumentException("ip address '" + word + "' appears to be invalid"
                        + " (use 'Require host' for host names)");
            }
            try {
                subnets.add(IpSubnet.parse(word));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("ip address '" + word + "' appears to be invalid: " + e.getMessage());
            }
        }
        List<IpSubnet> all = List.copyOf(subnets);
        return context -> {
            for (IpSubnet subnet : all) {
                if (subnet.matches(context.client())) {
                    return AuthzResult.GRANTED;
                }
            }
            return AuthzResult.DENIED;
        };
    }

    private static Requirement.Check host(List<String> words) {
        List<String> domains = hostNames("host", words);
        return context -> {
            Optional<String> name = context.remoteHostName();
            if (name.isEmpty()) {
                return AuthzResult.DENIED;
            }
            for (String domain : domains) {
                if (HostNames.inDomain(domain, name.get())) {
                    return AuthzResult.GRANTED;
                }
            }
            return AuthzResult.DENIED;
        };
    }

    /**
     * mod_authz_host's {@code Require forward-dns name...}: granted when one of the names
     * resolves to the client's address. Only the configured names are looked up, never the
     * client's, so it suits clients whose reverse zone nobody maintains (dynamic DNS).
     */
    private static Requirement.Check forwardDns(List<String> words) {
        List<String> names = hostNames("forward-dns", words);
        return context -> {
            for (String name : names) {
                if (context.resolvesToClient(name)) {
                    return AuthzResult.GRANTED;
                }
            }
            return AuthzResult.DENIED;
        };
    }

    /** The names of a {@code Require host} or {@code forward-dns} line, checked. */
    private static List<String> hostNames(String provider, List<String> words) {
        if (words.isEmpty()) {
            throw new IllegalArgumentException("'require " + provider + "' requires an argument");
        }
        for (String word : words) {
            if (word.contains("#")) {
                throw new IllegalArgumentException("'require " + provider + "': '#' is not a host name character;"
                        + " put comments on a line of their own");
            }
            if (word.contains("%{")) {
                throw new IllegalArgumentException("'require " + provider + "': expressions are not supported, only"
                        + " host and domain names");
            }
        }
        return List.copyOf(words);
    }

    private static AuthzResult local(AuthzContext context) {
        InetAddress client = IpSubnet.unmapped(context.client());
        InetAddress local = context.local() == null ? null : IpSubnet.unmapped(context.local());
        if (client.equals(local) || LOCALHOST_V4.matches(client) || LOCALHOST_V6.matches(client)) {
            return AuthzResult.GRANTED;
        }
        return AuthzResult.DENIED;
    }

    private static Requirement.Check user(List<String> words) {
        if (words.isEmpty()) {
            throw new IllegalArgumentException("'require user' requires at least one user name");
        }
        Set<String> users = Set.copyOf(words);
        return context -> {
            if (context.user() == null) {
                return AuthzResult.DENIED_NO_USER;
            }
            return users.contains(context.user()) ? AuthzResult.GRANTED : AuthzResult.DENIED;
        };
    }

    private static Requirement.Check group(List<String> words) {
        if (words.isEmpty()) {
            throw new IllegalArgumentException("'require group' requires at least one group name");
        }
        List<String> groups = List.copyOf(words);
        return context -> {
            if (context.user() == null) {
                return AuthzResult.DENIED_NO_USER;
            }
            for (String group : groups) {
                if (context.userInGroup(group)) {
                    return AuthzResult.GRANTED;
                }
            }
            return AuthzResult.DENIED;
        };
    }
}
