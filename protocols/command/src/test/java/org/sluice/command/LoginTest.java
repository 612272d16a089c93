package org.sluice.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.sluice.testing.TestServer;

/** Who gets to the commands: the address check, then Login/Password against conf/basic-auth. */
class LoginTest {

    @TempDir
    Path root;

    @ParameterizedTest(name = "htpasswd {0}")
    @ValueSource(strings = {"-B", "-m", "-s", "-d"})
    void userMadeByHtpasswdLogsInAndUsesEveryCommand(String format) throws Exception {
        CommandServers.addUser(root, format, "dougm", "foobar");
        try (TestServer server = CommandServers.start(root);
             CommandClient client = new CommandClient(server.port(0))) {
            assertThat(client.readUntil("Login: ")).isEmpty();
            client.send("dougm");
            client.readUntil("Password: ");
            client.send("foobar");
            assertThat(client.readLineStartingWith("Welcome to ")).contains("command.test").contains("dougm");
            assertThat(client.readLine()).isEqualTo("Available commands: motd date who help quit");

            assertThat(client.command("motd", 2)).containsExactly("Have a lot of fun...", "and mind the sluice gates.");
            assertThat(client.command("date", 1).get(0))
                    .matches("(Mon|Tue|Wed|Thu|Fri|Sat|Sun) [A-Z][a-z]{2} [ 1-3]\\d \\d{2}:\\d{2}:\\d{2} \\S+ \\d{4}");
            assertThat(client.command("who", 1).get(0)).startsWith("dougm ").contains("127.0.0.1:");
            assertThat(client.command("quit", 1)).containsExactly("Bye.");
            assertThat(client.closedByServer()).isTrue();
        }
    }

    @Test
    void wrongPasswordIsRefusedAfterTheAllowedAttempts() throws Exception {
        CommandServers.addUser(root, "dougm", "foobar");
        try (TestServer server = CommandServers.start(root, CommandServers.LOGIN_REQUIRED, "CommandLoginAttempts 3");
             CommandClient client = new CommandClient(server.port(0))) {
            for (int attempt = 1; attempt <= 3; attempt++) {
                client.readUntil("Login: ");
                client.send("dougm");
                client.readUntil("Password: ");
                client.send("wrong" + attempt);
                client.readLine(); // the line end the client did not echo
                assertThat(client.readLine()).isEqualTo(attempt < 3 ? "Login incorrect" : "Access Denied");
            }
            assertThat(client.closedByServer()).isTrue();
            assertThat(client.pendingText()).isEmpty();
        }
    }

    @Test
    void unknownUserIsDenied() throws Exception {
        CommandServers.addUser(root, "dougm", "foobar");
        try (TestServer server = CommandServers.start(root, CommandServers.LOGIN_REQUIRED, "CommandLoginAttempts 1");
             CommandClient client = new CommandClient(server.port(0))) {
            client.readUntil("Login: ");
            client.send("mallory");
            client.readUntil("Password: ");
            client.send("foobar");
            assertThat(client.readUntil("Access Denied\r\n")).doesNotContain("Welcome");
            assertThat(client.closedByServer()).isTrue();
        }
    }

    @Test
    void wrongLoginIsFollowedByTheConfiguredDelay() throws Exception {
        CommandServers.addUser(root, "dougm", "foobar");
        try (TestServer server = CommandServers.start(root, CommandServers.LOGIN_REQUIRED,
                "CommandLoginFailureDelay 0.4\nCommandLoginAttempts 2");
             CommandClient client = new CommandClient(server.port(0))) {
            client.readUntil("Login: ");
            client.send("dougm");
            client.readUntil("Password: ");
            long start = System.nanoTime();
            client.send("wrong");
            client.readUntil("Login incorrect\r\n");
            assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(400);
            // the second attempt may still succeed
            client.readUntil("Login: ");
            client.send("dougm");
            client.readUntil("Password: ");
            client.send("foobar");
            assertThat(client.readLineStartingWith("Welcome to ")).contains("dougm");
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"Require ip 10.0.0.0/8", "Order Deny,Allow\nDeny from 127.0.0.1"})
    void refusedAddressIsDeniedWithoutAPrompt(String rules) throws Exception {
        try (TestServer server = CommandServers.start(root, rules, "");
             CommandClient client = new CommandClient(server.port(0))) {
            assertThat(client.readLine()).isEqualTo("Access Denied");
            assertThat(client.closedByServer()).isTrue();
            assertThat(client.pendingText()).isEmpty();
        }
    }

