package org.sluice.http.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class HttpProtocolTest extends HttpServerTestBase {

    @Test
    void twoRequestsShareOneConnectionUntilConnectionClose() throws Exception {
        start("");
        htdocs("a.txt", "AAA");
        String reply = raw("GET /a.txt HTTP/1.1\r\nHost: x\r\n\r\nGET /a.txt HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        assertThat(count(reply, "HTTP/1.1 200 OK")).isEqualTo(2);
        assertThat(reply).contains("Connection: close").endsWith("AAA");
    }

    @Test
    void afterAGracefulRestartNewConnectionsRunTheNewConfigurationsHandlers() throws Exception {
        String generated = "<Location /generated>\nSetHandler json-writer\n</Location>\n";
        start(generated);
        String request = "GET /generated HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
        // no module offers the handler: the request is served as a file, and there is none
        assertThat(raw(request)).startsWith("HTTP/1.1 404 ");

        reload(TestHandlersModule.LOAD + generated);

        assertThat(raw(request)).startsWith("HTTP/1.1 200 ").contains("Content-Type: application/json")
                .contains(TestHandlersModule.TEXT);
    }

    @Test
    void aKeptAliveConnectionOfTheOldConfigurationAnswersItsNextRequestWithConnectionClose() throws Exception {
        start("KeepAliveTimeout 30\n");
        htdocs("a.txt", "AAA");
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            byte[] get = "GET /a.txt HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
            out.write(get);
            assertThat(readResponse(in)).startsWith("HTTP/1.1 200 OK").doesNotContain("Connection: close");

            reload("KeepAliveTimeout 30\n");
            out.write(get);

            assertThat(readResponse(in)).startsWith("HTTP/1.1 200 OK").contains("Connection: close").endsWith("AAA");
            assertThat(in.read()).isEqualTo(-1);
        }
    }

    @Test
    void keepAliveMaxCountsDownTheRequestsLeft() throws Exception {
        start("MaxKeepAliveRequests 3\n");
        htdocs("a.txt", "AAA");
        String get = "GET /a.txt HTTP/1.1\r\nHost: x\r\nConnection: keep-alive\r\n\r\n";

        String replies = raw(get + get + get);

        assertThat(replies).contains("Keep-Alive: timeout=1, max=2\r\nConnection: Keep-Alive\r\n")
                .contains("Keep-Alive: timeout=1, max=1\r\n");
        assertThat(replies.split("HTTP/1.1 200 ", -1)).hasSize(4);
        assertThat(replies.substring(replies.lastIndexOf("HTTP/1.1 200 "))).contains("Connection: close\r\n");
    }

    @Test
    void keepAliveIsReusedOverOneSocket() throws Exception {
        start("");
        htdocs("a.txt", "AAA");
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            for (int i = 0; i < 2; i++) {
                out.write("GET /a.txt HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                String response = readResponse(in);
                // HTTP/1.1 keeps the connection without saying so, as httpd answers
                assertThat(response).startsWith("HTTP/1.1 200 OK").doesNotContain("Keep-Alive")
                        .doesNotContain("Connection:").endsWith("AAA");
            }
        }
    }

    @Test
    void keepAliveIsNamedForAClientThatAsksWithConnectionKeepAlive() throws Exception {
        start("");
        htdocs("a.txt", "AAA");
        String replies = raw("GET /a.txt HTTP/1.1\r\nHost: x\r\nConnection: keep-alive\r\n\r\n"
                + "GET /a.txt HTTP/1.0\r\nConnection: keep-alive\r\n\r\n"
                + "GET /a.txt HTTP/1.0\r\n\r\n");
        String[] responses = replies.split("(?=HTTP/1.1 200 )");
        assertThat(responses).hasSize(3);
        assertThat(responses[0]).contains("\r\nKeep-Alive: timeout=1, max=99\r\nConnection: Keep-Alive\r\n");
        assertThat(responses[1]).contains("\r\nKeep-Alive: timeout=1, max=98\r\nConnection: Keep-Alive\r\n");
        assertThat(responses[2]).contains("\r\nConnection: close\r\n").doesNotContain("Keep-Alive");
    }

    @Test
    void pipelinedRequestsAreAnsweredInOrder() throws Exception {
        start("");
        htdocs("1.txt", "one");
        htdocs("2.txt", "two");
        htdocs("3.txt", "three");
        String reply = raw("GET /1.txt HTTP/1.1\r\nHost: x\r\n\r\nGET /2.txt HTTP/1.1\r\nHost: x\r\n\r\n"
                + "GET /missing HTTP/1.1\r\nHost: x\r\n\r\nGET /3.txt HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        int one = reply.indexOf("one");
        int two = reply.indexOf("two");
        int missing = reply.indexOf("404 Not Found");
        int three = reply.indexOf("three");
        assertThat(one).isPositive();
        assertThat(two).isGreaterThan(one);
        assertThat(missing).isGreaterThan(two);
        assertThat(three).isGreaterThan(missing);
    }

    @Test
    void expectContinueWithoutABodyGetsNo100() throws Exception {
        start("");
        htdocs("a.txt", "AAA");
        String reply = raw("GET /a.txt HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\n\r\n"
                + "GET /a.txt HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        assertThat(reply).doesNotContain("100 Continue").startsWith("HTTP/1.1 200 ");
        assertThat(count(reply, "HTTP/1.1 200 OK")).isEqualTo(2);
    }

    @Test
    void tooLongRequestLineIs414() throws Exception {
        start("LimitRequestLine 100\n");
        String reply = raw("GET /" + "a".repeat(200) + " HTTP/1.1\r\nHost: x\r\n\r\n");
        assertThat(reply).startsWith("HTTP/1.1 414 ").contains("Connection: close");
    }

    @Test
    void tooManyOrTooLongFieldsAre400() throws Exception {
        start("LimitRequestFields 3\nLimitRequestFieldSize 50\n");
        assertThat(raw("GET / HTTP/1.1\r\nHost: x\r\nA: 1\r\nB: 2\r\nC: 3\r\n\r\n")).startsWith("HTTP/1.1 400 ");
        assertThat(raw("GET / HTTP/1.1\r\nHost: x\r\nA: " + "b".repeat(80) + "\r\n\r\n")).startsWith("HTTP/1.1 400 ");
    }

    @Test
    void tooLargeBodyIs413() throws Exception {
        start("LimitRequestBody 10\n");
        assertThat(raw("POST /x HTTP/1.1\r\nHost: x\r\nContent-Length: 11\r\n\r\nhello world"))
                .startsWith("HTTP/1.1 413 ");
    }

    @Test
    void smugglingAttemptGetsOneErrorAndNothingElse() throws Exception {
        start("");
        htdocs("a.txt", "AAA");
        String reply = raw("POST /a.txt HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "0\r\n\r\nGET /a.txt HTTP/1.1\r\nHost: x\r\n\r\n");
        assertThat(reply).startsWith("HTTP/1.1 400 ");
        assertThat(count(reply, "HTTP/1.1 ")).isEqualTo(1);
        assertThat(reply).contains("Connection: close").doesNotContain("AAA");
    }

    @Test
    void optionsAsteriskIsAPongWithoutAllowOrHeaderRules() throws Exception {
        start("Header set X-S s\nHeader always set X-A a\n");
        htdocs("a.txt", "AAA");

        String replies = raw("OPTIONS * HTTP/1.1\r\nHost: x\r\n\r\n"
                + "GET /a.txt HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");

        String pong = replies.substring(0, replies.indexOf("HTTP/1.1", 1));
        assertThat(pong).startsWith("HTTP/1.1 200 OK\r\n").contains("\r\nContent-Length: 0\r\n")
                .doesNotContain("Allow").doesNotContain("X-S").doesNotContain("X-A");
        assertThat(replies.substring(pong.length())).startsWith("HTTP/1.1 200 ").contains("X-S: s").endsWith("AAA");
    }

    @Test
    void connectToAnAuthorityIsNotAllowedAndTheConnectionGoesOn() throws Exception {
        start("");
        htdocs("a.txt", "AAA");

        String replies = raw("CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n"
                + "GET /a.txt HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");

        assertThat(replies).startsWith("HTTP/1.1 405 ").contains("Allow: GET,POST,OPTIONS,HEAD,TRACE\r\n");
        assertThat(replies.substring(replies.indexOf("HTTP/1.1", 1))).startsWith("HTTP/1.1 200 ").endsWith("AAA");
    }

    @Test
    void bareLfIsRefused() throws Exception {
        start("");
        assertThat(raw("GET / HTTP/1.1\nHost: x\n\n")).startsWith("HTTP/1.1 400 ");
    }

    @Test
    void traversalCorpusNeverLeavesTheRoot() throws Exception {
        Files.writeString(root.resolve("secret.txt"), "TOP SECRET");
        start("<Directory " + root.resolve("htdocs") + ">\nOptions None\n</Directory>\n");
        htdocs("ok.txt", "fine");
        Files.createSymbolicLink(root.resolve("htdocs/link.txt"), root.resolve("secret.txt"));
        Files.createSymbolicLink(root.resolve("htdocs/up"), root);
        List<String> attacks = List.of("/../secret.txt", "/%2e%2e/secret.txt", "/.%2e/secret.txt", "/..%2fsecret.txt",
                "/%2e%2e%2fsecret.txt", "/ok.txt/../../secret.txt", "/link.txt", "/up/secret.txt", "/ok.txt%00",
                "/..%5csecret.txt", "/%c0%ae%c0%ae/secret.txt", "//../secret.txt");
        for (String attack : attacks) {
            String reply = raw("GET " + attack + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            assertThat(reply).as(attack).doesNotContain("TOP SECRET").doesNotStartWith("HTTP/1.1 200");
        }
        assertThat(raw("GET /ok.txt HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")).endsWith("fine");
    }

    @Test
    void symlinksAreFollowedWithFollowSymLinks() throws Exception {
        Files.createDirectories(root.resolve("elsewhere"));
        Files.writeString(root.resolve("elsewhere/f.txt"), "linked");
        start("");
        Files.createSymbolicLink(root.resolve("htdocs/ln"), root.resolve("elsewhere"));
        assertThat(get("/ln/f.txt").body()).isEqualTo("linked");
    }

    @Test
    void basicAuthAsks401ThenGrantsOrForbids() throws Exception {
        Path passwords = root.resolve("htpasswd");
        // "secret" for alice, {SHA} as htpasswd -s writes it
        Files.writeString(passwords, "alice:{SHA}5en6G6MezRroT3XKqkdPOmY/BfQ=\nbob:{SHA}5en6G6MezRroT3XKqkdPOmY/BfQ=\n");
        start("<Location /private>\nAuthType Basic\nAuthName \"Private Area\"\nAuthUserFile " + passwords
                + "\nRequire user alice\nAuthzSendForbiddenOnFailure On\n</Location>\n");
        htdocs("private/p.txt", "private stuff");
        var unauthenticated = get("/private/p.txt");
        assertThat(unauthenticated.statusCode()).isEqualTo(401);
        assertThat(unauthenticated.headers().firstValue("WWW-Authenticate")).hasValue("Basic realm=\"Private Area\"");
        var alice = get("/private/p.txt", "Authorization", basic("alice", "secret"));
        assertThat(alice.statusCode()).isEqualTo(200);
        assertThat(alice.body()).isEqualTo("private stuff");
        assertThat(get("/private/p.txt", "Authorization", basic("alice", "wrong")).statusCode()).isEqualTo(401);
        assertThat(get("/private/p.txt", "Authorization", basic("bob", "secret")).statusCode()).isEqualTo(403);
    }

    @Test
    void accessLogHasOneCombinedLinePerRequest() throws Exception {
        start("");
        htdocs("a.txt", "12345");
        get("/a.txt", "User-Agent", "tester/1.0", "Referer", "http://r.example/");
        get("/none");
        Path log = root.resolve("logs/access_log");
        await().atMost(Duration.ofSeconds(5)).until(() -> Files.exists(log) && Files.readAllLines(log).size() >= 2);
        List<String> lines = Files.readAllLines(log);
        assertThat(lines.get(0)).matches("127\\.0\\.0\\.1 - - \\[.+\\] \"GET /a.txt HTTP/1.1\" 200 5 "
                + "\"http://r.example/\" \"tester/1.0\"");
        assertThat(lines.get(1)).matches("127\\.0\\.0\\.1 - - \\[.+\\] \"GET /none HTTP/1.1\" 404 \\d+ \"-\" \".*\"");
    }

    @Test
    void curlFetchesAFile() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/curl")));
        start("");
        htdocs("index.html", "<h1>curl</h1>");
        Process curl = new ProcessBuilder("/usr/bin/curl", "-s", "-i", "http://127.0.0.1:" + port + "/")
                .redirectErrorStream(true).start();
        String out = new String(curl.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        assertThat(curl.waitFor()).isZero();
        assertThat(out).startsWith("HTTP/1.1 200 OK").endsWith("<h1>curl</h1>");
    }

    private static String basic(String user, String password) {
        return "Basic " + java.util.Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
}
