package org.sluice.internal.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import javax.net.ssl.SSLException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sluice.config.ConfigException;
import org.sluice.testing.LineEchoHandler;
import org.sluice.testing.ServerNameHandler;
import org.sluice.testing.TestCertificates;
import org.sluice.testing.TestClient;
import org.sluice.testing.TestServer;

/**
 * TLS for any protocol: the handshake before the protocol starts, the virtual host chosen by
 * SNI, and what is refused (plain text, a broken or missing handshake, bad certificates).
 */
class TlsTest {

    @TempDir
    Path root;

    private final int port = TestServer.freePort();

    @BeforeEach
    void certificates() {
        TestCertificates.copyTo(root);
    }

    /** Two name-based TLS hosts, a.test (the default) and b.test, answering with their names. */
    private String twoHosts(String extra) {
        return """
                LoadModule ssl
                Listen 127.0.0.1:%1$d
                Timeout 5
                GracefulShutdownTimeout 1
                ProtocolHandler %2$s
                %3$s
                <VirtualHost *:%1$d>
                    ServerName a.test
                    SSLEngine on
                    SSLCertificateFile tls/a.test.pem
                    SSLCertificateKeyFile tls/a.test.key
                </VirtualHost>
                <VirtualHost *:%1$d>
                    ServerName b.test
                    SSLEngine on
                    SSLCertificateFile tls/b.test.pem
                    SSLCertificateKeyFile tls/b.test.key
                </VirtualHost>
                """.formatted(port, ServerNameHandler.class.getName(), extra);
    }

    private String oneHost(String handler, String sslLines) {
        return """
                LoadModule ssl
                Listen 127.0.0.1:%d
                Timeout 5
                GracefulShutdownTimeout 1
                ProtocolHandler %s
                SSLEngine on
                %s
                """.formatted(port, handler, sslLines);
    }

    private static final String A_FILES = "SSLCertificateFile tls/a.test.pem\nSSLCertificateKeyFile tls/a.test.key\n";

    @Test
    void sniChoosesTheVirtualHostAndItsCertificate() throws Exception {
        try (TestServer server = TestServer.start(root, twoHosts(""));
             TestClient client = TestClient.connectTls(port, "b.test")) {
            assertThat(client.tlsSession().getPeerCertificates()[0]).isEqualTo(TestCertificates.certificate("b.test"));
            assertThat(client.readLine()).isEqualTo("b.test");
        }
    }

    @Test
    void aClientThatSendsNoNameGetsTheAddresssDefaultHost() throws Exception {
        try (TestServer server = TestServer.start(root, twoHosts(""));
             TestClient client = TestClient.connectTls(port, null)) {
            assertThat(client.tlsSession().getPeerCertificates()[0]).isEqualTo(TestCertificates.certificate("a.test"));
            assertThat(client.readLine()).isEqualTo("a.test");
        }
    }

    @Test
    void aNameNoHostHasGetsTheDefaultHost() throws Exception {
        try (TestServer server = TestServer.start(root, twoHosts(""));
             TestClient client = TestClient.connectTls(port, "c.test")) {
            assertThat(client.readLine()).isEqualTo("a.test");
        }
    }

    @Test
    void aLineProtocolRunsOverTls() throws Exception {
        try (TestServer server = TestServer.start(root, oneHost(LineEchoHandler.class.getName(), A_FILES));
             TestClient client = TestClient.connectTls(port, "a.test")) {
            client.send("hello over TLS\n");
            assertThat(client.readLine()).isEqualTo("hello over TLS");
            client.send("and again\n");
            assertThat(client.readLine()).isEqualTo("and again");
        }
    }

    @Test
    void plainTextToATlsAddressIsClosedUnanswered() throws Exception {
        try (TestServer server = TestServer.start(root, oneHost(LineEchoHandler.class.getName(), A_FILES))) {
            try (TestClient plain = TestClient.connect(port)) {
                plain.send("hello\n");
                assertThat(plain.readToEnd()).isEmpty();
            }
            try (TestClient client = TestClient.connectTls(port, "a.test")) {
                client.send("still serving\n");
                assertThat(client.readLine()).isEqualTo("still serving");
            }
        }
    }

