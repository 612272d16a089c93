package org.sluice.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sluice.testing.TestServer;

/** swaks, the SMTP test tool, end to end: plain, pipelined, STARTTLS with AUTH. Skipped without swaks. */
class SwaksTest {

    @TempDir
    Path root;

    private record Run(int exit, String output) {
    }

    private static Path swaks() {
        Path tool = Path.of("/usr/bin/swaks");
        assumeThat(Files.isExecutable(tool)).as("swaks is installed").isTrue();
        return tool;
    }

    private static Run swaks(int port, String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of(swaks().toString(), "--server", "127.0.0.1:" + port,
                "--helo", "swaks.test", "--from", "alice@example.org", "--to", "bob@localhost",
                "--timeout", "20"));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] output = process.getInputStream().readAllBytes();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Run(process.exitValue(), new String(output, StandardCharsets.UTF_8));
    }

    @Test
    void swaksDeliversAMessage() throws Exception {
        try (TestServer server = SmtpServers.start(root)) {
            Run run = swaks(server.port(0), "--header", "Subject: from swaks", "--body", "Hello from swaks.");
            assertThat(run.exit()).as(run.output()).isZero();
        }
        String message = new String(SmtpServers.onlyMessage(root), StandardCharsets.ISO_8859_1);
        assertThat(message).startsWith("Return-Path: <alice@example.org>\r\nReceived: from swaks.test ([127.0.0.1])")
                .contains("Subject: from swaks\r\n").contains("Hello from swaks.\r\n");
    }

    @Test
    void swaksPipelinesAMessageFromAFile() throws Exception {
        Path data = root.resolve("message.eml");
        // swaks ends the data with CRLF . CRLF itself
        Files.writeString(data, "Subject: pipelined\r\n\r\n.starts with a dot\r\nline two", StandardCharsets.US_ASCII);
        try (TestServer server = SmtpServers.start(root)) {
            Run run = swaks(server.port(0), "--pipeline", "--data", data.toString());
            assertThat(run.exit()).as(run.output()).isZero();
            assertThat(run.output()).contains("PIPELINING");
        }
        assertThat(new String(SmtpServers.body(SmtpServers.onlyMessage(root)), StandardCharsets.US_ASCII))
                .isEqualTo("Subject: pipelined\r\n\r\n.starts with a dot\r\nline two\r\n");
    }

    @Test
    void swaksStartsTlsAndAuthenticatesWithPlain() throws Exception {
        SmtpServers.users(root, "alice:wonderland");
        try (TestServer server = SmtpServers.start(root, SmtpServers.CERTIFICATE + "SMTPAuth Required\n",
                SmtpServers.USERS)) {
            Run run = swaks(server.port(0), "--tls", "--auth", "PLAIN", "--auth-user", "alice",
                    "--auth-password", "wonderland");
            assertThat(run.exit()).as(run.output()).isZero();
        }
        assertThat(SmtpServers.traceHeaders(SmtpServers.onlyMessage(root))).contains(" with ESMTPSA id ");
    }

    @Test
    void swaksAuthenticatesWithLogin() throws Exception {
        SmtpServers.users(root, "alice:wonderland");
        try (TestServer server = SmtpServers.start(root, SmtpServers.CERTIFICATE, SmtpServers.USERS)) {
            Run run = swaks(server.port(0), "--tls", "--auth", "LOGIN", "--auth-user", "alice",
                    "--auth-password", "wonderland");
            assertThat(run.exit()).as(run.output()).isZero();
        }
        assertThat(SmtpServers.files(root, "new")).hasSize(1);
    }

    @Test
    void swaksIsToldWhenItsPasswordIsWrong() throws Exception {
        SmtpServers.users(root, "alice:wonderland");
        try (TestServer server = SmtpServers.start(root, SmtpServers.CERTIFICATE, SmtpServers.USERS)) {
            Run run = swaks(server.port(0), "--tls", "--auth", "PLAIN", "--auth-user", "alice",
                    "--auth-password", "looking-glass");
            assertThat(run.exit()).isNotZero();
            assertThat(run.output()).contains("535 5.7.8");
        }
        assertThat(SmtpServers.files(root, "new")).isEmpty();
    }
}
