package org.sluice.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.sluice.access.Fixtures.ip;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.sluice.access.AccessDecision.Outcome;

/** {@code Require host} and {@code Allow from name}: double-reverse checked host names. */
class RequireHostTest {

    private static final HostResolver DNS = Fixtures.resolver(
            Map.of("192.0.2.10", "www.example.com",
                    "192.0.2.11", "badexample.com",
                    "192.0.2.12", "spoofed.example.com"),
            Map.of("www.example.com", List.of("192.0.2.10"),
                    "badexample.com", List.of("192.0.2.11"),
                    // The owner of 192.0.2.12's reverse zone claims a name that is not theirs.
                    "spoofed.example.com", List.of("198.51.100.1")));

    private static Outcome check(String conf, String client) throws Exception {
        AccessRequest request = AccessRequest.of(ip(client), TestConfig.parse(conf))
                .withRemoteHost(RemoteHost.lookup(ip(client), DNS));
        return AccessChecker.create().check(request).outcome();
    }

    @Test
    void matchesTheDomainAndItsSubdomains() throws Exception {
        assertThat(check("Require host example.com", "192.0.2.10")).isEqualTo(Outcome.GRANTED);
        assertThat(check("Require host www.example.com", "192.0.2.10")).isEqualTo(Outcome.GRANTED);
        assertThat(check("Require host .example.com", "192.0.2.10")).isEqualTo(Outcome.GRANTED);
        assertThat(check("Require host EXAMPLE.COM", "192.0.2.10")).isEqualTo(Outcome.GRANTED);
    }

    @Test
    void matchesWholeLabelsOnly() throws Exception {
        assertThat(check("Require host example.com", "192.0.2.11")).isEqualTo(Outcome.DENIED);
    }

    @Test
    void nameThatDoesNotResolveBackIsNotTrusted() throws Exception {
        assertThat(check("Require host example.com", "192.0.2.12")).isEqualTo(Outcome.DENIED);
    }

    @Test
    void clientWithoutNameIsDenied() throws Exception {
        assertThat(check("Require host example.com", "192.0.2.99")).isEqualTo(Outcome.DENIED);
    }

    @Test
    void legacyAllowFromAcceptsNames() throws Exception {
        String conf = "Order Deny,Allow\nDeny from all\nAllow from example.com";
        assertThat(check(conf, "192.0.2.10")).isEqualTo(Outcome.GRANTED);
        assertThat(check(conf, "192.0.2.12")).isEqualTo(Outcome.DENIED);
    }

    @Test
    void lookupHappensOncePerRemoteHostAndOnlyWhenNeeded() throws Exception {
        AtomicInteger lookups = new AtomicInteger();
        HostResolver counting = new HostResolver() {
            @Override
            public java.util.Optional<String> reverse(java.net.InetAddress address) {
                lookups.incrementAndGet();
                return DNS.reverse(address);
            }

            @Override
            public List<java.net.InetAddress> forward(String name) {
                return DNS.forward(name);
            }
        };
        RemoteHost host = RemoteHost.lookup(ip("192.0.2.10"), counting);
        AccessChecker checker = AccessChecker.create();
        AccessRequest byIp = AccessRequest.of(ip("192.0.2.10"), TestConfig.parse("Require ip 192.0.2.10"))
                .withRemoteHost(host);
        AccessRequest byName = AccessRequest.of(ip("192.0.2.10"), TestConfig.parse("Require host example.com"))
                .withRemoteHost(host);
        checker.check(byIp);
        assertThat(lookups).hasValue(0);
        checker.check(byName);
        checker.check(byName);
        assertThat(lookups).hasValue(1);
    }
}
