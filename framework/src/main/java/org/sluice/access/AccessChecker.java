package org.sluice.access;

import io.netty.util.NetUtil;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sluice.config.ConfigLocation;

/**
 * The one question every protocol asks: may this client, with these credentials, use this
 * place? It runs Apache 2.4's sequence for a request, without needing one:
 *
 * <pre>
 *  host rules (Order/Allow/Deny) ──fail──▶ Satisfy All: DENIED
 *        │ pass                           Satisfy Any: go on to Require
 *        ▼ (Satisfy Any: GRANTED)
 *  Require rules, no user yet ──granted──▶ GRANTED
 *        │ denied (no user yet)    └─denied──▶ DENIED
 *        ▼
 *  credentials? ──none/wrong──▶ AUTH_REQUIRED
 *        │ checked by the AuthBasicProviders
 *        ▼
 *  Require rules with the user ──▶ GRANTED, or AUTH_REQUIRED (DENIED with
 *                                  AuthzSendForbiddenOnFailure On)
 * </pre>
 *
 * <p>Rules are parsed when the configuration is read; a check costs a walk of the rule tree,
 * a {@code stat} of the password and group files when they are used, a password hash when
 * credentials are checked, and a DNS look-up only when a host-name rule needs one (the client's
 * name once per {@link RemoteHost}; a look-up parks the calling virtual thread). Hash checks
 * (bcrypt above all) are deliberately slow: call this from the connection's own thread, never
 * from an event loop. Thread-safe; keep one per server.
 *
 * <p>Decisions are logged: denials at WARN with the client's address and the rule that
 * denied, grants at DEBUG.
 */
public final class AccessChecker {

    private static final Logger LOG = LoggerFactory.getLogger(AccessChecker.class);

    private final Map<String, AuthenticationProvider> providers;
    private final Map<Path, ReloadingFile<Map<String, Set<String>>>> groupFiles = new ConcurrentHashMap<>();

    private AccessChecker(Map<String, AuthenticationProvider> providers) {
        this.providers = providers;
    }

    /** A checker with the {@code file} provider only. */
    public static AccessChecker create() {
        return create(List.of());
    }

    /**
     * A checker with the given providers (e.g. {@code server.extensions(AuthenticationProvider.class)})
     * and the built-in {@code file} provider unless one of them is named {@code file}.
     */
    public static AccessChecker create(Collection<? extends AuthenticationProvider> providers) {
        Map<String, AuthenticationProvider> byName = new LinkedHashMap<>();
        byName.put("file", new FileAuthenticationProvider());
        for (AuthenticationProvider provider : providers) {
            byName.put(provider.name().toLowerCase(Locale.ROOT), provider);
        }
        return new AccessChecker(Map.copyOf(byName));
    }

    /** Whether {@code AuthBasicProvider name} would find a provider. */
    public boolean hasProvider(String name) {
        return providers.containsKey(name.toLowerCase(Locale.ROOT));
    }

    /** Decides; never throws for a configuration or file problem (that is {@code ERROR}). */
    public AccessDecision check(AccessRequest request) {
        AccessDecision decision = decide(request);
        log(request, decision);
        return decision;
    }

