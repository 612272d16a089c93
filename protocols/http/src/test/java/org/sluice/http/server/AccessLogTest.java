package org.sluice.http.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The request codes of the access log for a request answered through an internal redirect
 * ({@code ErrorDocument}): as in mod_log_config, {@code %s} is the original request's status
 * and {@code %>s} the final one's, and {@code <} or {@code >} picks the request for any code.
 */
class AccessLogTest extends HttpServerTestBase {

    private static final String STATUS_LOG = "LogFormat \"%s %>s %<s %U %>U %<U\" statuses\n"
            + "CustomLog logs/status_log statuses\n";

    @Test
    void errorDocumentMadeByAHandlerLogsTheOriginalAndTheFinalStatus() throws Exception {
        start(TestHandlersModule.LOAD + STATUS_LOG + "ErrorDocument 404 /errors/404\n"
                + "<Location /errors/404>\nSetHandler error-page\n</Location>\n");

        HttpResponse<String> response = get("/missing");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("the error page for /missing\n");
        assertThat(logLine("status_log")).isEqualTo("404 200 404 /missing /errors/404 /missing");
    }

    @Test
    void staticErrorDocumentKeepsTheErrorStatusInBoth() throws Exception {
        start(STATUS_LOG + "ErrorDocument 404 /404.html\n");
        htdocs("404.html", "<p>not here</p>\n");

        HttpResponse<String> response = get("/missing");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.body()).isEqualTo("<p>not here</p>\n");
        assertThat(logLine("status_log")).isEqualTo("404 404 404 /missing /404.html /missing");
    }

    @Test
    void withoutARedirectEveryModifierDescribesTheSameRequest() throws Exception {
        start(STATUS_LOG);
        htdocs("a.txt", "AAA");

        assertThat(get("/a.txt").statusCode()).isEqualTo(200);

        assertThat(logLine("status_log")).isEqualTo("200 200 200 /a.txt /a.txt /a.txt");
    }

    @Test
    void combinedFormatLogsTheFinalStatus() throws Exception {
        start(TestHandlersModule.LOAD + "ErrorDocument 404 /errors/404\n"
                + "<Location /errors/404>\nSetHandler error-page\n</Location>\n");

        get("/missing");

        assertThat(logLine("access_log")).contains("\"GET /missing HTTP/1.1\" 200 ");
    }

    @Test
    void combinedFormatEscapesQuotesBackslashesAndBytesOutsidePrintableAscii() throws Exception {
        start("");
        htdocs("a.txt", "AAA");

        String reply = raw("GET /a.txt?q=\"x\" HTTP/1.1\r\nHost: x\r\nReferer: r\"\r\n"
                + "User-Agent: a\"b\\c\u00ff\td\r\nConnection: close\r\n\r\n");

        assertThat(reply).startsWith("HTTP/1.1 200 ");
        String line = logLine("access_log");
        assertThat(line).endsWith("\"GET /a.txt?q=\\\"x\\\" HTTP/1.1\" 200 3 \"r\\\"\" \"a\\\"b\\\\c\\xff\\td\"");
        // every field stays within its quotes: a combined-format parser splits the line as logged
        assertThat(line).matches("\\S+ \\S+ \\S+ \\[[^]]+] \"([^\"\\\\]|\\\\.)*\" \\d{3} \\S+ "
                + "\"([^\"\\\\]|\\\\.)*\" \"([^\"\\\\]|\\\\.)*\"");
    }

    /** The one line of {@code logs/NAME}, once it is there. */
    private String logLine(String name) throws Exception {
        Path log = root.resolve("logs").resolve(name);
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(log) && !Files.readAllLines(log).isEmpty());
        List<String> lines = Files.readAllLines(log);
        assertThat(lines).hasSize(1);
        return lines.get(0);
    }
}
