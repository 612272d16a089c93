package org.sluice.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sluice.testing.TestServer;

/** Idle clients, over-long lines and clients that vanish. */
class SessionLimitsTest {

    @TempDir
    Path root;

    @BeforeEach
    void users() throws Exception {
        CommandServers.addUser(root, "alice", "wonderland");
        CommandServers.addUser(root, "bob", "builder");
    }

    @Test
    void idleSessionIsClosedAfterTheHostsTimeout() throws Exception {
        try (TestServer server = CommandServers.start(root, CommandServers.LOGIN_REQUIRED, "Timeout 1");
             CommandClient client = new CommandClient(server.port(0)).login("alice", "wonderland")) {
            long start = System.nanoTime();
            assertThat(client.closedByServer()).isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(500), Duration.ofSeconds(4));
            await().atMost(Duration.ofSeconds(5)).until(() -> server.server().openConnections() == 0);
        }
    }

    @Test
    void clientSilentAtTheLoginPromptIsClosedAfterTheTimeout() throws Exception {
        try (TestServer server = CommandServers.start(root, CommandServers.LOGIN_REQUIRED, "Timeout 1");
             CommandClient client = new CommandClient(server.port(0))) {
            client.readUntil("Login: ");
            assertThat(client.closedByServer()).isTrue();
        }
    }

    @Test
    void tooLongCommandLineIsAnsweredAndTheSessionGoesOn() throws Exception {
        try (TestServer server = CommandServers.start(root);
             CommandClient client = new CommandClient(server.port(0)).login("alice", "wonderland")) {
            client.send("who " + "x".repeat(5000));
            assertThat(client.readLine()).isEqualTo("Line too long (the limit is 1024 bytes); ignored.");
            assertThat(client.command("who", 1).get(0)).startsWith("alice ");
            // a line just within the limit is still a line (1022 characters and CRLF)
            assertThat(client.command("x".repeat(1022), 1).get(0)).startsWith("Unknown command 'xxx");
        }
    }

    @Test
    void tooLongLoginIsDenied() throws Exception {
        try (TestServer server = CommandServers.start(root);
             CommandClient client = new CommandClient(server.port(0))) {
            client.readUntil("Login: ");
            client.send("a".repeat(2000));
            assertThat(client.readLine()).isEqualTo("Access Denied");
            assertThat(client.closedByServer()).isTrue();
        }
    }

    @Test
    void clientLeavingMidPromptOrMidSessionLeavesNoTraceAndLogsNothing() throws Exception {
        try (LogCapture log = new LogCapture();
             TestServer server = CommandServers.start(root);
             CommandClient alice = new CommandClient(server.port(0)).login("alice", "wonderland")) {
            try (CommandClient atLogin = new CommandClient(server.port(0))) {
                atLogin.readUntil("Login: ");
            }
            try (CommandClient atPassword = new CommandClient(server.port(0))) {
                atPassword.readUntil("Login: ");
                atPassword.send("bob");
                atPassword.readUntil("Password: ");
                atPassword.sendRaw("buil".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            }
            CommandClient bob = new CommandClient(server.port(0)).login("bob", "builder");
            assertThat(CommandsTest.who(alice)).hasSize(2);
            bob.close();

            await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                    assertThat(CommandsTest.who(alice)).singleElement().asString().startsWith("alice "));
            await().atMost(Duration.ofSeconds(5)).until(() -> server.server().openConnections() == 1);
            assertThat(log.warnings()).isEmpty();
        }
    }
}
