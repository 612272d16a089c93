package org.sluice.internal.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sluice.testing.ServerNameHandler;
import org.sluice.testing.TestCertificates;
import org.sluice.testing.TestClient;
import org.sluice.testing.TestServer;

/** {@code SSLVerifyClient}: client certificates asked for, verified against the CAs, and logged. */
class ClientCertificateTest {

    @TempDir
    Path root;

    private final int port = TestServer.freePort();

    @BeforeEach
    void certificates() {
        TestCertificates.copyTo(root);
    }

    private String config(String verify) {
        return """
                LoadModule ssl
                Listen 127.0.0.1:%d
                Timeout 5
                GracefulShutdownTimeout 1
                ProtocolHandler %s
                ServerName a.test
                SSLEngine on
                SSLCertificateFile tls/a.test.pem
                SSLCertificateKeyFile tls/a.test.key
                CustomLog logs/tls.log "%%{SSL_CLIENT_VERIFY}x|%%{SSL_CLIENT_S_DN}x|%%{SSL_CLIENT_S_DN_CN}x|%%{SSL_CLIENT_I_DN_CN}x|%%{SSL_CLIENT_M_SERIAL}x"
                %s
                """.formatted(port, ServerNameHandler.class.getName(), verify);
    }

    /** Connects (as {@code client}, or with no certificate if null) and returns the access log's line for it. */
    private String logged(String client) throws Exception {
        Path log = root.resolve("logs/tls.log");
        long before = lines(log);
        try (TestClient c = client == null ? TestClient.connectTls(port, "a.test")
                : TestClient.connectTlsAs(port, "a.test", client)) {
            assertThat(c.readLine()).isEqualTo("a.test");
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> lines(log) > before);
        java.util.List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
        return all.get(all.size() - 1) + "\n";
    }

    private static long lines(Path log) throws IOException {
        return Files.exists(log) ? Files.readAllLines(log, StandardCharsets.UTF_8).size() : 0;
    }

    /** The connection never gets to the protocol: the handshake fails, or the server closes before answering. */
    private static void refused(Callable<TestClient> connect) {
        assertThatThrownBy(() -> {
            try (TestClient c = connect.call()) {
                String line = c.readLine();
                if (line == null) {
                    throw new IOException("closed without an answer");
                }
            }
        }).isInstanceOf(IOException.class);
    }

    private static String serial(String name) {
        String hex = TestCertificates.certificate(name).getSerialNumber().toString(16).toUpperCase(java.util.Locale.ROOT);
        return hex.length() % 2 == 0 ? hex : "0" + hex;
    }

    @Test
    void requireTakesACertificateTheCaSignedAndLogsIt() throws Exception {
        try (TestServer server = TestServer.start(root, config("SSLVerifyClient require\nSSLCACertificateFile tls/ca.pem"))) {
            assertThat(logged("alice")).isEqualTo("SUCCESS|CN=alice,O=Example|alice|Sluice Test CA|" + serial("alice") + "\n");
        }
    }

    @Test
    void requireRefusesAClientWithoutACertificate() throws Exception {
        try (TestServer server = TestServer.start(root, config("SSLVerifyClient require\nSSLCACertificateFile tls/ca.pem"))) {
            refused(() -> TestClient.connectTls(port, "a.test"));
            await().atMost(Duration.ofSeconds(10)).until(() -> server.server().openConnections() == 0);
        }
    }

    @Test
    void requireRefusesACertificateNoTrustedCaSigned() throws Exception {
        try (TestServer server = TestServer.start(root, config("SSLVerifyClient require\nSSLCACertificateFile tls/ca.pem"))) {
            refused(() -> TestClient.connectTlsAs(port, "a.test", "mallory"));
        }
    }

    @Test
    void theCasMayComeFromADirectory() throws Exception {
        Path cas = Files.createDirectories(root.resolve("cas"));
        Files.copy(root.resolve("tls/ca.pem"), cas.resolve("test-ca.pem"));
        try (TestServer server = TestServer.start(root, config("SSLVerifyClient require\nSSLCACertificatePath cas"))) {
            assertThat(logged("alice")).startsWith("SUCCESS|CN=alice,O=Example|");
        }
    }

    @Test
    void optionalLetsAClientWithoutACertificateIn() throws Exception {
        try (TestServer server = TestServer.start(root, config("SSLVerifyClient optional\nSSLCACertificateFile tls/ca.pem"))) {
            assertThat(logged(null)).isEqualTo("NONE|-|-|-|-\n");
            assertThat(logged("alice")).startsWith("SUCCESS|");
            refused(() -> TestClient.connectTlsAs(port, "a.test", "mallory"));
        }
    }

    @Test
    void optionalNoCaTakesAnyCertificateAndSaysWhetherTheCasVouchForIt() throws Exception {
        try (TestServer server = TestServer.start(root,
                config("SSLVerifyClient optional_no_ca\nSSLCACertificateFile tls/ca.pem"))) {
            assertThat(logged("mallory")).startsWith("GENEROUS|CN=mallory|mallory|mallory|");
            assertThat(logged("alice")).startsWith("SUCCESS|CN=alice,O=Example|");
        }
    }

