package org.sluice.http.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.sluice.testing.TestServer;

/**
 * {@code RemoteIPHeader} (mod_remoteip behind an HTTP proxy): the address the proxies vouch
 * for in {@code X-Forwarded-For} becomes the request's client. Every request here comes from
 * 127.0.0.1.
 */
class RemoteIpHeaderTest extends HttpServerTestBase {

    /** What the request saw: client, connection peer, the header left, the proxies header. */
    private static final String SHOW = "Header set X-Seen \"expr=%{REMOTE_ADDR}|%{CONN_REMOTE_ADDR}"
            + "|%{req_novary:X-Forwarded-For}|%{req_novary:X-Forwarded-By}\"\n";

    private void startWith(String config) throws Exception {
        htdocs("a.txt", "a");
        start("RemoteIPHeader X-Forwarded-For\nRemoteIPProxiesHeader X-Forwarded-By\n" + SHOW + config);
    }

    /** The X-Seen value of a GET sent with {@code X-Forwarded-For: forwarded} (none if null). */
    private String seen(String forwarded) throws Exception {
        String response = raw("GET /a.txt HTTP/1.1\r\nHost: localhost\r\n"
                + (forwarded == null ? "" : "X-Forwarded-For: " + forwarded + "\r\n") + "Connection: close\r\n\r\n");
        assertThat(response).startsWith("HTTP/1.1 200 OK");
        int start = response.indexOf("\r\nX-Seen: ") + 10;
        return response.substring(start, response.indexOf("\r\n", start));
    }

    @Test
    void withoutAProxyListEveryPeerIsATrustedProxy() throws Exception {
        startWith("");
        // the address taken leaves the header, which goes; the proxy is noted
        assertThat(seen("203.0.113.9")).isEqualTo("203.0.113.9|127.0.0.1||127.0.0.1");
        assertThat(seen(null)).isEqualTo("127.0.0.1|127.0.0.1||");
    }

    @Test
    void aTrustedProxyMayNotPresentAPrivateAddress() throws Exception {
        startWith("");
        assertThat(seen("10.1.2.3")).isEqualTo("127.0.0.1|127.0.0.1|10.1.2.3|");
        assertThat(seen("192.168.0.4")).isEqualTo("127.0.0.1|127.0.0.1|192.168.0.4|");
        assertThat(seen("fd00::1")).isEqualTo("127.0.0.1|127.0.0.1|fd00::1|");
        // the rightmost public address is taken; what is left of it stays
        assertThat(seen("10.1.2.3, 203.0.113.9")).isEqualTo("203.0.113.9|127.0.0.1|10.1.2.3|127.0.0.1");
    }

    @Test
    void withoutAProxyListEveryPublicAddressIsBelievedFromTheRight() throws Exception {
        startWith("");
        assertThat(seen("198.51.100.1, 203.0.113.9")).isEqualTo("198.51.100.1|127.0.0.1||127.0.0.1, 203.0.113.9");
    }

    @Test
    void theProxiesAreNotedOnlyWhenRemoteIpProxiesHeaderIsSet() throws Exception {
        htdocs("a.txt", "a");
        start("RemoteIPHeader X-Forwarded-For\n" + SHOW);
        assertThat(seen("203.0.113.9")).isEqualTo("203.0.113.9|127.0.0.1||");
    }

    @Test
    void aChainOfTrustedProxiesIsFollowedAndRecorded() throws Exception {
        startWith("RemoteIPTrustedProxy 127.0.0.1 198.51.100.0/24\n");
        assertThat(seen("203.0.113.9, 198.51.100.4")).isEqualTo("203.0.113.9|127.0.0.1||127.0.0.1, 198.51.100.4");
        // a forged address left of a client that is no proxy stays in the header
        assertThat(seen("192.0.2.66, 203.0.113.9, 198.51.100.4"))
                .isEqualTo("203.0.113.9|127.0.0.1|192.0.2.66|127.0.0.1, 198.51.100.4");
    }

    @Test
    void internalProxiesMayPresentPrivateAddressesAndAreNotRecorded() throws Exception {
        startWith("RemoteIPInternalProxy 127.0.0.1\n");
        assertThat(seen("203.0.113.9, 10.0.0.5")).isEqualTo("10.0.0.5|127.0.0.1|203.0.113.9|");
        stop();
        startWith("RemoteIPInternalProxy 127.0.0.1 10.0.0.0/8\n");
        assertThat(seen("203.0.113.9, 10.0.0.5")).isEqualTo("203.0.113.9|127.0.0.1||");
    }

    @Test
    void aTrustedProxyMayNotPresentAnInternalOne() throws Exception {
        // 198.51.100.4 is trusted (external): what it presents is checked as external, even 10/8
        startWith("RemoteIPInternalProxy 127.0.0.1 10.0.0.0/8\nRemoteIPTrustedProxy 198.51.100.4\n");
        assertThat(seen("10.9.9.9, 198.51.100.4")).isEqualTo("198.51.100.4|127.0.0.1|10.9.9.9|");
    }

    @Test
    void aPeerThatIsNoListedProxyIsNotBelieved() throws Exception {
        startWith("RemoteIPInternalProxy 192.0.2.1\n");
        assertThat(seen("203.0.113.9")).isEqualTo("127.0.0.1|127.0.0.1|203.0.113.9|");
    }

