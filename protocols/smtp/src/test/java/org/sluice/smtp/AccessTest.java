package org.sluice.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sluice.testing.TestServer;

/** Connection-level access from {@code <Location smtp>}, and the connection log. */
class AccessTest {

    @TempDir
    Path root;

    @Test
    void aRefusedAddressGets554And503ToEveryCommandUntilItQuits() throws Exception {
        // RFC 5321 3.1: after a 554 opening, the server waits for QUIT and answers 503
        try (TestServer server = SmtpServers.start(root, "", "Require ip 192.0.2.0/24");
                SmtpClient client = SmtpClient.connect(server.port(0))) {
            assertThat(client.reply().toString()).isEqualTo("554 5.7.1 mx.test Access denied");
            assertThat(client.command("EHLO client.test").code()).isEqualTo(503);
            assertThat(client.command("MAIL FROM:<a@client.test>").code()).isEqualTo(503);
            assertThat(client.command("STARTTLS").code()).isEqualTo(503);
            assertThat(client.command("QUIT").toString()).isEqualTo("221 2.0.0 mx.test Bye");
            assertThat(client.closedByServer()).isTrue();
        }
    }

    @Test
    void aRefusedClientThatKeepsTalkingIsDisconnectedAtTheErrorLimit() throws Exception {
        try (TestServer server = SmtpServers.start(root, "", "Require ip 192.0.2.0/24");
                SmtpClient client = SmtpClient.connect(server.port(0))) {
            assertThat(client.reply().code()).isEqualTo(554);
            // the 554 is the first of the 20 errors a session may have
            for (int i = 1; i < 20; i++) {
                assertThat(client.command("NOOP").code()).isEqualTo(503);
            }
            assertThat(client.reply().toString()).isEqualTo("421 4.7.0 mx.test Too many errors; closing");
            assertThat(client.closedByServer()).isTrue();
        }
    }

    @Test
    void anAllowedAddressIsGreeted() throws Exception {
        try (TestServer server = SmtpServers.start(root, "", "Require ip 127.0.0.1");
                SmtpClient client = SmtpClient.connect(server.port(0))) {
            assertThat(client.reply().code()).isEqualTo(220);
        }
    }

    @Test
    void anAddressAllowedOnlyWithAUserIsGreetedForAuth() throws Exception {
        SmtpServers.users(root, "alice:wonderland");
        String location = """
                AuthType Basic
                AuthName smtp
                AuthUserFile conf/smtp-users
                <RequireAll>
                    Require ip 127.0.0.1
                    Require valid-user
                </RequireAll>
                """;
        try (TestServer server = SmtpServers.start(root, "", location);
                SmtpClient client = SmtpClient.connect(server.port(0))) {
            assertThat(client.reply().code()).isEqualTo(220);
        }
    }

    @Test
    void eachConnectionIsLoggedAsForAnyProtocol() throws Exception {
        try (TestServer server = SmtpServers.start(root, """
                LogFormat "%a %I %O %v" connection
                CustomLog logs/smtp_log connection
                """)) {
            Files.createDirectories(root.resolve("logs"));
            try (SmtpClient client = SmtpClient.greeted(server.port(0))) {
                client.command("QUIT").expect(221);
            }
            Path log = root.resolve("logs/smtp_log");
            Awaitility.await().until(() -> Files.exists(log) && Files.readString(log).contains("mx.test"));
            assertThat(Files.readString(log)).matches("127\\.0\\.0\\.1 \\d+ \\d+ mx\\.test\n");
        }
    }
}
