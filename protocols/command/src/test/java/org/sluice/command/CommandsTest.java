package org.sluice.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sluice.config.ConfigException;
import org.sluice.testing.TestServer;

/** What a logged-in client can do. */
class CommandsTest {

    @TempDir
    Path root;

    @BeforeEach
    void users() throws Exception {
        CommandServers.addUser(root, "alice", "wonderland");
        CommandServers.addUser(root, "bob", "builder");
    }

    @Test
    void helpListsEveryCommandWithItsDescription() throws Exception {
        try (TestServer server = CommandServers.start(root);
             CommandClient client = new CommandClient(server.port(0)).login("alice", "wonderland")) {
            List<String> help = client.command("help", 5);
            assertThat(help).extracting(line -> line.split(" +")[0]).containsExactly("motd", "date", "who", "help", "quit");
            assertThat(help.get(4)).contains("end the session");
        }
    }

    @Test
    void unknownCommandAnswersWithTheCommandList() throws Exception {
        try (TestServer server = CommandServers.start(root);
             CommandClient client = new CommandClient(server.port(0)).login("alice", "wonderland")) {
            assertThat(client.command("rm -rf /", 1).get(0))
                    .isEqualTo("Unknown command 'rm'. Available commands: motd date who help quit");
            assertThat(client.command("DATE", 1).get(0)).matches("\\w{3} \\w{3} .*");
            // control characters typed (Ctrl-D, an escape) are shown, never sent back raw
            assertThat(client.command("\u0004who\u001b[2J", 1).get(0)).startsWith("Unknown command '^Dwho^[[2j'");
        }
    }

    @Test
    void usersLoggedInAtOnceSeeEachOtherInWhoUntilOneQuits() throws Exception {
        try (TestServer server = CommandServers.start(root);
             CommandClient alice = new CommandClient(server.port(0)).login("alice", "wonderland");
             CommandClient bob = new CommandClient(server.port(0)).login("bob", "builder")) {
            assertThat(who(alice)).satisfiesExactly(
                    first -> assertThat(first).startsWith("alice "),
                    second -> assertThat(second).startsWith("bob "));
            assertThat(who(bob)).hasSize(2);

            assertThat(bob.command("quit", 1)).containsExactly("Bye.");
            assertThat(bob.closedByServer()).isTrue();
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                    assertThat(who(alice)).singleElement().asString().startsWith("alice "));
        }
    }

    /** The lines of {@code who}: what comes before the answer to a {@code help} sent after it. */
    static List<String> who(CommandClient client) throws Exception {
        client.send("who");
        client.send("help");
        List<String> lines = new java.util.ArrayList<>();
        for (String line = client.readLine(); !line.startsWith("motd "); line = client.readLine()) {
            lines.add(line);
        }
        for (int i = 1; i < 5; i++) {
            client.readLine();
        }
        return lines;
    }

    @Test
    void commandOfAnotherModuleAppearsInHelpAndRuns() throws Exception {
        try (LogCapture log = new LogCapture();
             TestServer server = CommandServers.start(root, CommandServers.LOGIN_REQUIRED, "",
                     ReverseCommandModule.class.getName());
             CommandClient client = new CommandClient(server.port(0))) {
            client.readUntil("Login: ");
            client.send("alice");
            client.readUntil("Password: ");
            client.send("wonderland");
            client.readLineStartingWith("Welcome");
            assertThat(client.readLine()).isEqualTo("Available commands: motd date who help quit reverse filters");
            assertThat(client.command("help", 7).get(5)).startsWith("reverse").endsWith("the arguments backwards");
            assertThat(client.command("reverse  stressed desserts ", 1))
                    .containsExactly("stressed desserts (for alice)");
            assertThat(client.command("date", 1).get(0)).doesNotContain("clashing");
            assertThat(log.warnings()).anySatisfy(w -> assertThat(w).contains("ignoring command 'date'"));
        }
    }

    @Test
    void handlerPutsTheTelnetFilterInFrontOfTheInput() throws Exception {
        try (TestServer server = CommandServers.start(root, "Require all granted", "",
                ReverseCommandModule.class.getName());
             CommandClient client = new CommandClient(server.port(0))) {
            client.readLineStartingWith("Available commands: ");
            assertThat(client.command("filters", 1).get(0)).startsWith("telnet ");
        }
    }

    @Test
    void badDirectiveValuesAreConfigErrorsAtTheirLine() {
        assertThatThrownBy(() -> TestServer.check(root, "LoadModule command\nCommandLoginAttempts none\n"))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.location().line()).isEqualTo(2))
                .hasMessageContaining("CommandLoginAttempts takes a positive number of attempts, not 'none'");
        assertThatThrownBy(() -> TestServer.check(root, "LoadModule command\nCommandLoginFailureDelay -1\n"))
                .hasMessageContaining("CommandLoginFailureDelay takes a number of seconds");
    }

    @Test
    void linesEndWithCrlfAndBareLfInputIsAccepted() throws Exception {
        try (TestServer server = CommandServers.start(root);
             CommandClient client = new CommandClient(server.port(0))) {
            client.readUntil("Login: ");
            client.sendRaw("alice\nwonderland\n".getBytes(StandardCharsets.US_ASCII));
            client.readLineStartingWith("Available commands: ");
            client.sendRaw("motd\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(client.readLine()).isEqualTo("Have a lot of fun...");
            client.readLine();
            String text = new String(client.rawBytes(), StandardCharsets.UTF_8);
            assertThat(text.replace("\r\n", "")).doesNotContain("\n");
        }
    }

    @Test
    void motdWithoutCommandMotdSaysSo() throws Exception {
        int port = TestServer.freePort();
        java.nio.file.Files.writeString(root.resolve("conf/sluice.conf"), """
                LoadModule command
                Listen 127.0.0.1:%d command
                <Location command>
                    Require all granted
                </Location>
                """.formatted(port));
        try (TestServer server = TestServer.start(root);
             CommandClient client = new CommandClient(port)) {
            client.readLineStartingWith("Available commands: ");
            assertThat(client.command("motd", 1)).containsExactly("No message of the day.");
        }
    }
}
