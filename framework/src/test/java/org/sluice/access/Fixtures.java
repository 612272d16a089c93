package org.sluice.access;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.sluice.config.ConfigException;

/** Short ways to ask the checker a question in tests. */
final class Fixtures {

    /** Resolves nothing: host-name rules never match. */
    static final HostResolver NO_DNS = resolver(Map.of(), Map.of());

    private Fixtures() {
    }

    static InetAddress ip(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    static AccessRequest request(AccessConfig config, String client) {
        InetAddress address = ip(client);
        return AccessRequest.of(address, config).withRemoteHost(RemoteHost.lookup(address, NO_DNS));
    }

    static AccessDecision check(String conf, String client) throws ConfigException {
        return AccessChecker.create().check(request(TestConfig.parse(conf), client));
    }

    static AccessDecision check(String conf, String client, String user, String password) throws ConfigException {
        return AccessChecker.create().check(request(TestConfig.parse(conf), client)
                .withCredentials(new Credentials(user, password)));
    }

    /** A resolver answering from the given PTR and A/AAAA records. */
    static HostResolver resolver(Map<String, String> reverse, Map<String, List<String>> forward) {
        return new HostResolver() {
            @Override
            public Optional<String> reverse(InetAddress address) {
                return Optional.ofNullable(reverse.get(address.getHostAddress()));
            }

            @Override
            public List<InetAddress> forward(String name) {
                return forward.getOrDefault(name, List.of()).stream().map(Fixtures::ip).toList();
            }
        };
    }
}
