package org.sluice.internal.dns;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sluice.testing.TestDnsServer;

/** The server's resolver against a test DNS server: hosts file, IPv6, names, the cache's bound. */
class DnsHostResolverTest {

    @TempDir
    Path root;

    private TestDnsServer dns;
    private DnsHostResolver resolver;

    @BeforeEach
    void startDns() throws Exception {
        dns = TestDnsServer.start();
    }

    @AfterEach
    void stop() {
        if (resolver != null) {
            resolver.close();
        }
        dns.close();
    }

    private DnsHostResolver resolver(Path hostsFile) {
        resolver = new DnsHostResolver(new DnsHostResolver.Settings(List.of(dns.address()), 2000, hostsFile, 100,
                3600, 60));
        return resolver;
    }

    @Test
    void theHostsFileIsAskedFirstAndNamesAnAddressByItsFirstLine() throws Exception {
        Path hosts = Files.writeString(root.resolve("hosts"),
                "# comment\n192.0.2.5 first.test alias # the first line\n192.0.2.5 second.test\n");
        dns.ptr("192.0.2.5", "dns.example.test");
        DnsHostResolver resolver = resolver(hosts);
        assertThat(resolver.reverse(InetAddress.getByName("192.0.2.5"))).contains("first.test");
        assertThat(resolver.forward("ALIAS.")).containsExactly(InetAddress.getByName("192.0.2.5"));
        assertThat(dns.questions()).isZero();
    }

    @Test
    void anIpv6AddressIsLookedUpUnderIp6Arpa() throws Exception {
        dns.ptr("2001:db8::1", "Six.Example.Test").address("six.example.test", "2001:db8::1");
        DnsHostResolver resolver = resolver(null);
        assertThat(resolver.reverse(InetAddress.getByName("2001:db8::1"))).contains("six.example.test");
        assertThat(resolver.forward("six.example.test")).containsExactly(InetAddress.getByName("2001:db8::1"));
    }

    @Test
    void aNameThatDoesNotExistIsAskedAboutOnce() throws Exception {
        DnsHostResolver resolver = resolver(null);
        assertThat(resolver.forward("missing.example.test")).isEmpty();
        assertThat(resolver.forward("missing.example.test")).isEmpty();
        assertThat(dns.questions("A", "missing.example.test")).isEqualTo(1);
    }

    @Test
    void theCacheKeepsNoMoreAnswersThanItsCapacity() {
        LookupCache<Integer, Optional<String>> cache = new LookupCache<>(2);
        for (int i = 0; i < 5; i++) {
            cache.get(i, q -> CompletableFuture.completedFuture(new LookupCache.Answer<>(Optional.of("x"), 1_000_000_000L)));
        }
        assertThat(cache.size()).isEqualTo(2);
    }
}
