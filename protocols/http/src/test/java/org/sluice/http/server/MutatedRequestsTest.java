package org.sluice.http.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Valid requests mutated at random (with a fixed seed, so a failure can be replayed): bytes
 * deleted, replaced or inserted, framing fields and odd tokens spliced in, requests glued
 * together. Whatever arrives, the server answers with well-formed HTTP/1.1 responses and no
 * server error (or, for nothing but blank lines, closes without a word), closes the connection,
 * and keeps serving.
 */
class MutatedRequestsTest extends HttpServerTestBase {

    private static final long SEED = 20261127L;
    private static final int REQUESTS = 300;

    private static final List<String> SEEDS = List.of(
            "GET /a.txt HTTP/1.1\r\nHost: localhost\r\n\r\n",
            "GET / HTTP/1.1\r\nHost: localhost\r\nAccept-Encoding: gzip\r\n\r\n",
            "HEAD /sub/ HTTP/1.1\r\nHost: localhost\r\nRange: bytes=1-3\r\n\r\n",
            "POST /a.txt HTTP/1.1\r\nHost: localhost\r\nContent-Length: 5\r\n\r\nhello",
            "POST /a.txt HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n\r\n5;x=y\r\nhello\r\n0\r\nT: v\r\n\r\n",
            "GET /status?auto HTTP/1.1\r\nHost: localhost\r\nIf-None-Match: \"x\"\r\n"
                    + "If-Modified-Since: Sat, 29 Oct 1994 19:43:31 GMT\r\n\r\n",
            "OPTIONS * HTTP/1.1\r\nHost: localhost\r\nExpect: 100-continue\r\n\r\n",
            "GET http://localhost/sub/b.txt?q=%41%2e%2e HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");

    private static final List<String> TOKENS = List.of("\r\n", "\n", "\r", " ", "\t", ":", "\u0000", "\u00ff", "%",
            "%2f", "%00", "..", "/", "?", "#", "0", "-1", "99999999999999999999", "chunked", "Content-Length: 3\r\n",
            "Transfer-Encoding: chunked\r\n", "Host: x\r\n", "Range: bytes=0-0,5-\r\n", "\u00c3\u00a9", "HTTP/1.1",
            "HTTP/2.0", "a".repeat(300), ";", ",", "=", "\"", "*");

    /** A status line, and the status class that must never come back for anything a client sends. */
    private static final Pattern STATUS_LINE = Pattern.compile("HTTP/1\\.1 (\\d{3}) [^\r\n]*\r\n");

    @Test
    void mutatedRequestsGetWellFormedAnswersAndNoServerError() throws Exception {
        start("""
                DocumentRoot htdocs
                DirectoryIndex index.html
                TypesConfig conf/mime.types
                LimitRequestBody 4096
                RequestReadTimeout header=5 body=5
                AddOutputFilterByType DEFLATE text/html text/plain
                <Location /status>
                    SetHandler server-status
                </Location>
                """);
        htdocs("a.txt", "hello\n");
        htdocs("index.html", "<html>index</html>\n");
        htdocs("sub/b.txt", "sub\n");
        Random random = new Random(SEED);
        int answered = 0;
        for (int n = 0; n < REQUESTS; n++) {
            byte[] request = mutate(random, SEEDS.get(random.nextInt(SEEDS.size())));
            if (random.nextInt(4) == 0) {
                request = concat(request, SEEDS.get(random.nextInt(SEEDS.size())).getBytes(StandardCharsets.ISO_8859_1));
            }
            String answer = exchange(request);
            String replay = "request " + n + " (seed " + SEED + "): "
                    + new String(request, StandardCharsets.ISO_8859_1).replace("\r", "\\r").replace("\n", "\\n");

            if (answer.isEmpty()) {
                // nothing but blank lines, or the client's end before a request line: closed unanswered
                continue;
            }
            answered++;
            assertThat(answer).as(replay).startsWith("HTTP/1.1 ");
            Matcher status = STATUS_LINE.matcher(answer);
            while (status.find()) {
                int code = Integer.parseInt(status.group(1));
                assertThat(code).as(replay + "\nanswered:\n" + answer).isNotIn(500, 502, 503, 504);
            }
        }
        assertThat(answered).isGreaterThan(REQUESTS * 9 / 10);
        // and it still serves
        assertThat(get("/a.txt").body()).isEqualTo("hello\n");
    }

    /** Sends the request, ends the client's side, and reads until the server closes. */
    private String exchange(byte[] request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(15_000);
            socket.getOutputStream().write(request);
            socket.shutdownOutput();
            try {
                return readAll(socket.getInputStream());
            } catch (SocketTimeoutException e) {
                throw new AssertionError("the server neither answered nor closed within 15 s", e);
            }
        }
    }

    private static byte[] mutate(Random random, String seed) {
        StringBuilder s = new StringBuilder(seed);
        int edits = 1 + random.nextInt(6);
        for (int e = 0; e < edits; e++) {
            int at = random.nextInt(s.length() + 1);
            int op = random.nextInt(10);
            if (op < 3 && s.length() > 0) {
                s.delete(Math.min(at, s.length() - 1), Math.min(s.length(), at + 1 + random.nextInt(8)));
            } else if (op < 6) {
                s.insert(at, TOKENS.get(random.nextInt(TOKENS.size())));
            } else if (op < 8 && s.length() > 0) {
                s.setCharAt(Math.min(at, s.length() - 1), (char) random.nextInt(256));
            } else {
                int from = random.nextInt(s.length());
                s.insert(at, s.substring(from, Math.min(s.length(), from + 1 + random.nextInt(40))));
            }
        }
        return s.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] joined = new byte[a.length + b.length];
        System.arraycopy(a, 0, joined, 0, a.length);
        System.arraycopy(b, 0, joined, a.length, b.length);
        return joined;
    }
}
