package org.sluice.http.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.sluice.testing.TestCertificates;
import org.sluice.testing.TestClient;

/** HTTP over TLS: requests, files, and what mod_ssl adds to HTTP (schemes, variables, refusals). */
class HttpsTest extends HttpServerTestBase {

    private static final String TLS = """
            LoadModule ssl
            SSLEngine on
            SSLCertificateFile tls/a.test.pem
            SSLCertificateKeyFile tls/a.test.key
            DocumentRoot htdocs
            """;

    @BeforeEach
    void files() throws IOException {
        TestCertificates.copyTo(root);
        htdocs("hello.txt", "Hello, world\n");
    }

    /** Two name-based hosts on the TLS port, each with its own document root. */
    private String twoHosts(String bHostLines, String extra) throws IOException {
        htdocs("b/hello.txt", "Hello from b\n");
        return """
                LoadModule ssl
                %3$s
                <VirtualHost *:%1$d>
                    ServerName a.test
                    DocumentRoot htdocs
                    SSLEngine on
                    SSLCertificateFile tls/a.test.pem
                    SSLCertificateKeyFile tls/a.test.key
                </VirtualHost>
                <VirtualHost *:%1$d>
                    ServerName b.test
                    DocumentRoot htdocs/b
                    SSLEngine on
                    SSLCertificateFile tls/b.test.pem
                    SSLCertificateKeyFile tls/b.test.key
                    %2$s
                </VirtualHost>
                """.formatted(port, bHostLines, extra);
    }

    private String exchange(String serverName, String request) throws IOException {
        try (TestClient client = TestClient.connectTls(port, serverName)) {
            client.send(request);
            return readResponse(client.socket().getInputStream());
        }
    }

    @Test
    void servesAFileOverTls() throws Exception {
        start(TLS);
        String response = exchange("a.test", "GET /hello.txt HTTP/1.1\r\nHost: a.test\r\n\r\n");
        assertThat(response).startsWith("HTTP/1.1 200 OK\r\n").endsWith("\r\n\r\nHello, world\n");
    }

    @Test
    void keepAliveServesSeveralRequestsOnOneTlsConnection() throws Exception {
        start(TLS);
        try (TestClient client = TestClient.connectTls(port, "a.test")) {
            InputStream in = client.socket().getInputStream();
            client.send("GET /hello.txt HTTP/1.1\r\nHost: a.test\r\n\r\n");
            assertThat(readResponse(in)).startsWith("HTTP/1.1 200 OK").endsWith("Hello, world\n");
            client.send("HEAD /hello.txt HTTP/1.1\r\nHost: a.test\r\n\r\n");
            assertThat(readHead(in)).startsWith("HTTP/1.1 200 OK").contains("Content-Length: 13\r\n");
            client.send("GET /hello.txt HTTP/1.1\r\nHost: a.test\r\nConnection: close\r\n\r\n");
            assertThat(readAll(in)).startsWith("HTTP/1.1 200 OK").endsWith("Hello, world\n");
        }
    }

    @Test
    void aLargeFileArrivesWholeOverTls() throws Exception {
        byte[] content = new byte[3 * 1024 * 1024 + 7];
        new Random(42).nextBytes(content);
        Files.write(Files.createDirectories(root.resolve("htdocs")).resolve("big.bin"), content);
        start(TLS);
        try (TestClient client = TestClient.connectTls(port, "a.test")) {
            InputStream in = client.socket().getInputStream();
            client.send("GET /big.bin HTTP/1.1\r\nHost: a.test\r\n\r\n");
            String head = readHead(in);
            assertThat(head).startsWith("HTTP/1.1 200 OK").contains("Content-Length: " + content.length + "\r\n");
            assertThat(in.readNBytes(content.length)).isEqualTo(content);
            client.send("GET /big.bin HTTP/1.1\r\nHost: a.test\r\nRange: bytes=1000000-1000009\r\n\r\n");
            String range = readResponse(in);
            assertThat(range).startsWith("HTTP/1.1 206 Partial Content");
            byte[] part = range.substring(range.indexOf("\r\n\r\n") + 4).getBytes(StandardCharsets.ISO_8859_1);
            assertThat(part).isEqualTo(java.util.Arrays.copyOfRange(content, 1000000, 1000010));
        }
    }