    @Test
    void aBrokenHandshakeClosesTheConnectionAndIsNotCountedAsOpen() throws Exception {
        try (TestServer server = TestServer.start(root, twoHosts(""))) {
            try (TestClient broken = TestClient.connect(port)) {
                // a TLS handshake record whose content is not a ClientHello
                broken.socket().getOutputStream().write(new byte[] {0x16, 0x03, 0x01, 0x00, 0x05, 1, 2, 3, 4, 5});
                broken.socket().getOutputStream().flush();
                int first = broken.read();
                // an alert at most, then the end
                if (first >= 0) {
                    assertThat(first).isEqualTo(0x15);
                    broken.readToEnd();
                }
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> server.server().openConnections() == 0);
            try (TestClient client = TestClient.connectTls(port, "b.test")) {
                assertThat(client.readLine()).isEqualTo("b.test");
            }
        }
    }

    @Test
    void aClientHelloLongerThanTheLimitIsRefused() throws Exception {
        // a Timeout longer than the wait below: only the limit can end this connection in time
        try (TestServer server = TestServer.start(root, twoHosts("Timeout 60"));
             TestClient client = TestClient.connect(port)) {
            // a record that starts a ClientHello announcing 1 MiB: it is never buffered whole
            byte[] record = new byte[5 + 4 + 1000];
            record[0] = 0x16;
            record[1] = 0x03;
            record[2] = 0x01;
            record[3] = (byte) ((4 + 1000) >> 8);
            record[4] = (byte) (4 + 1000);
            record[5] = 0x01;
            record[6] = 0x10;
            client.socket().getOutputStream().write(record);
            client.socket().getOutputStream().flush();
            int first = client.read();
            if (first >= 0) {
                assertThat(first).isEqualTo(0x15);
                client.readToEnd();
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> server.server().openConnections() == 0);
        }
    }

    @Test
    void aClientThatNeverStartsTheHandshakeIsClosedAfterTheTimeout() throws Exception {
        try (TestServer server = TestServer.start(root, twoHosts("Timeout 1"));
             TestClient silent = TestClient.connect(port)) {
            assertThat(silent.read()).isEqualTo(-1);
            await().atMost(Duration.ofSeconds(10)).until(() -> server.server().openConnections() == 0);
        }
    }

    @Test
    void sslProtocolLimitsTheVersions() throws Exception {
        try (TestServer server = TestServer.start(root, oneHost(LineEchoHandler.class.getName(),
                A_FILES + "SSLProtocol -all +TLSv1.2\n"))) {
            try (TestClient client = TestClient.connectTls(port, "a.test")) {
                assertThat(client.tlsSession().getProtocol()).isEqualTo("TLSv1.2");
            }
            assertThatThrownBy(() -> TestClient.connectTls(port, "a.test", "TLSv1.3")).isInstanceOf(SSLException.class);
        }
    }

    @Test
    void sslCipherSuiteNamesTheSuitesBeforeTls13AndLeavesTls13s() throws Exception {
        try (TestServer server = TestServer.start(root, oneHost(LineEchoHandler.class.getName(),
                A_FILES + "SSLCipherSuite HIGH:!aNULL:ECDHE-RSA-AES128-GCM-SHA256\n"))) {
            try (TestClient client = TestClient.connectTls(port, "a.test", "TLSv1.2")) {
                assertThat(client.tlsSession().getCipherSuite()).isEqualTo("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256");
            }
            try (TestClient client = TestClient.connectTls(port, "a.test", "TLSv1.3")) {
                assertThat(client.tlsSession().getProtocol()).isEqualTo("TLSv1.3");
            }
        }
    }

    @Test
    void sslCipherSuiteForTls13NamesTls13sSuites() throws Exception {
        try (TestServer server = TestServer.start(root, oneHost(LineEchoHandler.class.getName(),
                A_FILES + "SSLCipherSuite TLSv1.3 TLS_CHACHA20_POLY1305_SHA256\n"));
             TestClient client = TestClient.connectTls(port, "a.test", "TLSv1.3")) {
            assertThat(client.tlsSession().getCipherSuite()).isEqualTo("TLS_CHACHA20_POLY1305_SHA256");
        }
    }

