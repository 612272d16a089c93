package org.sluice.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sluice.testing.TestServer;

/** The command level of a session, through a raw socket: greeting, hello, replies, errors. */
class SmtpSessionTest {

    @TempDir
    Path root;

    @Test
    void greetsAtOnceWithTheHostname() throws Exception {
        try (TestServer server = SmtpServers.start(root, "SMTPHostname mail.example.org");
                SmtpClient client = SmtpClient.connect(server.port(0))) {
            assertThat(client.reply().toString()).isEqualTo("220 mail.example.org ESMTP Sluice");
        }
    }

    @Test
    void hostnameDefaultsToTheServerName() throws Exception {
        try (TestServer server = SmtpServers.start(root);
                SmtpClient client = SmtpClient.connect(server.port(0))) {
            assertThat(client.reply().toString()).isEqualTo("220 mx.test ESMTP Sluice");
        }
    }

    @Test
    void ehloListsTheExtensionsWithTheSizeLimit() throws Exception {
        try (TestServer server = SmtpServers.start(root, "SMTPMaxMessageSize 5000");
                SmtpClient client = SmtpClient.connect(server.port(0))) {
            client.expect(220);
            SmtpClient.Reply reply = client.command("EHLO client.test");
            assertThat(reply.code()).isEqualTo(250);
            assertThat(reply.lines()).containsExactly("mx.test", "PIPELINING", "SIZE 5000", "8BITMIME",
                    "ENHANCEDSTATUSCODES", "HELP");
        }
    }

    @Test
    void heloAnswersWithoutExtensions() throws Exception {
        try (TestServer server = SmtpServers.start(root);
                SmtpClient client = SmtpClient.connect(server.port(0))) {
            client.expect(220);
            assertThat(client.command("HELO client.test").lines()).containsExactly("mx.test");
        }
    }

    @Test
    void aWholeSessionDeliversAndSaysGoodbye() throws Exception {
        try (TestServer server = SmtpServers.start(root);
                SmtpClient client = SmtpClient.connect(server.port(0))) {
            client.expect(220);
            client.command("EHLO client.test").expect(250);
            assertThat(client.command("MAIL FROM:<alice@example.org>").toString()).isEqualTo("250 2.1.0 Ok");
            assertThat(client.command("RCPT TO:<bob@localhost>").toString()).isEqualTo("250 2.1.5 Ok");
            assertThat(client.command("DATA").code()).isEqualTo(354);
            client.send("Subject: hi").send("").send("Hello Bob.").send(".");
            assertThat(client.reply().toString()).startsWith("250 2.0.0 Ok: queued as ");
            assertThat(client.command("QUIT").toString()).isEqualTo("221 2.0.0 mx.test Bye");
            assertThat(client.closedByServer()).isTrue();
        }
        assertThat(SmtpServers.files(root, "new")).hasSize(1);
    }

    @Test
    void noopVrfyHelpAndRsetAnswer() throws Exception {
        try (TestServer server = SmtpServers.start(root);
                SmtpClient client = SmtpClient.greeted(server.port(0))) {
            assertThat(client.command("NOOP").toString()).isEqualTo("250 2.0.0 Ok");
            assertThat(client.command("VRFY bob").code()).isEqualTo(252);
            assertThat(client.command("HELP").code()).isEqualTo(214);
            client.command("MAIL FROM:<a@example.org>").expect(250);
            assertThat(client.command("RSET").toString()).isEqualTo("250 2.0.0 Ok");
            // the transaction is gone: a new MAIL is not nested
            assertThat(client.command("MAIL FROM:<a@example.org>").code()).isEqualTo(250);
        }
    }

    @Test
    void commandsAreCaseInsensitive() throws Exception {
        try (TestServer server = SmtpServers.start(root);
                SmtpClient client = SmtpClient.connect(server.port(0))) {
            client.expect(220);
            client.command("ehlo client.test").expect(250);
            assertThat(client.command("mail from:<a@example.org>").code()).isEqualTo(250);
        }
    }

    @Test
    void anUnknownCommandIs500() throws Exception {
        try (TestServer server = SmtpServers.start(root);
                SmtpClient client = SmtpClient.greeted(server.port(0))) {
            assertThat(client.command("FROB").toString()).isEqualTo("500 5.5.1 Command unrecognized");
            assertThat(client.command("NOOP").code()).isEqualTo(250);
        }
    }