    private AccessDecision decide(AccessRequest request) {
        AccessConfig config = request.accessConfig();
        RequestContext context = new RequestContext(request, config);

        HostAccess hostAccess = config.hostAccess();
        HostAccess.Denial hostDenial = hostAccess.check(context);
        if (hostAccess.satisfy(request.method()) == HostAccess.Satisfy.ANY) {
            if (hostDenial == null) {
                return AccessDecision.granted(null, "host rules passed (Satisfy Any)");
            }
        } else if (hostDenial != null) {
            return AccessDecision.denied(rule(hostDenial.rule(), hostDenial.location()));
        }

        Requirement.Block requirements = config.requirements();
        if (requirements == null) {
            if (config.authType().isPresent()) {
                return AccessDecision.error("AuthType configured with no corresponding authorization directives"
                        + " (add a Require line)");
            }
            return AccessDecision.granted(null, "no Require rules");
        }
        Requirement.Outcome userless = Requirement.evaluate(requirements, context);
        switch (userless.result()) {
            case GRANTED:
                return AccessDecision.granted(null, rule(userless.decidedBy()));
            case DENIED:
            case NEUTRAL:
                return AccessDecision.denied(rule(userless.decidedBy()));
            case GENERAL_ERROR:
                return AccessDecision.error("error evaluating " + rule(userless.decidedBy()));
            case DENIED_NO_USER:
            default:
                break;
        }

        if (config.authType().isEmpty()) {
            return AccessDecision.error(rule(userless.decidedBy()) + " needs an authenticated user, but no AuthType"
                    + " is configured (add AuthType Basic, AuthName and AuthUserFile)");
        }
        Optional<String> realm = config.authName();
        if (realm.isEmpty()) {
            return AccessDecision.error("AuthType Basic needs an AuthName");
        }
        Credentials credentials = request.credentials();
        if (credentials == null) {
            return AccessDecision.authRequired(realm.get(), "credentials required by " + rule(userless.decidedBy()));
        }

        AuthnStatus status = AuthnStatus.USER_NOT_FOUND;
        for (String name : config.basicProviders()) {
            AuthenticationProvider provider = providers.get(name.toLowerCase(Locale.ROOT));
            if (provider == null) {
                return AccessDecision.error("Unknown Authn provider: " + name + " (AuthBasicProvider)");
            }
            status = provider.check(credentials.user(), credentials.password(), request.config());
            if (status != AuthnStatus.USER_NOT_FOUND) {
                break;
            }
        }
        switch (status) {
            case USER_NOT_FOUND:
                return AccessDecision.authRequired(realm.get(), "user " + credentials.user() + " not found");
            case DENIED:
                return AccessDecision.authRequired(realm.get(),
                        "user " + credentials.user() + ": authentication failure: Password Mismatch");
            case GENERAL_ERROR:
                return AccessDecision.error("authentication of user " + credentials.user() + " failed");
            case GRANTED:
            default:
                break;
        }

        context.user = credentials.user();
        Requirement.Outcome withUser = Requirement.evaluate(requirements, context);
        String user = credentials.user();
        return switch (withUser.result()) {
            case GRANTED -> AccessDecision.granted(user, rule(withUser.decidedBy()));
            case GENERAL_ERROR -> AccessDecision.error("error evaluating " + rule(withUser.decidedBy()));
            case DENIED_NO_USER -> AccessDecision.authRequired(realm.get(),
                    "user " + user + ": authorization failure by " + rule(withUser.decidedBy()));
            case DENIED, NEUTRAL -> config.forbiddenOnFailure()
                    ? AccessDecision.denied("user " + user + ": authorization failure by " + rule(withUser.decidedBy()))
                    : AccessDecision.authRequired(realm.get(),
                            "user " + user + ": authorization failure by " + rule(withUser.decidedBy()));
        };
    }

    private static String rule(Requirement requirement) {
        return rule(requirement.describe(), requirement.location());
    }

    private static String rule(String text, ConfigLocation location) {
        return "'" + text + "'" + (location == null ? "" : " (" + location + ")");
    }

    private static void log(AccessRequest request, AccessDecision decision) {
        if (decision.outcome() == AccessDecision.Outcome.GRANTED && !LOG.isDebugEnabled()) {
            return; // the common case: nothing to say, so nothing to format
        }
        String client = NetUtil.toAddressString(request.client());
        String target = request.target().isEmpty() ? "" : " to " + request.target();
        switch (decision.outcome()) {
            case GRANTED -> {
                if (LOG.isDebugEnabled()) {
                    LOG.debug("client {} granted access{}{}: {}", client, target,
                            decision.user().map(u -> " as user " + u).orElse(""), decision.reason());
                }
            }
            case DENIED -> LOG.warn("client {} denied access{} by {}", client, target, decision.reason());
            case AUTH_REQUIRED -> {
                if (request.credentials() == null) {
                    LOG.debug("client {} asked for credentials{}: {}", client, target, decision.reason());
                } else {
                    LOG.warn("client {} refused{}: {}", client, target, decision.reason());
                }
            }
            case ERROR -> LOG.error("client {}: access check{} failed: {}", client, target, decision.reason());
        }
    }

    private Map<String, Set<String>> groups(Path path) throws IOException {
        return groupFiles.computeIfAbsent(path, p -> new ReloadingFile<>(p, GroupFile::parse)).content();
    }

    /** One check's view for the rules; the user is set once authenticated. */
    private final class RequestContext implements AuthzContext {
        private final AccessRequest request;
        private final AccessConfig config;
        String user;

        RequestContext(AccessRequest request, AccessConfig config) {
            this.request = request;
            this.config = config;
        }

        @Override
        public AccessRequest request() {
            return request;
        }

        @Override
        public InetAddress client() {
            return request.client();
        }

        @Override
        public InetAddress local() {
            return request.local();
        }

        @Override
        public String method() {
            return request.method();
        }

        @Override
        public String env(String name) {
            return request.environment() == null ? null : request.environment().apply(name);
        }

        @Override
        public Optional<String> remoteHostName() {
            return request.remoteHost().confirmedName();
        }

        @Override
        public boolean resolvesToClient(String host) {
            return request.remoteHost().isAddressOf(host);
        }

        @Override
        public String user() {
            return user;
        }

        @Override
        public boolean userInGroup(String group) {
            Optional<Path> file = config.groupFile();
            if (file.isEmpty()) {
                LOG.error("Require group {}: no AuthGroupFile was specified in the configuration", group);
                return false;
            }
            try {
                return groups(file.get()).getOrDefault(user, Set.of()).contains(group);
            } catch (IOException e) {
                LOG.error("Could not open group file: {} ({})", file.get(), e.toString());
                throw new GroupLookupException("Could not open group file: " + file.get());
            }
        }
    }
}
