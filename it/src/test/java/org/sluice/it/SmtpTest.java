package org.sluice.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SMTP port of the default configuration: greeting, delivery to maildir/ under the server root. */
class SmtpTest {

    @TempDir
    static Path directory;

    private static SluiceProcess server;

    @BeforeAll
    static void start() {
        server = SluiceProcess.builder(ServerRoot.copyOfDefault(directory).path())
                .port("ECHO_PORT").port("ECHO_LC_PORT").port("HTTP_PORT").port("COMMAND_PORT").port("SMTP_PORT").start();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            try {
                assertThat(server.stop()).as("exit code; stderr:%n%s", server.stderr()).isZero();
            } finally {
                server.close();
            }
        }
    }

    private static List<Path> delivered() throws Exception {
        Path dir = directory.resolve("maildir/new");
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.toList();
        }
    }

    @Test
    void theServerGreetsAtOnceAndOffersNoStartTlsWithoutACertificate() {
        try (LineClient client = LineClient.connect(server.port("SMTP_PORT"))) {
            assertThat(client.readLine()).isEqualTo("220 localhost ESMTP Sluice");
            client.send("EHLO it.test\r\n");
            StringBuilder ehlo = new StringBuilder();
            String line;
            do {
                line = client.readLine();
                ehlo.append(line).append('\n');
            } while (line.startsWith("250-"));
            assertThat(ehlo.toString()).contains("250-SIZE 10485760").contains("PIPELINING").doesNotContain("STARTTLS");
            assertThat(client.exchange("QUIT")).isEqualTo("221 2.0.0 localhost Bye");
        }
    }

    @Test
    void aMessageToPostmasterLandsInTheMaildir() throws Exception {
        int before = delivered().size();
        try (LineClient client = LineClient.connect(server.port("SMTP_PORT"))) {
            assertThat(client.readLine()).startsWith("220 ");
            assertThat(client.exchange("HELO it.test")).isEqualTo("250 localhost");
            assertThat(client.exchange("MAIL FROM:<it@example.org>")).startsWith("250 ");
            assertThat(client.exchange("RCPT TO:<postmaster@localhost>")).startsWith("250 ");
            assertThat(client.exchange("DATA")).startsWith("354 ");
            client.send("Subject: it\r\n\r\nfrom the integration test\r\n.\r\n");
            assertThat(client.readLine()).startsWith("250 2.0.0 Ok: queued as ");
        }
        assertThat(delivered()).hasSize(before + 1);
    }

    @Test
    void swaksDeliversThroughTheRealLauncher() throws Exception {
        Path swaks = Path.of("/usr/bin/swaks");
        assumeThat(Files.isExecutable(swaks)).as("swaks is installed").isTrue();
        int before = delivered().size();
        Process process = new ProcessBuilder(swaks.toString(), "--server", "127.0.0.1:" + server.port("SMTP_PORT"),
                "--to", "someone@localhost", "--from", "it@example.org", "--pipeline").redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        assertThat(delivered()).hasSize(before + 1);
    }
}