    @Test
    void commandsOutOfSequenceAre503() throws Exception {
        try (TestServer server = SmtpServers.start(root);
                SmtpClient client = SmtpClient.connect(server.port(0))) {
            client.expect(220);
            assertThat(client.command("MAIL FROM:<a@example.org>").toString())
                    .isEqualTo("503 5.5.1 Send EHLO or HELO first");
            client.command("EHLO client.test").expect(250);
            assertThat(client.command("RCPT TO:<b@localhost>").toString()).isEqualTo("503 5.5.1 Need MAIL command");
            assertThat(client.command("DATA").toString()).isEqualTo("503 5.5.1 Need MAIL command");
            client.command("MAIL FROM:<a@example.org>").expect(250);
            assertThat(client.command("MAIL FROM:<a@example.org>").toString()).isEqualTo("503 5.5.1 Nested MAIL command");
            assertThat(client.command("DATA").toString()).isEqualTo("554 5.5.1 No valid recipients");
        }
    }

    @Test
    void syntaxErrorsAre501() throws Exception {
        try (TestServer server = SmtpServers.start(root);
                SmtpClient client = SmtpClient.connect(server.port(0))) {
            client.expect(220);
            assertThat(client.command("EHLO").toString()).isEqualTo("501 5.5.4 Syntax: EHLO hostname");
            client.command("EHLO client.test").expect(250);
            assertThat(client.command("MAIL alice@example.org").toString())
                    .isEqualTo("501 5.5.4 Syntax: MAIL FROM:<address>");
            assertThat(client.command("MAIL FROM:<not an address>").toString())
                    .isEqualTo("501 5.1.7 Bad sender address syntax");
            client.command("MAIL FROM:<>").expect(250);
            assertThat(client.command("RCPT TO:bob@localhost").toString())
                    .isEqualTo("501 5.5.4 Syntax: RCPT TO:<address>");
            assertThat(client.command("RCPT TO:<bob@@localhost>").toString())
                    .isEqualTo("501 5.1.3 Bad recipient address syntax");
            client.command("RCPT TO:<bob@localhost>").expect(250);
            assertThat(client.command("DATA now").toString()).isEqualTo("501 5.5.4 Syntax: DATA");
            assertThat(client.command("RSET please").toString()).isEqualTo("501 5.5.4 Syntax: RSET");
        }
    }

    @Test
    void unknownMailParametersAre555() throws Exception {
        try (TestServer server = SmtpServers.start(root);
                SmtpClient client = SmtpClient.greeted(server.port(0))) {
            assertThat(client.command("MAIL FROM:<a@example.org> SMTPUTF8").toString())
                    .isEqualTo("555 5.5.4 Unsupported MAIL parameter");
            assertThat(client.command("MAIL FROM:<a@example.org> BODY=8BITMIME SIZE=100").code()).isEqualTo(250);
        }
    }

    @Test
    void aCommandLineLongerThanTheLimitIsRefusedAndTheSessionGoesOn() throws Exception {
        try (TestServer server = SmtpServers.start(root);
                SmtpClient client = SmtpClient.greeted(server.port(0))) {
            assertThat(client.command("NOOP " + "x".repeat(5000)).toString())
                    .isEqualTo("500 5.5.2 Line too long (the limit is 1024 octets with CRLF)");
            assertThat(client.command("NOOP").code()).isEqualTo(250);
        }
    }

    @Test
    void aCommandEndingInABareLfIsRefused() throws Exception {
        try (TestServer server = SmtpServers.start(root);
                SmtpClient client = SmtpClient.greeted(server.port(0))) {
            client.sendRaw("NOOP\n".getBytes());
            assertThat(client.reply().toString()).isEqualTo("500 5.5.2 Bare <LF> received: command lines end with <CR><LF>");
            assertThat(client.command("NOOP").code()).isEqualTo(250);
        }
    }

    @Test
    void tooManyErrorsEndTheSession() throws Exception {
        try (TestServer server = SmtpServers.start(root);
                SmtpClient client = SmtpClient.greeted(server.port(0))) {
            for (int i = 1; i < 20; i++) {
                client.command("FROB").expect(500);
            }
            client.send("FROB");
            client.expect(500);
            assertThat(client.reply().toString()).isEqualTo("421 4.7.0 mx.test Too many errors; closing");
            assertThat(client.closedByServer()).isTrue();
        }
    }

    @Test
    void anIdleClientIsToldAndDisconnectedAfterTheTimeout() throws Exception {
        try (TestServer server = SmtpServers.start(root, "Timeout 1");
                SmtpClient client = SmtpClient.greeted(server.port(0))) {
            assertThat(client.reply().toString()).isEqualTo("421 4.4.2 mx.test Timeout exceeded; closing");
            assertThat(client.closedByServer()).isTrue();
        }
    }
}
