package org.sluice.http.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A request body the handler does not read is read off (discarded) before the response, or
 * the response says {@code Connection: close}: never a keep-alive promise followed by a close,
 * and a malformed or too large body is answered 400 or 413, not after a success.
 */
class RequestBodyDiscardTest extends HttpServerTestBase {

    private static final String SMUGGLED = "GET /smuggled HTTP/1.1\r\nHost: x\r\n\r\n";

    // ---- Expect: 100-continue ----

    @Test
    void smallBodyAfter100ContinueIsDiscardedAndTheConnectionKept() throws Exception {
        start("");
        htdocs("a.txt", "AAA");
        try (Socket socket = socket()) {
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            send(out, "PUT /a.txt HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n");
            assertThat(readHead(in)).isEqualTo("HTTP/1.1 100 Continue\r\n\r\n");
            send(out, "hello");
            String first = readResponse(in);
            assertThat(first).startsWith("HTTP/1.1 405 ").doesNotContain("Connection: close");
            send(out, "GET /a.txt HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            assertThat(readAll(in)).startsWith("HTTP/1.1 200 OK").contains("Connection: close").endsWith("AAA");
        }
    }

    @Test
    void getWithBodyAfter100ContinueThenAPipelinedGet() throws Exception {
        start("");
        htdocs("a.txt", "AAA");
        try (Socket socket = socket()) {
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            send(out, "GET /a.txt HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n");
            assertThat(readHead(in)).isEqualTo("HTTP/1.1 100 Continue\r\n\r\n");
            send(out, "helloGET /a.txt HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            String rest = readAll(in);
            assertThat(count(rest, "HTTP/1.1 200 OK")).isEqualTo(2);
            assertThat(count(rest, "HTTP/1.1 ")).isEqualTo(2);
            assertThat(rest.substring(0, rest.indexOf("AAA"))).doesNotContain("Connection:");
        }
    }

    @Test
    void bodyOverTheDiscardLimitAfter100ContinueIsNotAskedFor() throws Exception {
        start("");
        htdocs("a.txt", "AAA");
        try (Socket socket = socket()) {
            send(socket.getOutputStream(),
                    "PUT /a.txt HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 100000\r\n\r\n");
            String reply = readAll(socket.getInputStream());
            assertThat(reply).startsWith("HTTP/1.1 405 ").contains("Connection: close").doesNotContain("100 Continue")
                    .doesNotContain("Keep-Alive");
            assertThat(count(reply, "HTTP/1.1 ")).isEqualTo(1);
        }
    }

    @Test
    void chunkedBodyAfter100ContinueIsNotAskedFor() throws Exception {
        start("");
        htdocs("a.txt", "AAA");
        try (Socket socket = socket()) {
            send(socket.getOutputStream(),
                    "PUT /a.txt HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nTransfer-Encoding: chunked\r\n\r\n");
            String reply = readAll(socket.getInputStream());
            assertThat(reply).startsWith("HTTP/1.1 405 ").contains("Connection: close").doesNotContain("100 Continue");
        }
    }

    // ---- bodies discarded before the response ----

    static Stream<Arguments> badChunkedBodies() {
        String put = "PUT /a.txt HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n";
        String get = "GET /a.txt HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n";
        String big = "800\r\n" + "c".repeat(2048) + "\r\n0\r\n\r\n";
        return Stream.of(
                Arguments.of("chunk size 0x5", put + "0x5\r\nhello\r\n0\r\n\r\n", 400),
                Arguments.of("chunk size overflow", put + "10000000000000005\r\nhello\r\n0\r\n\r\n", 400),
                Arguments.of("chunk extension too long", put + "5;ext=" + "a".repeat(20000) + "\r\nhello\r\n0\r\n\r\n", 400),
                Arguments.of("no CRLF after chunk data", put + "3\r\nabcXX0\r\n\r\n", 400),
                Arguments.of("bare LF chunk lines", put + "5\nhello\n0\n\n", 400),
                Arguments.of("PUT body over LimitRequestBody", put + big, 413),
                Arguments.of("GET body over LimitRequestBody", get + big, 413),
                Arguments.of("404 with a bad body", "GET /missing HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                        + "zz\r\n", 400),
                Arguments.of("OPTIONS * with a bad body", "OPTIONS * HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                        + "0x5\r\nhello\r\n0\r\n\r\n", 400));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badChunkedBodies")
    void badChunkedBodyGetsOneErrorThatClosesTheConnection(String name, String request, int status) throws Exception {
        start("LimitRequestBody 1024\n");
        htdocs("a.txt", "AAA");
        String reply = raw(request + SMUGGLED);
        assertThat(reply).startsWith("HTTP/1.1 " + status + " ").contains("Connection: close")
                .doesNotContain("Keep-Alive").doesNotContain("AAA");
        assertThat(count(reply, "HTTP/1.1 ")).as("responses").isEqualTo(1);
        Path accessLog = root.resolve("logs/access_log");
        await().atMost(Duration.ofSeconds(5)).until(() -> Files.exists(accessLog)
                && Files.readAllLines(accessLog).stream().anyMatch(line -> line.contains("\" " + status + " ")));
        assertThat(Files.readAllLines(accessLog)).noneMatch(line -> line.contains("/smuggled"));
    }

    @Test
    void unreadBodiesAreDiscardedAndTheConnectionKept() throws Exception {
        start("");
        htdocs("a.txt", "AAA");
        String reply = raw("PUT /a.txt HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello"
                + "PUT /a.txt HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n"
                + "GET /missing HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc"
                + "OPTIONS * HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc"
                + "GET /a.txt HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        List<String> statuses = reply.lines().filter(line -> line.startsWith("HTTP/1.1 ")).toList();
        assertThat(statuses).containsExactly("HTTP/1.1 405 Method Not Allowed", "HTTP/1.1 405 Method Not Allowed",
                "HTTP/1.1 404 Not Found", "HTTP/1.1 200 OK", "HTTP/1.1 200 OK");
        assertThat(count(reply, "Connection: close")).isEqualTo(1);
        assertThat(reply).endsWith("AAA");
    }

    @Test
    void bodyOverTheDiscardLimitClosesTheConnection() throws Exception {
        start("");
        htdocs("a.txt", "AAA");
        int length = 1 << 20;
        try (Socket socket = socket()) {
            Thread writer = Thread.ofVirtual().start(() -> {
                try {
                    OutputStream out = socket.getOutputStream();
                    out.write(("PUT /a.txt HTTP/1.1\r\nHost: x\r\nContent-Length: " + length + "\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
                    out.write(new byte[length]);
                    out.flush();
                } catch (IOException e) {
                    // the server stops reading and closes: expected
                }
            });
            String reply = readUntilClosed(socket.getInputStream());
            writer.join(10_000);
            assertThat(reply).startsWith("HTTP/1.1 405 ").contains("Connection: close").doesNotContain("Keep-Alive");
            assertThat(count(reply, "HTTP/1.1 ")).isEqualTo(1);
        }
    }

    @Test
    void aHandlerThatLeavesTheBodyUnreadClosesTheConnection() throws Exception {
        // the test module's error-page handler writes its page without reading the body
        start(TestHandlersModule.LOAD + "<Location /page>\nSetHandler error-page\n</Location>\n");
        String reply = raw("GET /page HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello"
                + "GET /page HTTP/1.1\r\nHost: x\r\n\r\n");
        assertThat(reply).startsWith("HTTP/1.1 200 ").contains("Connection: close").doesNotContain("Keep-Alive");
        assertThat(count(reply, "HTTP/1.1 ")).isEqualTo(1);
    }

    // ---- errors that are not about framing ----

    @Test
    void encodedSlashOrNulIs404AndKeepsTheConnection() throws Exception {
        start("");
        htdocs("a.txt", "AAA");
        String reply = raw("GET /%2fetc/passwd HTTP/1.1\r\nHost: x\r\n\r\n"
                + "GET /a.txt%00 HTTP/1.1\r\nHost: x\r\n\r\n"
                + "GET /a.txt HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        List<String> statuses = reply.lines().filter(line -> line.startsWith("HTTP/1.1 ")).toList();
        assertThat(statuses).containsExactly("HTTP/1.1 404 Not Found", "HTTP/1.1 404 Not Found", "HTTP/1.1 200 OK");
        assertThat(count(reply, "Connection: close")).isEqualTo(1);
        assertThat(reply).endsWith("AAA");
    }

    @Test
    void dotDotAboveTheRootIsStill400AndCloses() throws Exception {
        start("");
        String reply = raw("GET /../secret HTTP/1.1\r\nHost: x\r\n\r\n" + SMUGGLED);
        assertThat(reply).startsWith("HTTP/1.1 400 ").contains("Connection: close");
        assertThat(count(reply, "HTTP/1.1 ")).isEqualTo(1);
    }

    // ---- helpers ----

    private Socket socket() throws IOException {
        Socket socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(10_000);
        return socket;
    }

    private static void send(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }


    /** Everything until the server closed; a reset after the response counts as the end. */
    private static String readUntilClosed(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try {
            int n;
            while ((n = in.read(buffer)) > 0) {
                out.write(buffer, 0, n);
            }
        } catch (SocketException e) {
            if (out.size() == 0) {
                throw e;
            }
        }
        return out.toString(StandardCharsets.ISO_8859_1);
    }
}
