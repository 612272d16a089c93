package org.sluice.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code CustomLog}: one line per connection, for the echo protocol too. */
class CustomLogTest {

    @TempDir
    Path directory;

    @Test
    void eachConnectionLogsOneLineWithItsAddressBytesHostAndPort() {
        ServerRoot root = ServerRoot.copyOfDefault(directory);
        root.write("conf/log.conf", """
                LoadModule echo
                ServerName main.localhost
                LogFormat "%a %I %O %v %p" counted
                CustomLog logs/counted_log counted
                Listen ${ECHO_PORT} echo
                <VirtualHost *:${ECHO_PORT}>
                    ServerName echo.it
                    ProtocolHandler echo
                </VirtualHost>
                """);
        Path log = root.resolve("logs/counted_log");
        try (SluiceProcess server = SluiceProcess.builder(root.path()).port("ECHO_PORT").args("-f", "conf/log.conf").start()) {
            int port = server.port("ECHO_PORT");
            try (LineClient client = LineClient.connect(port)) {
                assertThat(client.exchange("Hello")).isEqualTo("Hello");        // 7 in, 7 out
                client.send("\r\n");                                            // 2 in
                assertThat(client.isClosedByServer()).isTrue();
            }
            try (LineClient client = LineClient.connect(port)) {
                assertThat(client.exchange("ÄÖÜ and more")).isEqualTo("ÄÖÜ and more"); // 17 in, 17 out
                assertThat(client.exchange("x")).isEqualTo("x");                      // 3 in, 3 out
            } // closed by the client: no blank line

            List<String> expected = List.of("127.0.0.1 9 7 echo.it " + port, "127.0.0.1 20 20 echo.it " + port);
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(Files.readAllLines(log)).containsExactlyInAnyOrderElementsOf(expected));
            assertThat(server.stop()).isZero();
        }
    }
}
