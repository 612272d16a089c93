package org.sluice.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sluice.testing.TestServer;

/** DATA and the Maildir: what ends up in the file, when, and what never does. */
class DeliveryTest {

    @TempDir
    Path root;

    private static SmtpClient.Reply send(SmtpClient client, byte[] data) throws Exception {
        client.command("MAIL FROM:<alice@example.org>").expect(250);
        client.command("RCPT TO:<bob@localhost>").expect(250);
        client.command("DATA").expect(354);
        client.sendRaw(data);
        return client.reply();
    }

    @Test
    void theMessageIsStoredByteExactAfterDotUnstuffing() throws Exception {
        ByteArrayOutputStream sent = new ByteArrayOutputStream();
        sent.writeBytes("Subject: caf\u00e9\r\n\r\n".getBytes(StandardCharsets.UTF_8));
        sent.writeBytes(new byte[] {(byte) 0xff, (byte) 0x80, 0x01, '\t', ' ', '\r', '\n'});
        sent.writeBytes("..leading dot\r\n...\r\n.\tx\r\n\r\nlast line  \r\n.\r\n".getBytes(StandardCharsets.US_ASCII));
        byte[] expected = new byte[0];
        ByteArrayOutputStream stored = new ByteArrayOutputStream();
        stored.writeBytes("Subject: caf\u00e9\r\n\r\n".getBytes(StandardCharsets.UTF_8));
        stored.writeBytes(new byte[] {(byte) 0xff, (byte) 0x80, 0x01, '\t', ' ', '\r', '\n'});
        stored.writeBytes(".leading dot\r\n..\r\n\tx\r\n\r\nlast line  \r\n".getBytes(StandardCharsets.US_ASCII));
        expected = stored.toByteArray();
        try (TestServer server = SmtpServers.start(root);
                SmtpClient client = SmtpClient.greeted(server.port(0))) {
            send(client, sent.toByteArray()).expect(250);
        }
        assertThat(SmtpServers.body(SmtpServers.onlyMessage(root))).isEqualTo(expected);
    }

    @Test
    void returnPathAndReceivedArePrepended() throws Exception {
        try (TestServer server = SmtpServers.start(root, "SMTPHostname mail.example.org");
                SmtpClient client = SmtpClient.greeted(server.port(0))) {
            String queued = send(client, "Subject: x\r\n\r\nbody\r\n.\r\n".getBytes(StandardCharsets.US_ASCII))
                    .expect(250).last();
            String id = queued.substring(queued.lastIndexOf(' ') + 1);
            String headers = SmtpServers.traceHeaders(SmtpServers.onlyMessage(root));
            assertThat(headers).startsWith("Return-Path: <alice@example.org>\r\n"
                    + "Received: from client.test ([127.0.0.1])\r\n"
                    + "\tby mail.example.org (Sluice) with ESMTP id " + id + "\r\n"
                    + "\tfor <bob@localhost>; ");
            assertThat(headers).matches("(?s).*; \\w{3}, \\d{1,2} \\w{3} \\d{4} \\d\\d:\\d\\d:\\d\\d [+-]\\d{4}\r\n");
        }
    }

    @Test
    void theFileIsInNewWhenTheReplyArrives() throws Exception {
        try (TestServer server = SmtpServers.start(root);
                SmtpClient client = SmtpClient.greeted(server.port(0))) {
            String queued = send(client, "hello\r\n.\r\n".getBytes(StandardCharsets.US_ASCII)).expect(250).last();
            // no waiting: the 250 is only sent once the file was synced and renamed into new/
            assertThat(SmtpServers.files(root, "new")).singleElement()
                    .satisfies(file -> assertThat(file.getFileName().toString())
                            .startsWith(queued.substring(queued.lastIndexOf(' ') + 1) + "."));
            assertThat(SmtpServers.files(root, "tmp")).isEmpty();
            assertThat(root.resolve("maildir/cur")).isDirectory();
        }
    }

    @Test
    void eachMessageGetsAFileOfItsOwn() throws Exception {
        try (TestServer server = SmtpServers.start(root);
                SmtpClient client = SmtpClient.greeted(server.port(0))) {
            for (int i = 0; i < 3; i++) {
                send(client, ("message " + i + "\r\n.\r\n").getBytes(StandardCharsets.US_ASCII)).expect(250);
            }
        }
        assertThat(SmtpServers.files(root, "new")).hasSize(3);
    }

    @Test
    void mailWithASizeOverTheLimitIsRefused() throws Exception {
        try (TestServer server = SmtpServers.start(root, "SMTPMaxMessageSize 1000");
                SmtpClient client = SmtpClient.greeted(server.port(0))) {
            assertThat(client.command("MAIL FROM:<a@example.org> SIZE=1001").toString())
                    .isEqualTo("552 5.3.4 Message size exceeds fixed maximum message size");
            assertThat(client.command("MAIL FROM:<a@example.org> SIZE=1000").code()).isEqualTo(250);
        }
    }

