package org.sluice.http.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
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

    @Test
    void headerCodesLogRequestFieldsAndResponseFieldsIncludingThoseSentOnlyWithErrors() throws Exception {
        Path passwords = root.resolve("htpasswd");
        Files.writeString(passwords, "alice:{SHA}5en6G6MezRroT3XKqkdPOmY/BfQ=\n");
        start("LogFormat \"%{X-Asked}i|%{X-None}i|%{Content-Type}o|%{WWW-Authenticate}o|%{X-None}o\" fields\n"
                + "CustomLog logs/fields_log fields\n"
                + "<Location /private>\nAuthType Basic\nAuthName \"Area\"\nAuthUserFile " + passwords
                + "\nRequire valid-user\n</Location>\n");

        assertThat(get("/private/p.txt", "X-Asked", "by \"me\"").statusCode()).isEqualTo(401);

        // WWW-Authenticate is among the headers sent on errors (err_headers_out in Apache);
        // Content-Type is logged as mod_log_config logs it, without its parameters
        assertThat(logLine("fields_log")).isEqualTo("by \\\"me\\\"|-|text/html|Basic realm=\\\"Area\\\"|-");
    }

    @Test
    void contentTypeCodeLogsTheMediaTypeOfAFile() throws Exception {
        start("LogFormat \"%{content-type}o %>s\" types\nCustomLog logs/types_log types\n"
                + "<Files \"b.txt\">\nForceType \"text/plain; charset=utf-8\"\n</Files>\n");
        htdocs("b.txt", "BBB");

        assertThat(get("/b.txt").headers().firstValue("Content-Type")).hasValue("text/plain; charset=utf-8");

        assertThat(logLine("types_log")).isEqualTo("text/plain 200");
    }

    @Test
    void keepAliveCodesCountTheConnectionsRequestsAndSayWhetherItGoesOn() throws Exception {
        start("LogFormat \"%k %X %V\" kept\nCustomLog logs/kept_log kept\n");
        htdocs("a.txt", "AAA");
        String get = "GET /a.txt HTTP/1.1\r\nHost: Foo.Example\r\n";

        String replies = raw(get + "\r\n" + get + "\r\n" + get + "Connection: close\r\n\r\n");

        assertThat(replies.split("HTTP/1.1 200 ", -1)).hasSize(4);
        // %V: the name the client asked for, as httpd's UseCanonicalName Off
        assertThat(logLines("kept_log", 3)).containsExactly("0 + foo.example", "1 + foo.example", "2 - foo.example");
    }

    @Test
    void portCodesGiveServerNamesPortAndTheConnectionsAsHttpdDoes() throws Exception {
        start("LogFormat \"%p %{canonical}p %{local}p\" ports\n"
                + "<VirtualHost *:" + port + ">\nServerName named.example:8081\nCustomLog logs/named_log ports\n"
                + "</VirtualHost>\n");
        htdocs("a.txt", "AAA");
        assertThat(get("/a.txt").statusCode()).isEqualTo(200);
        assertThat(logLine("named_log")).isEqualTo("8081 8081 " + port);
    }

    @Test
    void theCanonicalPortIsHttpsOwnWhenServerNameNamesNone() throws Exception {
        start("LogFormat \"%p %{canonical}p %{local}p\" ports\nCustomLog logs/ports_log ports\n");
        htdocs("a.txt", "AAA");
        assertThat(get("/a.txt").statusCode()).isEqualTo(200);
        assertThat(logLine("ports_log")).isEqualTo("80 80 " + port);
    }

    @Test
    void timeToFirstByteIsKeptUnderLogIOTrackTTFBForTheResourcesResponsesOnly() throws Exception {
        start("LogFormat \"%U %^FB\" ttfb\nCustomLog logs/ttfb_log ttfb\n<Location /tracked>\nLogIOTrackTTFB On\n"
                + "</Location>\n");
        htdocs("a.txt", "AAA");
        htdocs("tracked/a.txt", "AAA");
        assertThat(get("/a.txt").statusCode()).isEqualTo(200);
        assertThat(get("/tracked/a.txt").statusCode()).isEqualTo(200);
        // the server's own 404 page passes no filter of mod_logio in httpd either
        assertThat(get("/tracked/none.txt").statusCode()).isEqualTo(404);
        List<String> lines = logLines("ttfb_log", 3);
        assertThat(lines.get(0)).isEqualTo("/a.txt -");
        assertThat(lines.get(1)).matches("/tracked/a\\.txt \\d+");
        assertThat(lines.get(2)).isEqualTo("/tracked/none.txt -");
    }

    @Test
    void trailerCodesAreRefusedAtTheirLine() {
        assertThatThrownBy(() -> org.sluice.testing.TestServer.check(root,
                "LoadModule http\nLogFormat \"%{X}^ti\" trailers\n"))
                .isInstanceOfSatisfying(org.sluice.config.ConfigException.class, e -> {
                    assertThat(e.getMessage()).contains("Unrecognized LogFormat directive %^ti");
                    assertThat(e.location().line()).isEqualTo(2);
                });
    }

    @Test
    void bytesInCountEachRequestOfAConnection() throws Exception {
        start("LogFormat \"%I %>s\" sizes\nCustomLog logs/sizes_log sizes\n");
        htdocs("a.txt", "AAA");
        String get = "GET /a.txt HTTP/1.1\r\nHost: x\r\n\r\n";
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
            socket.setSoTimeout(5000);
            for (int i = 0; i < 3; i++) {
                socket.getOutputStream().write(get.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                assertThat(readResponse(socket.getInputStream())).startsWith("HTTP/1.1 200 ");
            }
        }

        String each = get.length() + " 200";
        assertThat(logLines("sizes_log", 3)).containsExactly(each, each, each);
    }

    @Test
    void aRefusedRequestIsLoggedWithTheRequestLineThatWasRead() throws Exception {
        start("LogFormat \"%>s \\\"%r\\\"\" refusals\nCustomLog logs/refusals_log refusals\n");

        assertThat(raw("GET /a.txt HTTP/1.1\r\nConnection: close\r\n\r\n")).startsWith("HTTP/1.1 400 ");
        assertThat(raw("GARBAGE\r\n\r\n")).startsWith("HTTP/1.1 400 ");

        assertThat(logLines("refusals_log", 2)).containsExactly("400 \"GET /a.txt HTTP/1.1\"", "400 \"GARBAGE\"");
    }

    @Test
    void anIndexStandsForTheDirectoryAskedForAndTheProcessEnvironmentIsNotLogged() throws Exception {
        start("LogFormat \"%U %>U %s %{HOME}e\" index\nCustomLog logs/index_log index\n");
        htdocs("docs/index.html", "<p>index</p>");

        assertThat(get("/docs/").body()).isEqualTo("<p>index</p>");

        // httpd's DirectoryIndex makes the request for the index stand for the one for the directory
        assertThat(logLine("index_log")).isEqualTo("/docs/index.html /docs/index.html 200 -");
    }

    @Test
    void cookieHandlerNoteAndTransferCodes() throws Exception {
        start(TestHandlersModule.LOAD + "LogFormat \"%{a}C|%{b}C|%{zz}C|%R|%{seen}n|%S|%I|%O\" more\n"
                + "CustomLog logs/more_log more\nHeader set X-Mark marked\nHeader note X-Mark seen\n"
                + "<Location /gen>\nSetHandler html-writer\n</Location>\n");
        htdocs("a.txt", "a");
        assertThat(get("/gen", "Cookie", "b=2; a = 1 ;c=3").statusCode()).isEqualTo(200);
        String[] fields = logLine("more_log").split("\\|");
        assertThat(fields).hasSize(8);
        assertThat(List.of(fields).subList(0, 5)).containsExactly("1", "2", "-", "html-writer", "marked");
        assertThat(Long.parseLong(fields[5])).isEqualTo(Long.parseLong(fields[6]) + Long.parseLong(fields[7]))
                .isGreaterThan(0);
    }

    @Test
    void aRefusedUserIsLoggedAsTheOneWhoTried() throws Exception {
        Path passwords = root.resolve("htpasswd");
        Files.writeString(passwords, "alice:{SHA}5en6G6MezRroT3XKqkdPOmY/BfQ=\n");
        start("LogFormat \"%u %>s\" users\nCustomLog logs/users_log users\n"
                + "<Location /private>\nAuthType Basic\nAuthName \"Area\"\nAuthUserFile " + passwords
                + "\nRequire valid-user\n</Location>\n");
        htdocs("private/p.txt", "p");
        String wrong = "Basic " + java.util.Base64.getEncoder().encodeToString("alice:wrong".getBytes());

        assertThat(get("/private/p.txt", "Authorization", wrong).statusCode()).isEqualTo(401);

        assertThat(logLine("users_log")).isEqualTo("alice 401");
    }

    @Test
    void aRequestWhoseClientGoesAwayMidResponseIsLoggedAsAborted() throws Exception {
        start("LogFormat \"%U %>s %X\" aborts\nCustomLog logs/aborts_log aborts\n");
        byte[] big = new byte[16 * 1024 * 1024];
        Files.write(root.resolve("htdocs/big.bin"), big);
        try (java.net.Socket socket = new java.net.Socket()) {
            socket.setReceiveBufferSize(32 * 1024);
            socket.connect(new java.net.InetSocketAddress("127.0.0.1", port), 5_000);
            socket.getOutputStream().write("GET /big.bin HTTP/1.1\r\nHost: x\r\n\r\n".getBytes());
            assertThat(socket.getInputStream().readNBytes(64 * 1024)).hasSize(64 * 1024);
            // a reset: the rest of the response can no longer be sent
            socket.setSoLinger(true, 0);
        }

        assertThat(logLine("aborts_log")).isEqualTo("/big.bin 200 X");
    }

    /** The first {@code count} lines of {@code logs/NAME}, once they are there. */
    private List<String> logLines(String name, int count) throws Exception {
        Path log = root.resolve("logs").resolve(name);
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(log) && Files.readAllLines(log).size() >= count);
        return Files.readAllLines(log).subList(0, count);
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
