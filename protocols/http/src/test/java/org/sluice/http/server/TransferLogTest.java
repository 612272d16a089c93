package org.sluice.http.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * mod_log_config's {@code TransferLog} and {@code BufferedLogs}: a log in the server's default
 * format, the last {@code LogFormat} written without a nickname (wherever it stands), else
 * Common Log Format, as Apache httpd 2.4.71 chooses it.
 */
class TransferLogTest extends HttpServerTestBase {

    @Test
    void withoutADefaultFormatTheLineIsCommonLogFormat() throws Exception {
        start("TransferLog logs/transfer_log\n");
        htdocs("a.txt", "hello");

        get("/a.txt");

        assertThat(logLine("transfer_log")).matches("127\\.0\\.0\\.1 - - \\[[^]]+\\] \"GET /a.txt HTTP/1.1\" 200 5");
    }

    @Test
    void theLastFormatWithoutANicknameIsUsedEvenWhenWrittenAfter() throws Exception {
        start("LogFormat \"first %U\"\nTransferLog logs/transfer_log\nLogFormat \"%>s %U\"\nLogFormat \"%U\" nick\n");
        htdocs("a.txt", "hello");

        get("/a.txt");

        assertThat(logLine("transfer_log")).isEqualTo("200 /a.txt");
    }

    @Test
    void aNicknameAloneMakesItsFormatTheDefault() throws Exception {
        start("LogFormat \"%m %U\" short\nLogFormat short\nTransferLog logs/transfer_log\n");
        htdocs("a.txt", "hello");

        get("/a.txt");

        assertThat(logLine("transfer_log")).isEqualTo("GET /a.txt");
    }

    @Test
    void aVirtualHostsOwnDefaultFormatIsItsTransferLogs() throws Exception {
        start("LogFormat \"main %U\"\n<VirtualHost *>\nLogFormat \"other %U\"\n"
                + "TransferLog logs/transfer_log\n</VirtualHost>\n");
        htdocs("a.txt", "hello");

        get("/a.txt");

        assertThat(logLine("transfer_log")).isEqualTo("other /a.txt");
    }

    @Test
    void bufferedLogsIsAccepted() throws Exception {
        start("BufferedLogs On\nTransferLog logs/transfer_log\n");
        htdocs("a.txt", "hello");

        get("/a.txt");

        assertThat(logLine("transfer_log")).contains("\"GET /a.txt HTTP/1.1\" 200 5");
    }

    private String logLine(String name) throws Exception {
        Path log = root.resolve("logs").resolve(name);
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(log) && !Files.readAllLines(log).isEmpty());
        List<String> lines = Files.readAllLines(log);
        assertThat(lines).hasSize(1);
        return lines.get(0);
    }
}