    @Test
    void aMessageOverTheLimitIsReadToItsEndAndNotDelivered() throws Exception {
        try (TestServer server = SmtpServers.start(root, "SMTPMaxMessageSize 1000");
                SmtpClient client = SmtpClient.greeted(server.port(0))) {
            String big = ("x".repeat(98) + "\r\n").repeat(11) + ".\r\n";
            assertThat(send(client, big.getBytes(StandardCharsets.US_ASCII)).toString())
                    .isEqualTo("552 5.3.4 Message size exceeds fixed maximum message size");
            // the session goes on, in step: the next command is read as one
            assertThat(client.command("NOOP").code()).isEqualTo(250);
            assertThat(send(client, "small\r\n.\r\n".getBytes(StandardCharsets.US_ASCII)).code()).isEqualTo(250);
        }
        assertThat(SmtpServers.files(root, "new")).hasSize(1);
        assertThat(SmtpServers.files(root, "tmp")).isEmpty();
    }

    @Test
    void aMessageLineOver1000OctetsIsRefusedAfterTheMessage() throws Exception {
        try (TestServer server = SmtpServers.start(root);
                SmtpClient client = SmtpClient.greeted(server.port(0))) {
            String message = "ok\r\n" + "y".repeat(999) + "\r\nafter\r\n.\r\n";
            assertThat(send(client, message.getBytes(StandardCharsets.US_ASCII)).toString())
                    .isEqualTo("500 5.5.2 Line too long in the message (the limit is 1000 octets with CRLF)");
            assertThat(client.command("NOOP").code()).isEqualTo(250);
            // 998 octets and CRLF is the longest line allowed
            assertThat(send(client, ("z".repeat(998) + "\r\n.\r\n").getBytes(StandardCharsets.US_ASCII)).code())
                    .isEqualTo(250);
        }
        assertThat(SmtpServers.files(root, "new")).hasSize(1);
    }

    @Test
    void aBareLfInTheMessageEndsTheSessionAndNothingIsDelivered() throws Exception {
        try (TestServer server = SmtpServers.start(root);
                SmtpClient client = SmtpClient.greeted(server.port(0))) {
            // the smuggling pattern: <LF>.<CR><LF> must not end the message, nor be taken as text
            String message = "Subject: one\r\n\r\nbody\n.\r\nMAIL FROM:<evil@example.org>\r\n.\r\n";
            assertThat(send(client, message.getBytes(StandardCharsets.US_ASCII)).toString())
                    .isEqualTo("521 mx.test Bare <LF> received in the message: lines end with <CR><LF>; closing"
                            .replace("521 ", "521 5.5.2 "));
            assertThat(client.closedByServer()).isTrue();
        }
        assertThat(SmtpServers.files(root, "new")).isEmpty();
        assertThat(SmtpServers.files(root, "tmp")).isEmpty();
    }

    @Test
    void aClientThatGoesAwayInDataLeavesNothingBehind() throws Exception {
        try (TestServer server = SmtpServers.start(root)) {
            try (SmtpClient client = SmtpClient.greeted(server.port(0))) {
                client.command("MAIL FROM:<a@example.org>").expect(250);
                client.command("RCPT TO:<b@localhost>").expect(250);
                client.command("DATA").expect(354);
                client.sendRaw("half a message\r\n".getBytes(StandardCharsets.US_ASCII));
            }
            org.awaitility.Awaitility.await().until(() -> server.server().openConnections() == 0);
        }
        assertThat(SmtpServers.files(root, "new")).isEmpty();
        assertThat(SmtpServers.files(root, "tmp")).isEmpty();
    }

    @Test
    void aMaildirThatCannotBeWrittenGives451AndNothingInNew() throws Exception {
        Files.createDirectories(root.resolve("maildir"));
        // "new" is a file: no message can be delivered there
        Files.writeString(root.resolve("maildir/new"), "not a directory");
        try (TestServer server = SmtpServers.start(root);
                SmtpClient client = SmtpClient.greeted(server.port(0))) {
            client.command("MAIL FROM:<a@example.org>").expect(250);
            client.command("RCPT TO:<b@localhost>").expect(250);
            assertThat(client.command("DATA").toString()).isEqualTo("451 4.3.0 Local delivery failed; try again later");
            // the transaction is over; the session is not
            assertThat(client.command("MAIL FROM:<a@example.org>").code()).isEqualTo(250);
        }
        assertThat(Files.readString(root.resolve("maildir/new"))).isEqualTo("not a directory");
        assertThat(SmtpServers.files(root, "tmp")).isEmpty();
    }

    @Test
    void theMaildirIsUnderTheServerRootByDefault() throws Exception {
        int port = TestServer.freePort();
        try (TestServer server = TestServer.start(root, """
                LoadModule smtp
                GracefulShutdownTimeout 2
                Listen 127.0.0.1:%d smtp
                """.formatted(port));
                SmtpClient client = SmtpClient.greeted(port)) {
            send(client, "x\r\n.\r\n".getBytes(StandardCharsets.US_ASCII)).expect(250);
        }
        assertThat(SmtpServers.files(root, "new")).hasSize(1);
    }
}
