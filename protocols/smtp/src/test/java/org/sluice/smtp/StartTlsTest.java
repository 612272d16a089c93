package org.sluice.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sluice.testing.TestServer;

/** STARTTLS (RFC 3207) with the host's certificate, and what must never pass through it. */
class StartTlsTest {

    @TempDir
    Path root;

    @Test
    void startTlsIsOfferedWhenTheHostHasACertificate() throws Exception {
        try (TestServer server = SmtpServers.start(root, SmtpServers.CERTIFICATE);
                SmtpClient client = SmtpClient.connect(server.port(0))) {
            client.expect(220);
            assertThat(client.command("EHLO client.test").lines()).contains("STARTTLS").doesNotContain("AUTH PLAIN LOGIN");
        }
    }

    @Test
    void startTlsIsNotOfferedWithoutACertificate() throws Exception {
        try (TestServer server = SmtpServers.start(root);
                SmtpClient client = SmtpClient.greeted(server.port(0))) {
            assertThat(client.command("EHLO client.test").lines()).doesNotContain("STARTTLS");
            assertThat(client.command("STARTTLS").toString()).isEqualTo("502 5.5.1 STARTTLS not available");
        }
    }

    @Test
    void theSessionGoesOnOverTlsWithTheHostsCertificate() throws Exception {
        try (TestServer server = SmtpServers.start(root, SmtpServers.CERTIFICATE);
                SmtpClient client = SmtpClient.greeted(server.port(0))) {
            assertThat(client.command("STARTTLS").toString()).isEqualTo("220 2.0.0 Ready to start TLS");
            client.startTls("a.test");
            assertThat(client.tlsSocket().getSession().getPeerPrincipal().getName()).contains("CN=a.test");
            client.command("EHLO client.test").expect(250);
            client.command("MAIL FROM:<a@example.org>").expect(250);
            client.command("RCPT TO:<b@localhost>").expect(250);
            client.command("DATA").expect(354);
            client.send("over TLS").send(".").expect(250);
        }
        String headers = SmtpServers.traceHeaders(SmtpServers.onlyMessage(root));
        assertThat(headers).contains(" with ESMTPS id ").containsPattern(
                "\r\n\t\\(using TLSv1\\.[23] with cipher [A-Z0-9_-]+ \\((128|256)/(128|256) bits\\)\\)\r\n\tby ");
    }

    @Test
    void afterStartTlsTheClientMustSayEhloAgainAndStartTlsIsNotOfferedAgain() throws Exception {
        try (TestServer server = SmtpServers.start(root, SmtpServers.CERTIFICATE);
                SmtpClient client = SmtpClient.greeted(server.port(0))) {
            client.command("MAIL FROM:<a@example.org>").expect(250);
            client.command("STARTTLS").expect(220);
            client.startTls("a.test");
            // the plain-text hello and transaction are forgotten
            assertThat(client.command("MAIL FROM:<a@example.org>").toString()).isEqualTo("503 5.5.1 Send EHLO or HELO first");
            assertThat(client.command("EHLO client.test").lines()).doesNotContain("STARTTLS").contains("AUTH PLAIN LOGIN");
            assertThat(client.command("STARTTLS").toString()).isEqualTo("503 5.5.1 TLS already active");
        }
    }

    @Test
    void plainTextPipelinedAfterStartTlsIsNeverReadAsACommand() throws Exception {
        try (TestServer server = SmtpServers.start(root, SmtpServers.CERTIFICATE);
                SmtpClient client = SmtpClient.greeted(server.port(0))) {
            // a man in the middle appends a command to the client's STARTTLS (CVE-2011-0411)
            client.sendRaw("STARTTLS\r\nRSET\r\n".getBytes(StandardCharsets.US_ASCII));
            client.expect(220);
            // were RSET read after the handshake, its 250 would be the first thing over TLS;
            // instead the connection fails before any TLS
            assertThatThrownBy(() -> {
                client.startTls("a.test");
                client.command("NOOP");
            }).isInstanceOf(IOException.class);
        }
    }

    @Test
    void aClientThatSpeaksPlainTextAfterReadyIsDisconnected() throws Exception {
        try (TestServer server = SmtpServers.start(root, SmtpServers.CERTIFICATE);
                SmtpClient client = SmtpClient.greeted(server.port(0))) {
            client.command("STARTTLS").expect(220);
            client.send("EHLO client.test");
            assertThat(client.closedByServer()).isTrue();
        }
    }

    @Test
    void sslEngineOnMeansTlsFromTheFirstByteAndNoStartTls() throws Exception {
        try (TestServer server = SmtpServers.start(root, SmtpServers.CERTIFICATE + "SSLEngine on\n");
                org.sluice.testing.TestClient client = org.sluice.testing.TestClient.connectTls(server.port(0), "a.test")) {
            assertThat(client.readLine()).isEqualTo("220 mx.test ESMTP Sluice");
            client.send("EHLO client.test\r\n");
            StringBuilder lines = new StringBuilder();
            String line;
            do {
                line = client.readLine();
                lines.append(line).append('\n');
            } while (line.startsWith("250-"));
            assertThat(lines.toString()).doesNotContain("STARTTLS").contains("250-AUTH PLAIN LOGIN");
        }
    }
}