    @Test
    void aSmugglingRequestOverTlsIsRefusedOnceAndTheConnectionCloses() throws Exception {
        start(TLS);
        try (TestClient client = TestClient.connectTls(port, "a.test")) {
            client.send("POST /hello.txt HTTP/1.1\r\nHost: a.test\r\nContent-Length: 5\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\nGET /hello.txt HTTP/1.1\r\nHost: a.test\r\n\r\n");
            String answer = readAll(client.socket().getInputStream());
            assertThat(answer).startsWith("HTTP/1.1 400 Bad Request").contains("Connection: close\r\n");
            assertThat(count(answer, "HTTP/1.1 ")).isEqualTo(1);
        }
    }

    @Test
    void anAnswerBeforeALargeUnreadBodyArrivesWholeOverTls() throws Exception {
        start(TLS);
        byte[] body = new byte[5 * 1024 * 1024];
        new Random(7).nextBytes(body);
        try (TestClient client = TestClient.connectTls(port, "a.test")) {
            InputStream in = client.socket().getInputStream();
            client.send("POST /hello.txt HTTP/1.1\r\nHost: a.test\r\nContent-Length: " + body.length + "\r\n\r\n");
            // the file is the answer; the body, too large to be read and dropped, closes the
            // connection after it, and the close must not destroy the answer the client has yet to read
            client.socket().getOutputStream().write(body);
            client.socket().getOutputStream().flush();
            String answer = readAll(in);
            assertThat(answer).startsWith("HTTP/1.1 200 OK").contains("Connection: close\r\n").endsWith("Hello, world\n");
        }
    }

    @Test
    void plainHttpToTheTlsPortGetsHttpds400() throws Exception {
        start(TLS);
        String response = raw("GET /hello.txt HTTP/1.1\r\nHost: a.test\r\n\r\n");
        assertThat(response).startsWith("HTTP/1.1 400 Bad Request\r\n").contains("Connection: close\r\n")
                .contains("Reason: You're speaking plain HTTP to an SSL-enabled server port.<br />\n"
                        + " Instead use the HTTPS scheme to access this URL, please.<br />\n")
                .doesNotContain("Hello, world");
    }

    @Test
    void redirectsNameTheHttpsScheme() throws Exception {
        Files.createDirectories(root.resolve("htdocs/dir"));
        start(TLS + "Redirect /old /hello.txt\n");
        String response = exchange("a.test", "GET /dir HTTP/1.1\r\nHost: a.test:" + port + "\r\n\r\n");
        assertThat(response).startsWith("HTTP/1.1 301").contains("Location: https://a.test:" + port + "/dir/\r\n");
        response = exchange("a.test", "GET /old HTTP/1.1\r\nHost: a.test\r\n\r\n");
        assertThat(response).startsWith("HTTP/1.1 302").contains("Location: https://a.test/hello.txt\r\n");
    }

    @Test
    void rewriteAndExpressionsSeeTheTlsVariables() throws Exception {
        htdocs("on.txt", "on\n");
        start(TLS + """
                RewriteEngine On
                RewriteCond %{HTTPS} =on
                RewriteCond %{SSL:SSL_PROTOCOL} =TLSv1.3
                RewriteRule ^/where$ /on.txt
                <If "%{HTTPS} == 'on' && %{SSL_PROTOCOL} == 'TLSv1.3'">
                    Header set X-Modern yes
                </If>
                """);
        try (TestClient client = TestClient.connectTls(port, "a.test", "TLSv1.3")) {
            client.send("GET /where HTTP/1.1\r\nHost: a.test\r\n\r\n");
            String response = readResponse(client.socket().getInputStream());
            assertThat(response).startsWith("HTTP/1.1 200 OK").contains("X-Modern: yes\r\n").endsWith("\r\non\n");
        }
        try (TestClient client = TestClient.connectTls(port, "a.test", "TLSv1.2")) {
            client.send("GET /where HTTP/1.1\r\nHost: a.test\r\n\r\n");
            String response = readResponse(client.socket().getInputStream());
            assertThat(response).startsWith("HTTP/1.1 404").doesNotContain("X-Modern");
        }
    }

