package org.sluice.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sluice.testing.TestServer;

/** RFC 2920: a group of commands sent at once is answered in order, in one write. */
class PipeliningTest {

    @TempDir
    Path root;

    @Test
    void aPipelinedGroupIsAnsweredInOrder() throws Exception {
        try (TestServer server = SmtpServers.start(root);
                SmtpClient client = SmtpClient.greeted(server.port(0))) {
            client.sendRaw(("MAIL FROM:<a@example.org>\r\nRCPT TO:<b@localhost>\r\nRCPT TO:<c@example.com>\r\n"
                    + "RCPT TO:<d@localhost>\r\nDATA\r\n").getBytes(StandardCharsets.US_ASCII));
            List<String> replies = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                replies.add(client.reply().toString());
            }
            assertThat(replies).containsExactly("250 2.1.0 Ok", "250 2.1.5 Ok", "550 5.7.1 Relaying denied",
                    "250 2.1.5 Ok", "354 End data with <CR><LF>.<CR><LF>");
            client.sendRaw("one\r\n.\r\nMAIL FROM:<e@example.org>\r\nRCPT TO:<f@localhost>\r\nDATA\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            assertThat(client.reply().last()).startsWith("2.0.0 Ok: queued as ");
            client.expect(250);
            client.expect(250);
            client.expect(354);
            client.send("two").send(".").expect(250);
        }
        assertThat(SmtpServers.files(root, "new")).hasSize(2);
    }

    @Test
    void theRepliesToAGroupLeaveTogether() throws Exception {
        try (TestServer server = SmtpServers.start(root);
                SmtpClient client = SmtpClient.greeted(server.port(0))) {
            String expected = "250 2.1.0 Ok\r\n250 2.1.5 Ok\r\n250 2.1.5 Ok\r\n354 End data with <CR><LF>.<CR><LF>\r\n";
            client.sendRaw("MAIL FROM:<a@example.org>\r\nRCPT TO:<b@localhost>\r\nRCPT TO:<c@localhost>\r\nDATA\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            // one write of the server arrives whole on loopback: one read sees every reply
            InputStream in = client.rawInput();
            byte[] buffer = new byte[4096];
            int n = in.read(buffer);
            assertThat(new String(buffer, 0, n, StandardCharsets.US_ASCII)).isEqualTo(expected);
        }
    }
}
