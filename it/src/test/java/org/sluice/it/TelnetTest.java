package org.sluice.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The seed's transcript with the real telnet client, driven by expect. */
class TelnetTest {

    private static final Path EXPECT = Path.of("/usr/bin/expect");
    private static final Path TELNET = Path.of("/usr/bin/telnet");

    /** Types two lines and an empty one; every expectation that fails to appear within 10 s exits non-zero. */
    private static final String SCRIPT = """
            set timeout 10
            set port [lindex $argv 0]
            spawn %s 127.0.0.1 $port
            expect {
                "Escape character is '^]'." {}
                timeout { exit 2 }
                eof { exit 3 }
            }
            send "Hello\\r"
            expect {
                -re "Hello\\r\\n(.*\\r\\n)?Hello\\r\\n" {}
                timeout { exit 4 }
            }
            send "fOo BaR\\r"
            expect {
                -re "fOo BaR\\r\\n(.*\\r\\n)?fOo BaR\\r\\n" {}
                timeout { exit 5 }
            }
            send "\\r"
            expect {
                "Connection closed by foreign host." {}
                timeout { exit 6 }
            }
            expect eof
            exit 0
            """;

    @TempDir
    Path directory;

    @Test
    void telnetGetsTheSeedTranscriptAndIsClosedAfterAnEmptyLine() throws Exception {
        assumeTrue(Files.isExecutable(EXPECT) && Files.isExecutable(TELNET), "needs /usr/bin/expect and /usr/bin/telnet");
        Path script = Files.writeString(directory.resolve("echo.exp"), SCRIPT.formatted(TELNET));
        try (SluiceProcess server = SluiceProcess.builder(ServerRoot.copyOfDefault(directory.resolve("root")).path())
                .port("ECHO_PORT").port("ECHO_LC_PORT").port("HTTP_PORT").port("COMMAND_PORT").port("SMTP_PORT").start()) {
            Process expect = new ProcessBuilder(EXPECT.toString(), script.toString(), String.valueOf(server.port("ECHO_PORT")))
                    .redirectErrorStream(true).start();
            try {
                byte[] output = expect.getInputStream().readAllBytes();
                assertThat(expect.waitFor(30, TimeUnit.SECONDS)).isTrue();
                String transcript = new String(output, StandardCharsets.UTF_8);
                assertThat(expect.exitValue()).as("expect's exit code; transcript:%n%s", transcript).isZero();
                List<String> lines = transcript.lines().map(String::strip).toList();
                assertThat(lines).containsSubsequence("Hello", "Hello", "fOo BaR", "fOo BaR",
                        "Connection closed by foreign host.");
            } finally {
                expect.destroyForcibly();
            }
            assertThat(server.stop()).isZero();
        }
    }
}