    @Test
    void theEnvironmentHasHttpsAndWithStdEnvVarsTheSslVariables() throws Exception {
        htdocs("env/hello.txt", "env\n");
        start(TLS + """
                Header set X-Https "%{HTTPS}e"
                Header set X-Protocol "%{SSL_PROTOCOL}e"
                <Directory htdocs/env>
                    SSLOptions +StdEnvVars
                </Directory>
                """);
        try (TestClient client = TestClient.connectTls(port, "a.test", "TLSv1.2")) {
            InputStream in = client.socket().getInputStream();
            client.send("GET /hello.txt HTTP/1.1\r\nHost: a.test\r\n\r\n");
            assertThat(readResponse(in)).contains("X-Https: on\r\n").contains("X-Protocol: (null)\r\n");
            client.send("GET /env/hello.txt HTTP/1.1\r\nHost: a.test\r\n\r\n");
            assertThat(readResponse(in)).contains("X-Https: on\r\n").contains("X-Protocol: TLSv1.2\r\n");
        }
    }

    @Test
    void aHostWhoseTlsSettingsDifferFromTheSniHostsIsMisdirected() throws Exception {
        start(twoHosts("SSLProtocol TLSv1.2", ""));
        String response = exchange("a.test", "GET /hello.txt HTTP/1.1\r\nHost: b.test\r\n\r\n");
        assertThat(response).startsWith("HTTP/1.1 421 Misdirected Request\r\n")
                .contains("does not match\nthe Server Name Indication (SNI) in use");
        assertThat(exchange("b.test", "GET /hello.txt HTTP/1.1\r\nHost: b.test\r\n\r\n")).endsWith("Hello from b\n");
    }

    @Test
    void aHostThatAsksForClientCertificatesIsNotReachedThroughAHandshakeThatDidNot() throws Exception {
        start(twoHosts("SSLVerifyClient require\nSSLCACertificateFile tls/ca.pem", ""));
        assertThat(exchange("a.test", "GET /hello.txt HTTP/1.1\r\nHost: b.test\r\n\r\n"))
                .startsWith("HTTP/1.1 421 Misdirected Request");
        // without SNI the handshake is the default host's (a.test): no way around the certificate either
        assertThat(exchange(null, "GET /hello.txt HTTP/1.1\r\nHost: b.test\r\n\r\n"))
                .startsWith("HTTP/1.1 421 Misdirected Request");
        try (TestClient alice = TestClient.connectTlsAs(port, "b.test", "alice")) {
            alice.send("GET /hello.txt HTTP/1.1\r\nHost: b.test\r\n\r\n");
            assertThat(readResponse(alice.socket().getInputStream())).endsWith("Hello from b\n");
        }
    }

    @Test
    void hostsWithTheSameTlsSettingsShareAConnection() throws Exception {
        start(twoHosts("", ""));
        assertThat(exchange("a.test", "GET /hello.txt HTTP/1.1\r\nHost: b.test\r\n\r\n"))
                .startsWith("HTTP/1.1 200 OK").endsWith("Hello from b\n");
    }

    @Test
    void aRequestWithoutAHostOnAConnectionWithSniIsRefused() throws Exception {
        start(TLS);
        assertThat(exchange("a.test", "GET /hello.txt HTTP/1.0\r\n\r\n")).startsWith("HTTP/1.1 400 Bad Request");
        assertThat(exchange(null, "GET /hello.txt HTTP/1.0\r\n\r\n")).startsWith("HTTP/1.1 200 OK");
    }

