package org.sluice.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sluice.testing.TestServer;

/** AUTH PLAIN and LOGIN (RFC 4954), under TLS only, against the users of {@code <Location smtp>}. */
class AuthTest {

    @TempDir
    Path root;

    @BeforeEach
    void users() throws Exception {
        SmtpServers.users(root, "alice:wonderland", "bob:builder");
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private static SmtpClient overTls(TestServer server) throws Exception {
        SmtpClient client = SmtpClient.greeted(server.port(0));
        client.command("STARTTLS").expect(220);
        client.startTls("a.test");
        client.command("EHLO client.test").expect(250);
        return client;
    }

    private TestServer start(String hostDirectives) throws Exception {
        return SmtpServers.start(root, SmtpServers.CERTIFICATE + hostDirectives, SmtpServers.USERS);
    }

    @Test
    void authIsRefusedWithoutTls() throws Exception {
        try (TestServer server = start("");
                SmtpClient client = SmtpClient.greeted(server.port(0))) {
            assertThat(client.command("EHLO client.test").lines()).noneMatch(line -> line.startsWith("AUTH"));
            assertThat(client.command("AUTH PLAIN " + base64("\0alice\0wonderland")).toString())
                    .isEqualTo("538 5.7.11 Encryption required for requested authentication mechanism");
        }
    }

    @Test
    void authPlainWithAnInitialResponse() throws Exception {
        try (TestServer server = start("");
                SmtpClient client = overTls(server)) {
            assertThat(client.command("AUTH PLAIN " + base64("\0alice\0wonderland")).toString())
                    .isEqualTo("235 2.7.0 Authentication successful");
            assertThat(client.command("AUTH PLAIN " + base64("\0alice\0wonderland")).toString())
                    .isEqualTo("503 5.5.1 Already authenticated");
        }
    }

    @Test
    void authPlainAfterAnEmptyChallenge() throws Exception {
        try (TestServer server = start("");
                SmtpClient client = overTls(server)) {
            assertThat(client.command("AUTH PLAIN").code()).isEqualTo(334);
            assertThat(client.command(base64("alice\0alice\0wonderland")).code()).isEqualTo(235);
        }
    }

    @Test
    void authLoginAsksForUserThenPassword() throws Exception {
        try (TestServer server = start("");
                SmtpClient client = overTls(server)) {
            assertThat(client.command("AUTH LOGIN").toString()).isEqualTo("334 " + base64("Username:"));
            assertThat(client.command(base64("bob")).toString()).isEqualTo("334 " + base64("Password:"));
            assertThat(client.command(base64("builder")).code()).isEqualTo(235);
        }
    }

    @Test
    void wrongCredentialsAre535() throws Exception {
        try (TestServer server = start("");
                SmtpClient client = overTls(server)) {
            assertThat(client.command("AUTH PLAIN " + base64("\0alice\0looking-glass")).toString())
                    .isEqualTo("535 5.7.8 Authentication credentials invalid");
            assertThat(client.command("AUTH PLAIN " + base64("\0nobody\0wonderland")).code()).isEqualTo(535);
            assertThat(client.command("AUTH PLAIN " + base64("\0alice\0wonderland")).code()).isEqualTo(235);
        }
    }

    @Test
    void threeFailuresEndTheSession() throws Exception {
        try (TestServer server = start("");
                SmtpClient client = overTls(server)) {
            client.command("AUTH PLAIN " + base64("\0alice\0one")).expect(535);
            client.command("AUTH PLAIN " + base64("\0alice\0two")).expect(535);
            client.command("AUTH PLAIN " + base64("\0alice\0three")).expect(535);
            assertThat(client.reply().toString()).isEqualTo("421 4.7.0 mx.test Too many failed authentications; closing");
            assertThat(client.closedByServer()).isTrue();
        }
    }

    @Test
    void aResponseThatIsNotBase64Is501AndCancelIsHonoured() throws Exception {
        try (TestServer server = start("");
                SmtpClient client = overTls(server)) {
            assertThat(client.command("AUTH PLAIN %%%").toString()).isEqualTo("501 5.5.2 Cannot decode response");
            client.command("AUTH LOGIN").expect(334);
            assertThat(client.command("*").toString()).isEqualTo("501 5.7.0 Authentication cancelled");
            assertThat(client.command("AUTH CRAM-MD5").code()).isEqualTo(504);
        }
    }

    @Test
    void smtpAuthRequiredRefusesMailBeforeAuth() throws Exception {
        try (TestServer server = start("SMTPAuth Required\n");
                SmtpClient client = overTls(server)) {
            assertThat(client.command("MAIL FROM:<alice@example.org>").toString())
                    .isEqualTo("530 5.7.0 Authentication required");
            client.command("AUTH PLAIN " + base64("\0alice\0wonderland")).expect(235);
            client.command("MAIL FROM:<alice@example.org>").expect(250);
            client.command("RCPT TO:<b@localhost>").expect(250);
            client.command("DATA").expect(354);
            client.send("authenticated").send(".").expect(250);
        }
        assertThat(SmtpServers.traceHeaders(SmtpServers.onlyMessage(root))).contains(" with ESMTPSA id ");
    }

    @Test
    void smtpAuthOffNeitherOffersNorTakesAuth() throws Exception {
        try (TestServer server = start("SMTPAuth Off\n");
                SmtpClient client = overTls(server)) {
            assertThat(client.command("EHLO client.test").lines()).noneMatch(line -> line.startsWith("AUTH"));
            assertThat(client.command("AUTH PLAIN " + base64("\0alice\0wonderland")).toString())
                    .isEqualTo("503 5.5.1 Authentication not enabled");
        }
    }
}
