package org.sluice.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code DumpIOInput} and {@code DumpIOOutput} (module {@code dumpio}, as mod_dumpio): with
 * {@code LogLevel dumpio:trace7} every read and every bucket sent goes to the error log, bytes
 * escaped; a virtual host without them dumps nothing.
 */
class DumpIoTest {

    @TempDir
    Path directory;

    @Test
    void whatAConnectionReadsAndSendsIsInTheErrorLog() {
        ServerRoot root = ServerRoot.copyOfDefault(directory);
        root.write("conf/dumpio.conf", """
                LoadModule echo
                LoadModule dumpio
                ServerName main.localhost
                LogLevel warn dumpio:trace7
                Listen ${ECHO_PORT} echo
                <VirtualHost *:${ECHO_PORT}>
                    ServerName dumped.localhost
                    ProtocolHandler echo
                    DumpIOInput On
                    DumpIOOutput On
                </VirtualHost>
                Listen ${ECHO_LC_PORT} echo
                <VirtualHost *:${ECHO_LC_PORT}>
                    ServerName quiet.localhost
                    ProtocolHandler echo
                </VirtualHost>
                """);
        try (SluiceProcess server = SluiceProcess.builder(root.path()).port("ECHO_PORT").port("ECHO_LC_PORT")
                .args("-f", "conf/dumpio.conf").start()) {
            try (LineClient client = LineClient.connect(server.port("ECHO_LC_PORT"))) {
                assertThat(client.exchange("not for the log")).isEqualTo("not for the log");
            }
            try (LineClient client = LineClient.connect(server.port("ECHO_PORT"))) {
                assertThat(client.exchange("Hello\tthere")).isEqualTo("Hello\tthere");
            }

            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(server.stderr())
                    .contains("dumpio_in [getline-blocking]")
                    .contains("dumpio_in (data-HEAP): 13 bytes")
                    .contains("dumpio_in (data-HEAP): Hello\\tthere\\r\\n")
                    .contains("dumpio_out (data-HEAP): Hello\\tthere\\r\\n")
                    .contains("dumpio_out (metadata-FLUSH): 0 bytes"));
            assertThat(server.stderr()).doesNotContain("not for the log");
            assertThat(server.stop()).isZero();
        }
    }
}