    @Test
    void strictSniRefusesClientsThatSendNoName() throws Exception {
        start(twoHosts("", "SSLStrictSNIVHostCheck on"));
        String response = exchange(null, "GET /hello.txt HTTP/1.1\r\nHost: b.test\r\n\r\n");
        assertThat(response).startsWith("HTTP/1.1 403 Forbidden")
                .contains("Reason: The client software did not provide a hostname using Server Name Indication (SNI)");
        assertThat(exchange("b.test", "GET /hello.txt HTTP/1.1\r\nHost: b.test\r\n\r\n")).endsWith("Hello from b\n");
    }

    @Test
    void aClientCertificateCanBeRequiredByAnExpression() throws Exception {
        htdocs("private/hello.txt", "for alice\n");
        start(TLS + """
                SSLVerifyClient optional
                SSLCACertificateFile tls/ca.pem
                <Location /private>
                    Require expr %{SSL_CLIENT_VERIFY} == 'SUCCESS' && %{SSL_CLIENT_S_DN_CN} == 'alice'
                </Location>
                """);
        String request = "GET /private/hello.txt HTTP/1.1\r\nHost: a.test\r\nConnection: close\r\n\r\n";
        try (TestClient alice = TestClient.connectTlsAs(port, "a.test", "alice")) {
            alice.send(request);
            assertThat(readAll(alice.socket().getInputStream())).startsWith("HTTP/1.1 200 OK").endsWith("for alice\n");
        }
        assertThat(exchange("a.test", request)).startsWith("HTTP/1.1 403 Forbidden");
        assertThat(exchange("a.test", "GET /hello.txt HTTP/1.1\r\nHost: a.test\r\n\r\n")).startsWith("HTTP/1.1 200 OK");
    }

    /** The test's plain port, and a TLS virtual host on a second port; returns that port. */
    private int startPlainAndTls(String common, String tlsHost) throws Exception {
        int tlsPort = org.sluice.testing.TestServer.freePort();
        start("""
                LoadModule ssl
                DocumentRoot htdocs
                %2$s
                Listen 127.0.0.1:%1$d
                <VirtualHost *:%1$d>
                    ServerName a.test
                    DocumentRoot htdocs
                    SSLEngine on
                    SSLCertificateFile tls/a.test.pem
                    SSLCertificateKeyFile tls/a.test.key
                    %3$s
                </VirtualHost>
                """.formatted(tlsPort, common, tlsHost));
        return tlsPort;
    }

    private String overTls(int tlsPort, String client, String path) throws IOException {
        try (TestClient c = client == null ? TestClient.connectTls(tlsPort, "a.test")
                : TestClient.connectTlsAs(tlsPort, "a.test", client)) {
            c.send("GET " + path + " HTTP/1.1\r\nHost: a.test\r\nConnection: close\r\n\r\n");
            return readAll(c.socket().getInputStream());
        }
    }

    @Test
    void listenMayNameTheProtocolHttpsAndProtocolsMayOfferH2() throws Exception {
        int tlsPort = org.sluice.testing.TestServer.freePort();
        start("""
                LoadModule ssl
                Listen 127.0.0.1:%1$d https
                <VirtualHost _default_:%1$d>
                    ServerName a.test
                    DocumentRoot htdocs
                    SSLEngine on
                    SSLCertificateFile tls/a.test.pem
                    SSLCertificateKeyFile tls/a.test.key
                    # the rest of Mozilla's recommended virtual host: HTTP/2 is offered where there is one
                    Protocols h2 http/1.1
                    ProtocolsHonorOrder On
                    Header always set Strict-Transport-Security "max-age=63072000"
                </VirtualHost>
                """.formatted(tlsPort));
        assertThat(overTls(tlsPort, null, "/hello.txt")).startsWith("HTTP/1.1 200 OK")
                .contains("\r\nStrict-Transport-Security: max-age=63072000\r\n").endsWith("Hello, world\n");
    }