    @Test
    void sslCipherSuiteInASectionIsRefused() {
        assertThatThrownBy(() -> TestServer.check(root, oneHost(LineEchoHandler.class.getName(),
                A_FILES + "<Location /x>\nSSLCipherSuite AES256-SHA\n</Location>\n")))
                .hasMessageContaining("SSLCipherSuite in a section would need a renegotiation");
    }

    @Test
    void theAccessLogShowsTheTlsVariables() throws Exception {
        String log = "CustomLog logs/tls.log \"%{SSL_PROTOCOL}x %{SSL_TLS_SNI}x %{SSL_CIPHER}x %{NO_SUCH}x\"";
        try (TestServer server = TestServer.start(root, twoHosts(log));
             TestClient client = TestClient.connectTls(port, "b.test", "TLSv1.3")) {
            assertThat(client.readLine()).isEqualTo("b.test");
            assertThat(client.read()).isEqualTo(-1);
            Path file = root.resolve("logs/tls.log");
            await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(file) && Files.size(file) > 0);
            String cipher = client.tlsSession().getCipherSuite();
            assertThat(Files.readString(file, StandardCharsets.UTF_8)).isEqualTo("TLSv1.3 b.test " + cipher + " -\n");
        }
    }

    @Test
    void aProxyProtocolHeaderComesBeforeTheHandshake() throws Exception {
        String log = "RemoteIPProxyProtocol On\nCustomLog logs/tls.log \"%a %{c}a %{SSL_TLS_SNI}x\"";
        byte[] header = ("PROXY TCP4 192.0.2.7 127.0.0.1 5000 " + port + "\r\n").getBytes(StandardCharsets.US_ASCII);
        try (TestServer server = TestServer.start(root, twoHosts(log));
             TestClient client = TestClient.connectTlsAfter(port, header, "b.test")) {
            assertThat(client.readLine()).isEqualTo("b.test");
            assertThat(client.read()).isEqualTo(-1);
            Path file = root.resolve("logs/tls.log");
            await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(file) && Files.size(file) > 0);
            assertThat(Files.readString(file, StandardCharsets.UTF_8)).isEqualTo("192.0.2.7 127.0.0.1 b.test\n");
        }
    }

    @Test
    void aGracefulRestartServesARenewedCertificate() throws Exception {
        try (TestServer server = TestServer.start(root, oneHost(LineEchoHandler.class.getName(), A_FILES))) {
            try (TestClient client = TestClient.connectTls(port, "a.test")) {
                assertThat(client.tlsSession().getPeerCertificates()[0]).isEqualTo(TestCertificates.certificate("a.test"));
            }
            // as after a renewal: the files named in the configuration now hold another certificate
            Files.copy(root.resolve("tls/b.test.pem"), root.resolve("tls/a.test.pem"),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            Files.copy(root.resolve("tls/b.test.key"), root.resolve("tls/a.test.key"),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            server.reload(oneHost(LineEchoHandler.class.getName(), A_FILES));
            try (TestClient client = TestClient.connectTls(port, "a.test")) {
                assertThat(client.tlsSession().getPeerCertificates()[0]).isEqualTo(TestCertificates.certificate("b.test"));
                client.send("renewed\n");
                assertThat(client.readLine()).isEqualTo("renewed");
            }
        }
    }

    @Test
    void aPkcs1RsaKeyIsAccepted() throws Exception {
        try (TestServer server = TestServer.start(root, oneHost(LineEchoHandler.class.getName(),
                "SSLCertificateFile tls/a.test.pem\nSSLCertificateKeyFile tls/a.test.pkcs1.key\n"));
             TestClient client = TestClient.connectTls(port, "a.test")) {
            client.send("pkcs1\n");
            assertThat(client.readLine()).isEqualTo("pkcs1");
        }
    }

    @Test
    void aCertificateThatDoesNotNameTheServerIsWarnedOf() throws Exception {
        ch.qos.logback.classic.Logger ssl = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("org.sluice.ssl");
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> logged =
                new ch.qos.logback.core.read.ListAppender<>();
        logged.start();
        ssl.addAppender(logged);
        try {
            // said when the configuration takes effect, as mod_ssl does; -t says only whether it is valid
            TestServer.check(root, oneHost(LineEchoHandler.class.getName(), "ServerName other.test\n" + A_FILES));
            assertThat(logged.list).isEmpty();
            try (TestServer server = TestServer.start(root,
                    oneHost(LineEchoHandler.class.getName(), "ServerName other.test\n" + A_FILES))) {
                assertThat(server.server().openConnections()).isZero();
            }
            try (TestServer server = TestServer.start(root,
                    oneHost(LineEchoHandler.class.getName(), "ServerName a.test\n" + A_FILES))) {
                assertThat(server.server().openConnections()).isZero();
            }
        } finally {
            ssl.detachAppender(logged);
        }
        assertThat(logged.list).extracting(ch.qos.logback.classic.spi.ILoggingEvent::getFormattedMessage)
                .filteredOn(m -> m.contains("does NOT include an ID"))
                .singleElement().satisfies(m -> assertThat(m)
                        .contains("other.test server certificate does NOT include an ID which matches the server name"
                                + " (it names a.test)"));
    }

    @Test
    void aHostWithTlsButNoCertificateIsRefused() {
        assertThatThrownBy(() -> TestServer.check(root, oneHost(LineEchoHandler.class.getName(), "")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("SSLEngine on: no certificate configured")
                .hasMessageContaining("SSLCertificateFile");
    }

    @Test
    void aMissingCertificateFileIsRefusedAtItsLine() {
        assertThatThrownBy(() -> TestServer.check(root, oneHost(LineEchoHandler.class.getName(),
                "SSLCertificateFile tls/none.pem\n")))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).location().line()).isEqualTo(7))
                .hasMessageContaining("SSLCertificateFile: file '" + root.resolve("tls/none.pem") + "' does not exist or is empty");
    }

    @Test
    void aKeyThatIsNotTheCertificatesIsRefused() {
        assertThatThrownBy(() -> TestServer.check(root, oneHost(LineEchoHandler.class.getName(),
                "SSLCertificateFile tls/a.test.pem\nSSLCertificateKeyFile tls/b.test.key\n")))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).location().line()).isEqualTo(8))
                .hasMessageContaining("do not match");
    }

    @Test
    void anEncryptedKeyIsRefusedSayingHowToDecryptIt() {
        assertThatThrownBy(() -> TestServer.check(root, oneHost(LineEchoHandler.class.getName(),
                "SSLCertificateFile tls/a.test.pem\nSSLCertificateKeyFile tls/a.test.encrypted.key\n")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("is encrypted")
                .hasMessageContaining("openssl pkey");
    }

    @Test
    void directiveMistakesAreRefusedInHttpdsWords() {
        assertThatThrownBy(() -> TestServer.check(root, oneHost(LineEchoHandler.class.getName(),
                A_FILES + "SSLProtocol +TLSv9\n")))
                .hasMessageContaining("SSLProtocol: Illegal protocol 'TLSv9'");
        assertThatThrownBy(() -> TestServer.check(root, "LoadModule ssl\nSSLEngine maybe\n"))
                .hasMessageContaining("Argument must be On, Off, or Optional");
        assertThatThrownBy(() -> TestServer.check(root, "LoadModule ssl\nSSLOptions +StdEnvVars +Bogus\n"))
                .hasMessageContaining("SSLOptions: Illegal option 'Bogus'");
        assertThatThrownBy(() -> TestServer.check(root, "LoadModule ssl\nSSLProtocol -all +TLSv1.2 +SSLv2\n"))
                .hasMessageContaining("SSLProtocol: SSLv2 is no longer supported");
    }

    @Test
    void httpdsStockSslSettingsAreAccepted() throws Exception {
        TestServer.check(root, oneHost(LineEchoHandler.class.getName(), A_FILES + """
                SSLRandomSeed startup builtin
                SSLRandomSeed connect file:/dev/urandom 512
                SSLPassPhraseDialog exec:/usr/share/apache2/ask-for-passphrase
                SSLSessionCache shmcb:/tmp/ssl_scache(512000)
                SSLSessionCacheTimeout 300
                SSLCipherSuite HIGH:!aNULL
                SSLProtocol all -SSLv3
                SSLSessionTickets off
                SSLHonorCipherOrder on
                SSLCompression off
                """));
    }

    /** Makes a TLS 1.3 handshake offering only the key exchange {@code groups}. */
    private void handshakeOffering(String... groups) throws IOException {
        try (java.net.Socket plain = new java.net.Socket("127.0.0.1", port);
             javax.net.ssl.SSLSocket socket = (javax.net.ssl.SSLSocket) TestCertificates.clientContext()
                     .getSocketFactory().createSocket(plain, "a.test", port, true)) {
            javax.net.ssl.SSLParameters parameters = socket.getSSLParameters();
            parameters.setServerNames(java.util.List.of(new javax.net.ssl.SNIHostName("a.test")));
            parameters.setNamedGroups(groups);
            socket.setSSLParameters(parameters);
            socket.startHandshake();
        }
    }

    @Test
    void sslOpenSslConfCmdGroupsLimitsTheKeyExchange() throws Exception {
        try (TestServer server = TestServer.start(root, oneHost(LineEchoHandler.class.getName(), A_FILES))) {
            handshakeOffering("x25519");
        }
        try (TestServer server = TestServer.start(root, oneHost(LineEchoHandler.class.getName(),
                A_FILES + "SSLOpenSSLConfCmd Curves secp384r1:P-521\n"))) {
            handshakeOffering("secp384r1");
            handshakeOffering("secp521r1");
            assertThatThrownBy(() -> handshakeOffering("x25519")).isInstanceOf(IOException.class);
        }
    }

    @Test
    void sslOpenSslConfCmdRefusesWhatTheJdkCannotDo() {
        assertThatThrownBy(() -> TestServer.check(root, oneHost(LineEchoHandler.class.getName(),
                A_FILES + "SSLOpenSSLConfCmd Groups X25519:brainpool-nonesuch\n")))
                .hasMessageContaining("the JVM does not support the group 'brainpool-nonesuch'")
                .hasMessageContaining("x25519");
        assertThatThrownBy(() -> TestServer.check(root, oneHost(LineEchoHandler.class.getName(),
                A_FILES + "SSLOpenSSLConfCmd Options -SessionTicket\n")))
                .hasMessageContaining("SSLOpenSSLConfCmd Options: only Curves and Groups are supported");
    }

    @Test
    void mozillasIntermediateConfigurationIsServed() throws Exception {
        // https://ssl-config.mozilla.org/ for Apache 2.4, with its stapling lines
        String mozilla = A_FILES + """
                SSLProtocol -all +TLSv1.2 +TLSv1.3
                SSLOpenSSLConfCmd Curves X25519:prime256v1:secp384r1
                SSLCipherSuite ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305:DHE-RSA-AES128-GCM-SHA256:DHE-RSA-AES256-GCM-SHA384:DHE-RSA-CHACHA20-POLY1305
                SSLHonorCipherOrder off
                SSLSessionTickets off
                SSLUseStapling On
                SSLStaplingCache "shmcb:logs/ssl_stapling(32768)"
                """;
        ch.qos.logback.classic.Logger ssl = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("org.sluice.ssl");
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> logged =
                new ch.qos.logback.core.read.ListAppender<>();
        logged.start();
        ssl.addAppender(logged);
        try (TestServer server = TestServer.start(root, oneHost(LineEchoHandler.class.getName(), mozilla))) {
            try (TestClient client = TestClient.connectTls(port, "a.test", "TLSv1.2")) {
                assertThat(client.tlsSession().getCipherSuite()).isEqualTo("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256");
            }
            try (TestClient client = TestClient.connectTls(port, "a.test")) {
                assertThat(client.tlsSession().getProtocol()).isEqualTo("TLSv1.3");
            }
        } finally {
            ssl.detachAppender(logged);
        }
        assertThat(logged.list).extracting(ch.qos.logback.classic.spi.ILoggingEvent::getFormattedMessage)
                .anySatisfy(m -> assertThat(m).contains("SSLUseStapling on: OCSP responses are not stapled"));
    }

    @Test
    void staplingIsRefusedForACertificateThatDemandsIt() {
        assertThatThrownBy(() -> TestServer.check(root, oneHost(LineEchoHandler.class.getName(),
                "SSLCertificateFile tls/must-staple.test.pem\nSSLCertificateKeyFile tls/must-staple.test.key\n"
                        + "SSLUseStapling on\n")))
                .hasMessageContaining("demands OCSP stapling (TLS feature status_request), which Sluice does not do");
    }
}