    @Test
    void verifyingClientsWithoutACaIsRefused() {
        assertThatThrownBy(() -> TestServer.check(root, config("SSLVerifyClient require")))
                .hasMessageContaining("no CA to verify client certificates against");
        assertThatThrownBy(() -> TestServer.check(root, config("<Location /x>\nSSLVerifyClient require\n</Location>")))
                .hasMessageContaining("SSLVerifyClient in a section would need a renegotiation");
        assertThatThrownBy(() -> TestServer.check(root, config("SSLVerifyClient sometimes")))
                .hasMessageContaining("SSLVerifyClient: Invalid argument 'sometimes'");
    }

    private static final String REVOKING_CA = "SSLVerifyClient require\nSSLCACertificateFile tls/crl-ca.pem\n";

    @Test
    void aCertificateTheCrlRevokesIsRefused() throws Exception {
        try (TestServer server = TestServer.start(root,
                config(REVOKING_CA + "SSLCARevocationFile tls/crl-ca.crl\nSSLCARevocationCheck chain"))) {
            assertThat(logged("bob")).startsWith("SUCCESS|CN=bob,O=Sluice tests|bob|Sluice Test Revoking CA|");
            refused(() -> TestClient.connectTlsAs(port, "a.test", "eve"));
        }
    }

    @Test
    void crlsAreNotCheckedUnlessSslCaRevocationCheckAsks() throws Exception {
        // as in httpd 2.4: the check's default is none, whatever CRLs are configured
        try (TestServer server = TestServer.start(root, config(REVOKING_CA + "SSLCARevocationFile tls/crl-ca.crl"))) {
            assertThat(logged("eve")).startsWith("SUCCESS|CN=eve,O=Sluice tests|");
        }
    }

    @Test
    void theCrlsMayComeFromADirectoryAndLeafChecksTheClientsOwnCertificate() throws Exception {
        Path crls = Files.createDirectories(root.resolve("crl"));
        Files.copy(root.resolve("tls/crl-ca.crl"), crls.resolve("revoking-ca.crl"));
        Files.writeString(crls.resolve("README"), "CRLs of the client CAs\n");
        try (TestServer server = TestServer.start(root,
                config(REVOKING_CA + "SSLCARevocationPath crl\nSSLCARevocationCheck leaf"))) {
            assertThat(logged("bob")).startsWith("SUCCESS|");
            refused(() -> TestClient.connectTlsAs(port, "a.test", "eve"));
        }
    }

    @Test
    void aCertificateWhoseCaHasNoCrlIsRefusedUnlessNoCrlForCertOk() throws Exception {
        Path cas = Files.createDirectories(root.resolve("cas"));
        Files.copy(root.resolve("tls/ca.pem"), cas.resolve("test-ca.pem"));
        Files.copy(root.resolve("tls/crl-ca.pem"), cas.resolve("revoking-ca.pem"));
        String both = "SSLVerifyClient require\nSSLCACertificatePath cas\nSSLCARevocationFile tls/crl-ca.crl\n";
        try (TestServer server = TestServer.start(root, config(both + "SSLCARevocationCheck chain"))) {
            refused(() -> TestClient.connectTlsAs(port, "a.test", "alice"));
            assertThat(logged("bob")).startsWith("SUCCESS|");
        }
        try (TestServer server = TestServer.start(root, config(both + "SSLCARevocationCheck chain no_crl_for_cert_ok"))) {
            assertThat(logged("alice")).startsWith("SUCCESS|CN=alice,O=Example|");
            refused(() -> TestClient.connectTlsAs(port, "a.test", "eve"));
        }
    }

    @Test
    void optionalNoCaStillRefusesARevokedCertificate() throws Exception {
        try (TestServer server = TestServer.start(root, config("SSLVerifyClient optional_no_ca\n"
                + "SSLCACertificateFile tls/crl-ca.pem\nSSLCARevocationFile tls/crl-ca.crl\nSSLCARevocationCheck leaf"))) {
            assertThat(logged("mallory")).startsWith("GENEROUS|CN=mallory|");
            assertThat(logged("bob")).startsWith("SUCCESS|");
            refused(() -> TestClient.connectTlsAs(port, "a.test", "eve"));
        }
    }

    @Test
    void revocationSettingsAreCheckedWhenTheConfigurationIsRead() {
        assertThatThrownBy(() -> TestServer.check(root, config(REVOKING_CA + "SSLCARevocationCheck chain")))
                .hasMessageContaining("CRL checking has been enabled, but neither SSLCARevocationFile nor"
                        + " SSLCARevocationPath is configured");
        assertThatThrownBy(() -> TestServer.check(root, config(REVOKING_CA + "SSLCARevocationCheck sometimes")))
                .hasMessageContaining("SSLCARevocationCheck: Invalid argument 'sometimes'");
        assertThatThrownBy(() -> TestServer.check(root, config(REVOKING_CA + "SSLCARevocationCheck leaf lenient")))
                .hasMessageContaining("SSLCARevocationCheck: Invalid argument 'lenient'");
        assertThatThrownBy(() -> TestServer.check(root,
                config(REVOKING_CA + "SSLCARevocationFile tls/crl-ca.pem\nSSLCARevocationCheck leaf")))
                .hasMessageContaining("No CRL found in");
        assertThatThrownBy(() -> TestServer.check(root, config(REVOKING_CA + "SSLCARevocationFile tls/none.crl")))
                .hasMessageContaining("SSLCARevocationFile: file '" + root.resolve("tls/none.crl") + "' does not exist");
    }
}
