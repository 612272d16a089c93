package org.sluice.http.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * HTTP behind a proxy that speaks the PROXY protocol ({@code RemoteIPProxyProtocol On}): the
 * header's source address is the client for logs, access control and the request's variables.
 */
class ProxyProtocolHttpTest extends HttpServerTestBase {

    private static final String HEADER = "PROXY TCP4 192.0.2.7 198.51.100.1 40000 80\r\n";
    private static final String GET = "GET /a.txt HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n";

    private void startBehindProxy(String extraConfig) throws Exception {
        htdocs("a.txt", "a");
        start("RemoteIPProxyProtocol On\n" + extraConfig);
    }

    private String awaitLog(String name) {
        Path log = root.resolve("logs").resolve(name);
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(log) && Files.readString(log).endsWith("\n"));
        try {
            return Files.readString(log);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void accessLogShowsTheProxiedClientAsAAndTheProxyAsCA() throws Exception {
        startBehindProxy("CustomLog logs/proxied_log \"%a %{c}a %h %{c}h %{remote}p %>s %I\"\n");
        assertThat(raw(HEADER + GET)).startsWith("HTTP/1.1 200 OK");
        // %I counts the header too, as httpd's does
        assertThat(awaitLog("proxied_log")).isEqualTo("192.0.2.7 127.0.0.1 192.0.2.7 127.0.0.1 40000 200 "
                + (HEADER + GET).length() + "\n");
    }

    @Test
    void requestInTheSamePacketAsTheHeaderIsAnswered() throws Exception {
        startBehindProxy("");
        String response = raw(HEADER + GET);
        assertThat(response).startsWith("HTTP/1.1 200 OK\r\n").endsWith("\r\n\r\na");
    }

    @Test
    void requireIpDecidesOnTheProxiedAddress() throws Exception {
        startBehindProxy("<Location /a.txt>\nRequire ip 192.0.2.7\n</Location>\n");
        assertThat(raw(HEADER + GET)).startsWith("HTTP/1.1 200 OK");
        assertThat(raw("PROXY TCP4 192.0.2.8 198.51.100.1 40000 80\r\n" + GET)).startsWith("HTTP/1.1 403 Forbidden");
    }

    @Test
    void allowFromDecidesOnTheProxiedAddress() throws Exception {
        startBehindProxy("<Location /a.txt>\nOrder deny,allow\nDeny from all\nAllow from 192.0.2.0/24\n</Location>\n");
        assertThat(raw(HEADER + GET)).startsWith("HTTP/1.1 200 OK");
        assertThat(raw("PROXY TCP4 198.51.100.9 198.51.100.1 40000 80\r\n" + GET)).startsWith("HTTP/1.1 403 Forbidden");
    }

    @Test
    void remoteAddrIsTheProxiedClientAndConnRemoteAddrTheProxy() throws Exception {
        startBehindProxy("Header set X-Addresses \"expr=%{REMOTE_ADDR} %{CONN_REMOTE_ADDR}\"\n");
        assertThat(raw(HEADER + GET)).contains("\r\nX-Addresses: 192.0.2.7 127.0.0.1\r\n");
    }

    @Test
    void requestWithoutAHeaderIsClosedWithoutAnAnswer() throws Exception {
        startBehindProxy("");
        assertThat(raw(GET)).isEmpty();
    }

    @Test
    void curlWithHaproxyProtocolIsServed() throws Exception {
        startBehindProxy("CustomLog logs/proxied_log \"%a %{c}a %>s\"\n");
        Process curl;
        try {
            curl = new ProcessBuilder("curl", "-s", "--haproxy-protocol", "http://127.0.0.1:" + port + "/a.txt")
                    .redirectErrorStream(true).start();
        } catch (IOException e) {
            Assumptions.abort("curl is not installed");
            return;
        }
        assertThat(curl.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("a");
        assertThat(curl.exitValue()).isZero();
        // curl names its own end of the connection as the client
        assertThat(awaitLog("proxied_log")).isEqualTo("127.0.0.1 127.0.0.1 200\n");
    }
}