    @Test
    void namesAndGarbageInTheHeaderStopTheWalk() throws Exception {
        startWith("");
        assertThat(seen("unknown")).isEqualTo("127.0.0.1|127.0.0.1|unknown|");
        assertThat(seen("www.example.com")).isEqualTo("127.0.0.1|127.0.0.1|www.example.com|");
        assertThat(seen("203.0.113.9,")).isEqualTo("127.0.0.1|127.0.0.1|203.0.113.9,|");
        assertThat(seen("2001:db8::7")).isEqualTo("2001:db8::7|127.0.0.1||127.0.0.1");
    }

    @Test
    void accessRulesAndTheLogSeeTheClientTheProxyVouchedFor() throws Exception {
        htdocs("a.txt", "a");
        start("RemoteIPHeader X-Forwarded-For\nRemoteIPInternalProxy 127.0.0.1\n"
                + "<Location /a.txt>\nRequire ip 203.0.113.0/24\n</Location>\n"
                + "CustomLog logs/remoteip_log \"%a %{c}a %h %>s\"\n");
        assertThat(raw("GET /a.txt HTTP/1.1\r\nHost: localhost\r\nX-Forwarded-For: 203.0.113.9\r\n"
                + "Connection: close\r\n\r\n")).startsWith("HTTP/1.1 200 OK");
        assertThat(raw("GET /a.txt HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"))
                .startsWith("HTTP/1.1 403 Forbidden");
        Path log = root.resolve("logs/remoteip_log");
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(log) && Files.readAllLines(log).size() == 2);
        assertThat(Files.readAllLines(log)).containsExactly("203.0.113.9 127.0.0.1 203.0.113.9 200",
                "127.0.0.1 127.0.0.1 127.0.0.1 403");
    }

    @Test
    void allowFromSeesTheClientTheProxyVouchedFor() throws Exception {
        htdocs("a.txt", "a");
        start("RemoteIPHeader X-Forwarded-For\n<Location /a.txt>\nOrder deny,allow\nDeny from all\n"
                + "Allow from 203.0.113.0/24\n</Location>\n");
        assertThat(raw("GET /a.txt HTTP/1.1\r\nHost: localhost\r\nX-Forwarded-For: 203.0.113.9\r\n"
                + "Connection: close\r\n\r\n")).startsWith("HTTP/1.1 200 OK");
        assertThat(raw("GET /a.txt HTTP/1.1\r\nHost: localhost\r\nX-Forwarded-For: 198.51.100.9\r\n"
                + "Connection: close\r\n\r\n")).startsWith("HTTP/1.1 403 Forbidden");
    }

    @Test
    void eachRequestOfAKeptConnectionHasItsOwnClient() throws Exception {
        startWith("");
        String two = raw("GET /a.txt HTTP/1.1\r\nHost: localhost\r\nX-Forwarded-For: 203.0.113.9\r\n\r\n"
                + "GET /a.txt HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
        assertThat(two).contains("X-Seen: 203.0.113.9|127.0.0.1||127.0.0.1\r\n")
                .contains("X-Seen: 127.0.0.1|127.0.0.1||\r\n");
    }

    @Test
    void aProxyListFileIsReadWithItsComments() throws Exception {
        Files.createDirectories(root.resolve("conf"));
        Files.writeString(root.resolve("conf/proxies"), "# the load balancers\n127.0.0.1 # this host\n\n198.51.100.0/24\n");
        startWith("RemoteIPInternalProxyList conf/proxies\n");
        assertThat(seen("10.0.0.1, 198.51.100.7")).isEqualTo("10.0.0.1|127.0.0.1||");
    }

    @Test
    void badProxiesAreRefusedWithTheirLine() throws Exception {
        Files.createDirectories(root.resolve("conf"));
        Files.writeString(root.resolve("conf/proxies"), "127.0.0.1\n10.0.0.0/99\n");
        String base = "LoadModule http\nListen 127.0.0.1:" + TestServer.freePort() + "\nRemoteIPHeader X-Forwarded-For\n";
        assertThatThrownBy(() -> TestServer.check(root, base + "RemoteIPInternalProxy 10.0.0.0/99\n"))
                .isInstanceOfSatisfying(org.sluice.config.ConfigException.class, e -> {
                    assertThat(e.getMessage()).contains("RemoteIP: Error parsing IP 10.0.0.0/99");
                    assertThat(e.location().line()).isEqualTo(4);
                });
        assertThatThrownBy(() -> TestServer.check(root, base + "RemoteIPTrustedProxy lb.invalid/8\n"))
                .hasMessageContaining("the subnet /8 is invalid for RemoteIPTrustedProxy");
        assertThatThrownBy(() -> TestServer.check(root, base + "RemoteIPInternalProxyList conf/proxies\n"))
                .hasMessageContaining("RemoteIP: Error parsing IP 10.0.0.0/99")
                .hasMessageContaining("at line 2 of " + root.resolve("conf/proxies"));
        assertThatThrownBy(() -> TestServer.check(root, base + "RemoteIPTrustedProxyList conf/none\n"))
                .hasMessageContaining("RemoteIPTrustedProxyList: Could not open file");
    }

    @Test
    void aProxyProtocolClientTakesPrecedenceOverTheHeader() throws Exception {
        startWith("RemoteIPProxyProtocol On\n");
        String response = raw("PROXY TCP4 192.0.2.7 198.51.100.1 40000 80\r\nGET /a.txt HTTP/1.1\r\nHost: localhost\r\n"
                + "X-Forwarded-For: 203.0.113.9\r\nConnection: close\r\n\r\n");
        assertThat(response).contains("\r\nX-Seen: 192.0.2.7|127.0.0.1|203.0.113.9|\r\n");
    }
}