    /** The command server has no request methods: only the rules outside {@code <Limit>} count. */
    @Test
    void rulesLimitedToMethodsDoNotApply() throws Exception {
        String location = """
                <Limit GET>
                    Require all denied
                </Limit>
                <LimitExcept GET>
                    Order Deny,Allow
                    Deny from all
                </LimitExcept>
                Require all granted
                """;
        try (TestServer server = CommandServers.start(root, location, "");
             CommandClient client = new CommandClient(server.port(0))) {
            assertThat(client.readLine()).isEqualTo("Welcome to the Sluice command server on command.test.");
        }
        String limitedOnly = "<LimitExcept GET>\nRequire ip 10.0.0.0/8\n</LimitExcept>\n";
        try (TestServer server = CommandServers.start(root, limitedOnly, "");
             CommandClient client = new CommandClient(server.port(0))) {
            assertThat(client.readLine()).isEqualTo("Welcome to the Sluice command server on command.test.");
        }
    }

    @Test
    void addressRuleWithSatisfyAnyLetsTheClientInWithoutLogin() throws Exception {
        String location = """
                Order Deny,Allow
                Deny from all
                Allow from 127.0.0.1
                Satisfy any
                """ + CommandServers.LOGIN_REQUIRED;
        try (TestServer server = CommandServers.start(root, location, "");
             CommandClient client = new CommandClient(server.port(0))) {
            assertThat(client.readLine()).isEqualTo("Welcome to the Sluice command server on command.test.");
            assertThat(client.readLine()).startsWith("Available commands: ");
            assertThat(client.command("who", 1).get(0)).startsWith(Login.ANONYMOUS + " ");
        }
    }

    @Test
    void seedConfigurationWithSatisfyAllAsksLocalClientsToLogIn() throws Exception {
        CommandServers.addUser(root, "dougm", "foobar");
        String location = """
                Order Deny,Allow
                Deny from all
                Allow from 127.0.0.1
                Satisfy all
                """ + CommandServers.LOGIN_REQUIRED;
        try (TestServer server = CommandServers.start(root, location, "");
             CommandClient client = new CommandClient(server.port(0))) {
            client.login("dougm", "foobar");
            assertThat(client.command("who", 1).get(0)).startsWith("dougm ");
        }
    }

    @Test
    void requireAllOfAddressAndUserAsksForLogin() throws Exception {
        CommandServers.addUser(root, "dougm", "foobar");
        String location = """
                AuthType Basic
                AuthName command
                AuthUserFile conf/basic-auth
                <RequireAll>
                    Require ip 127.0.0.1
                    Require valid-user
                </RequireAll>
                """;
        try (TestServer server = CommandServers.start(root, location, "");
             CommandClient client = new CommandClient(server.port(0))) {
            client.login("dougm", "foobar");
        }
    }

    @Test
    void missingPasswordFileDeniesAndLogsWhy() throws Exception {
        try (LogCapture log = new LogCapture();
             TestServer server = CommandServers.start(root);
             CommandClient client = new CommandClient(server.port(0))) {
            assertThat(Files.exists(root.resolve("conf/basic-auth"))).isFalse();
            client.readUntil("Login: ");
            client.send("dougm");
            client.readUntil("Password: ");
            client.send("foobar");
            assertThat(client.readUntil("Access Denied\r\n")).doesNotContain("Welcome");
            assertThat(client.closedByServer()).isTrue();
            List<String> warnings = log.warnings();
            assertThat(warnings).anySatisfy(w -> assertThat(w).startsWith("ERROR").contains("basic-auth"));
        }
    }

    @Test
    void commentedPasswordFileAsShippedAcceptsUsersAddedByHtpasswd() throws Exception {
        Path file = root.resolve("conf/basic-auth");
        Files.createDirectories(file.getParent());
        Files.copy(Path.of("../../conf/basic-auth"), file);
        CommandServers.addUser(root, "-B", "dougm", "foobar");
        assertThat(Files.readString(file)).startsWith("#");
        try (TestServer server = CommandServers.start(root);
             CommandClient client = new CommandClient(server.port(0))) {
            client.login("dougm", "foobar");
        }
    }
}
