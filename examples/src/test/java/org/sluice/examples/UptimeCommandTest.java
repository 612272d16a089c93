package org.sluice.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sluice.testing.TestServer;

/** The uptime module's command, in a real command server. */
class UptimeCommandTest {

    @TempDir
    Path root;

    @Test
    void uptimeIsListedAndAnswersWithTheServersUptime() throws Exception {
        int port = TestServer.freePort();
        String config = """
                LoadModule command
                LoadModule uptime
                Listen 127.0.0.1:%d command
                <Location command>
                    Require ip 127.0.0.1
                </Location>
                """.formatted(port);
        try (TestServer server = TestServer.start(root, config);
             Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(5000);
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            OutputStream out = socket.getOutputStream();
            assertThat(in.readLine()).startsWith("Welcome to ");
            assertThat(in.readLine()).isEqualTo("Available commands: motd date who help quit uptime");

            out.write("help\r\n".getBytes(StandardCharsets.US_ASCII));
            for (int i = 0; i < 5; i++) {
                in.readLine();
            }
            assertThat(in.readLine()).startsWith("uptime").contains("how long the server has been running");

            out.write("uptime\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(in.readLine()).matches("up 00:00:\\d\\d, 1 connection open, 1 since start");
        }
    }

    @Test
    void longUptimesCountDays() {
        assertThat(UptimeCommand.format(Duration.ofSeconds(59))).isEqualTo("00:00:59");
        assertThat(UptimeCommand.format(Duration.ofHours(25).plusMinutes(3))).isEqualTo("1 day, 01:03:00");
        assertThat(UptimeCommand.format(Duration.ofDays(3))).isEqualTo("3 days, 00:00:00");
    }
}
