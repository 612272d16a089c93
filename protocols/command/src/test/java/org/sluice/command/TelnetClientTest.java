package org.sluice.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sluice.testing.TestServer;

/** The real telnet client, driven by expect, as a user at a terminal would use it. */
class TelnetClientTest {

    @TempDir
    Path root;

    @Test
    void telnetSessionShowsEverythingButThePassword() throws Exception {
        assumeThat(Files.isExecutable(Path.of("/usr/bin/expect"))).as("expect is installed").isTrue();
        assumeThat(Files.isExecutable(Path.of("/usr/bin/telnet"))).as("telnet is installed").isTrue();
        CommandServers.addUser(root, "dougm", "s3cretpw");
        Path script = root.resolve("session.exp");
        Files.writeString(script, """
                set timeout 10
                spawn telnet 127.0.0.1 [lindex $argv 0]
                expect timeout { exit 2 } "Login: "
                send "dougm\\r"
                expect timeout { exit 2 } "Password: "
                send "s3cretpw\\r"
                expect timeout { exit 2 } "Available commands:"
                send "motd\\r"
                expect timeout { exit 2 } "mind the sluice gates"
                send "date\\r"
                expect timeout { exit 2 } -re {[A-Z][a-z][a-z] [A-Z][a-z][a-z] [ 0-9][0-9] [0-9:]+ }
                send "who\\r"
                expect timeout { exit 2 } "dougm "
                send "quit\\r"
                expect timeout { exit 2 } "Connection closed by foreign host"
                expect eof
                """);
        try (TestServer server = CommandServers.start(root)) {
            Process expect = new ProcessBuilder("/usr/bin/expect", script.toString(), Integer.toString(server.port(0)))
                    .redirectErrorStream(true)
                    .start();
            expect.getOutputStream().close();
            boolean finished = expect.waitFor(30, TimeUnit.SECONDS);
            if (!finished) {
                expect.destroyForcibly();
            }
            String transcript = new String(expect.getInputStream().readAllBytes(), StandardCharsets.UTF_8)
                    .replace("\r", "");
            assertThat(finished).as("expect finished; transcript:%n%s", transcript).isTrue();
            assertThat(expect.exitValue()).as("expect's exit status; transcript:%n%s", transcript).isZero();

            assertThat(transcript)
                    .contains("Login: dougm\n")
                    .contains("Password: \n")
                    .contains("Welcome to the Sluice command server on command.test, dougm.")
                    .contains("Available commands: motd date who help quit")
                    .contains("Have a lot of fun...\nand mind the sluice gates.")
                    .containsPattern("\ndate\n\\w{3} \\w{3} [ \\d]\\d \\d\\d:\\d\\d:\\d\\d \\S+ \\d{4}\n")
                    .containsPattern("\nwho\ndougm +127\\.0\\.0\\.1:\\d+ ")
                    .contains("quit\nBye.\nConnection closed by foreign host.")
                    .doesNotContain("s3cretpw");
        }
    }
}