    @Test
    void sslRequireSslRefusesPlainConnectionsOnly() throws Exception {
        htdocs("account/hello.txt", "account\n");
        int tlsPort = startPlainAndTls("<Location /account>\nSSLRequireSSL\n</Location>", "");
        assertThat(raw("GET /account/hello.txt HTTP/1.1\r\nHost: a.test\r\nConnection: close\r\n\r\n"))
                .startsWith("HTTP/1.1 403 Forbidden");
        assertThat(raw("GET /hello.txt HTTP/1.1\r\nHost: a.test\r\nConnection: close\r\n\r\n"))
                .startsWith("HTTP/1.1 200 OK");
        assertThat(overTls(tlsPort, null, "/account/hello.txt")).startsWith("HTTP/1.1 200 OK").endsWith("account\n");
    }

    @Test
    void requireSslGrantsTlsConnections() throws Exception {
        htdocs("s/hello.txt", "s\n");
        int tlsPort = startPlainAndTls("<Location /s>\nRequire ssl\n</Location>", "");
        assertThat(raw("GET /s/hello.txt HTTP/1.1\r\nHost: a.test\r\nConnection: close\r\n\r\n"))
                .startsWith("HTTP/1.1 403 Forbidden");
        assertThat(overTls(tlsPort, null, "/s/hello.txt")).startsWith("HTTP/1.1 200 OK").endsWith("s\n");
    }

    @Test
    void requireSslVerifyClientGrantsVerifiedCertificatesOnly() throws Exception {
        htdocs("v/hello.txt", "v\n");
        int tlsPort = startPlainAndTls("<Location /v>\nRequire ssl-verify-client\n</Location>",
                "SSLVerifyClient optional_no_ca\nSSLCACertificateFile tls/ca.pem");
        assertThat(overTls(tlsPort, "alice", "/v/hello.txt")).startsWith("HTTP/1.1 200 OK").endsWith("v\n");
        assertThat(overTls(tlsPort, "mallory", "/v/hello.txt")).startsWith("HTTP/1.1 403 Forbidden");
        assertThat(overTls(tlsPort, null, "/v/hello.txt")).startsWith("HTTP/1.1 403 Forbidden");
    }

    @Test
    void sslUserNameNamesTheUserByTheClientCertificate() throws Exception {
        start(TLS + """
                SSLVerifyClient optional
                SSLCACertificateFile tls/ca.pem
                SSLUserName SSL_CLIENT_S_DN_CN
                SSLOptions +ExportCertData
                CustomLog logs/user_log "%u %{SSL_TLS_SNI}e %{SSL_CLIENT_CERT}e"
                """);
        try (TestClient alice = TestClient.connectTlsAs(port, "a.test", "alice")) {
            alice.send("GET /hello.txt HTTP/1.1\r\nHost: a.test\r\nConnection: close\r\n\r\n");
            assertThat(readAll(alice.socket().getInputStream())).startsWith("HTTP/1.1 200 OK");
        }
        Path log = root.resolve("logs/user_log");
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(log) && Files.size(log) > 0);
        assertThat(Files.readString(log)).startsWith("alice a.test -----BEGIN CERTIFICATE-----\\n")
                .endsWith("-----END CERTIFICATE-----\\n\n");
    }

    @Test
    void requireSslTakesNoArguments() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> start(TLS + "<Location /x>\nRequire ssl yes\n</Location>\n"))
                .hasMessageContaining("'Require ssl' does not take arguments");
    }

    @Test
    void theAccessLogHasTheSchemesPortAndTheTlsVariables() throws Exception {
        start(TLS + "CustomLog logs/tls_log \"%p %{SSL_PROTOCOL}x %r %>s\"\n");
        exchange("a.test", "GET /hello.txt HTTP/1.1\r\nHost: a.test\r\nConnection: close\r\n\r\n");
        Path log = root.resolve("logs/tls_log");
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(log) && Files.size(log) > 0);
        assertThat(Files.readString(log)).startsWith("443 TLSv1.3 GET /hello.txt HTTP/1.1 200\n");
    }
}
