package org.sluice.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sluice.testing.TestServer;

/** MAIL FROM and RCPT TO: who may send to whom, and how many. */
class EnvelopeTest {

    @TempDir
    Path root;

    @Test
    void aDomainNotAcceptedIsRelayingDenied() throws Exception {
        try (TestServer server = SmtpServers.start(root);
                SmtpClient client = SmtpClient.greeted(server.port(0))) {
            client.command("MAIL FROM:<a@example.org>").expect(250);
            assertThat(client.command("RCPT TO:<someone@example.com>").toString()).isEqualTo("550 5.7.1 Relaying denied");
            assertThat(client.command("RCPT TO:<someone@LocalHost>").code()).isEqualTo(250);
        }
    }

    @Test
    void smtpAcceptDomainListsTheDomains() throws Exception {
        try (TestServer server = SmtpServers.start(root, "SMTPAcceptDomain example.org example.net");
                SmtpClient client = SmtpClient.greeted(server.port(0))) {
            client.command("MAIL FROM:<a@example.com>").expect(250);
            assertThat(client.command("RCPT TO:<x@example.org>").code()).isEqualTo(250);
            assertThat(client.command("RCPT TO:<y@EXAMPLE.NET>").code()).isEqualTo(250);
            assertThat(client.command("RCPT TO:<z@localhost>").code()).isEqualTo(550);
        }
    }

    @Test
    void postmasterWithoutADomainIsAccepted() throws Exception {
        try (TestServer server = SmtpServers.start(root);
                SmtpClient client = SmtpClient.greeted(server.port(0))) {
            client.command("MAIL FROM:<>").expect(250);
            assertThat(client.command("RCPT TO:<Postmaster>").code()).isEqualTo(250);
        }
    }

    @Test
    void recipientsPastTheLimitAre452() throws Exception {
        try (TestServer server = SmtpServers.start(root, "SMTPMaxRecipients 2");
                SmtpClient client = SmtpClient.greeted(server.port(0))) {
            client.command("MAIL FROM:<a@example.org>").expect(250);
            client.command("RCPT TO:<one@localhost>").expect(250);
            client.command("RCPT TO:<two@localhost>").expect(250);
            assertThat(client.command("RCPT TO:<three@localhost>").toString()).isEqualTo("452 4.5.3 Too many recipients");
            // the two accepted still get the message
            client.command("DATA").expect(354);
            client.send("hi").send(".").expect(250);
        }
        assertThat(SmtpServers.files(root, "new")).hasSize(1);
    }

    @Test
    void aSourceRouteIsIgnored() throws Exception {
        try (TestServer server = SmtpServers.start(root);
                SmtpClient client = SmtpClient.greeted(server.port(0))) {
            client.command("MAIL FROM:<@relay.example:a@example.org>").expect(250);
            assertThat(client.command("RCPT TO:<@relay.example,@other.example:b@localhost>").code()).isEqualTo(250);
        }
    }

    @Test
    void aQuotedLocalPartIsAnAddress() throws Exception {
        try (TestServer server = SmtpServers.start(root);
                SmtpClient client = SmtpClient.greeted(server.port(0))) {
            assertThat(client.command("MAIL FROM:<\"john smith\"@example.org>").code()).isEqualTo(250);
            assertThat(client.command("RCPT TO:<\"a>b\"@localhost>").code()).isEqualTo(250);
        }
    }
}
