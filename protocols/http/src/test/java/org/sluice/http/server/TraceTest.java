package org.sluice.http.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.sluice.config.ConfigException;
import org.sluice.testing.TestServer;

/**
 * The TRACE method and {@code TraceEnable}, through a real server. The expected answers are
 * httpd 2.4.71's to the same requests.
 */
class TraceTest extends HttpServerTestBase {

    @Test
    void traceEchoesTheRequestAsMessageHttp() throws Exception {
        start("");
        String request = "TRACE /a/b?c=d HTTP/1.1\r\nHost: localhost\r\nX-Test: one two\r\nConnection: close\r\n\r\n";

        String response = raw(request);

        assertThat(response).startsWith("HTTP/1.1 200 OK\r\n").contains("\r\nContent-Type: message/http\r\n")
                .contains("\r\nTransfer-Encoding: chunked\r\n").doesNotContain("Content-Length");
        assertThat(chunkedBody(response)).isEqualTo(request);
    }

    @Test
    void traceGivesFieldsOfOneNameOnceJoinedWhereTheFirstWas() throws Exception {
        start("");

        String response = raw("TRACE / HTTP/1.1\r\nHost: localhost\r\nX-A: 1\r\nX-B: 2\r\nx-a: 3\r\n"
                + "Connection: close\r\n\r\n");

        assertThat(chunkedBody(response)).isEqualTo("TRACE / HTTP/1.1\r\nHost: localhost\r\nX-A: 1, 3\r\nX-B: 2\r\n"
                + "Connection: close\r\n\r\n");
    }

    @Test
    void noHeaderOrExpiresRuleChangesTheEcho() throws Exception {
        start("Header set X-S s\nHeader always set X-A a\nExpiresActive On\nExpiresDefault \"access plus 1 hour\"\n");

        String response = raw("TRACE / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");

        assertThat(response).startsWith("HTTP/1.1 200 OK\r\n").doesNotContain("X-S").doesNotContain("X-A")
                .doesNotContain("Expires").doesNotContain("Cache-Control");
    }

    @Test
    void traceIsAnsweredBeforeAccessControl() throws Exception {
        start("<Location /secret>\nRequire all denied\n</Location>\n");

        String response = raw("TRACE /secret HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");

        assertThat(response).startsWith("HTTP/1.1 200 OK\r\n");
        assertThat(chunkedBody(response)).isEqualTo("TRACE /secret HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
    }

    @Test
    void traceIgnoresMaxForwardsAsTheFinalRecipient() throws Exception {
        start("");

        String response = raw("TRACE / HTTP/1.1\r\nHost: localhost\r\nMax-Forwards: 0\r\nConnection: close\r\n\r\n");

        assertThat(response).startsWith("HTTP/1.1 200 OK\r\n");
        assertThat(chunkedBody(response)).endsWith("\r\nMax-Forwards: 0\r\nConnection: close\r\n\r\n");
    }

    @Test
    void traceKeepsTheConnectionForTheNextRequest() throws Exception {
        start("");
        htdocs("index.html", "hello");

        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            out.write("TRACE / HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            String trace = readChunkedResponse(in);
            assertThat(trace).startsWith("HTTP/1.1 200 OK\r\n");
            assertThat(chunkedBody(trace)).isEqualTo("TRACE / HTTP/1.1\r\nHost: localhost\r\n\r\n");
            out.write("GET /index.html HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(readResponse(in)).startsWith("HTTP/1.1 200 OK\r\n").endsWith("\r\n\r\nhello");
        }
    }

    @Test
    void traceWithABodyIs413AndClosesTheConnection() throws Exception {
        start("");

        assertThat(raw("TRACE / HTTP/1.1\r\nHost: localhost\r\nContent-Length: 3\r\n\r\nabc"))
                .startsWith("HTTP/1.1 413 ").contains("\r\nConnection: close\r\n");
    }

    @Test
    void traceWithAChunkedBodyIs413EvenAnEmptyOne() throws Exception {
        start("");

        assertThat(raw("TRACE / HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"))
                .startsWith("HTTP/1.1 413 ");
    }

    @Test
    void traceWithAnEmptyContentLengthIsEchoed() throws Exception {
        start("");

        String response = raw("TRACE / HTTP/1.1\r\nHost: localhost\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");

        assertThat(response).startsWith("HTTP/1.1 200 OK\r\n");
        assertThat(chunkedBody(response)).endsWith("\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
    }

    @Test
    void traceEnableExtendedEchoesTheBodyDechunked() throws Exception {
        start("TraceEnable extended\n");

        String response = raw("TRACE / HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n"
                + "\r\n3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n");

        assertThat(response).startsWith("HTTP/1.1 200 OK\r\n");
        assertThat(chunkedBody(response)).isEqualTo("TRACE / HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n"
                + "Connection: close\r\n\r\nabcde");
    }

    @Test
    void traceEnableExtendedEchoes64KiB() throws Exception {
        start("TraceEnable extended\n");
        String body = "a".repeat(64 * 1024);

        String response = raw("TRACE / HTTP/1.1\r\nHost: localhost\r\nContent-Length: " + body.length()
                + "\r\nConnection: close\r\n\r\n" + body);

        assertThat(response).startsWith("HTTP/1.1 200 OK\r\n");
        assertThat(chunkedBody(response)).endsWith("\r\n\r\n" + body);
    }

    @Test
    void traceEnableExtendedRefusesABodyOver64KiB() throws Exception {
        start("TraceEnable extended\n");
        String body = "a".repeat(64 * 1024 + 1);

        assertThat(raw("TRACE / HTTP/1.1\r\nHost: localhost\r\nContent-Length: " + body.length()
                + "\r\nConnection: close\r\n\r\n" + body)).startsWith("HTTP/1.1 413 ");
    }

    @Test
    void traceEnableOffAnswers405WithoutTraceInAllow() throws Exception {
        start("TraceEnable Off\n");

        String response = raw("TRACE / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");

        assertThat(response).startsWith("HTTP/1.1 405 Method Not Allowed\r\n")
                .contains("\r\nAllow: GET,POST,OPTIONS,HEAD\r\n")
                .contains("<p>The requested method TRACE is not allowed for this URL.</p>");
    }

    @Test
    void traceEnableOffOfAVirtualHostCountsForItsNameOnly() throws Exception {
        start("<VirtualHost 127.0.0.1:*>\nServerName main.example\n</VirtualHost>\n"
                + "<VirtualHost 127.0.0.1:*>\nServerName quiet.example\nTraceEnable off\n</VirtualHost>\n");

        assertThat(raw("TRACE / HTTP/1.1\r\nHost: quiet.example\r\nConnection: close\r\n\r\n"))
                .startsWith("HTTP/1.1 405 ");
        assertThat(raw("TRACE / HTTP/1.1\r\nHost: main.example\r\nConnection: close\r\n\r\n"))
                .startsWith("HTTP/1.1 200 ");
    }

    @Test
    void allowNamesTraceWhileTheServerAnswersIt() throws Exception {
        start("");
        htdocs("index.html", "hello");

        assertThat(send("OPTIONS", "/index.html").headers().firstValue("Allow")).hasValue("GET,POST,OPTIONS,HEAD,TRACE");
        assertThat(send("PUT", "/index.html").headers().firstValue("Allow")).hasValue("GET,POST,OPTIONS,HEAD,TRACE");
    }

    @Test
    void traceIsLoggedWithItsStatusAndBodyBytes() throws Exception {
        start("");
        String request = "TRACE /logged HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n";

        raw(request);

        Path log = root.resolve("logs/access_log");
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(log) && !Files.readAllLines(log).isEmpty());
        assertThat(Files.readAllLines(log).get(0)).contains("\"TRACE /logged HTTP/1.1\" 200 " + request.length() + " ");
    }

    @Test
    void unknownTraceEnableIsRefusedInHttpdsWords() {
        assertRefused("TraceEnable maybe", 2, "TraceEnable must be one of 'on', 'off', or 'extended'");
    }

    @Test
    void traceEnableIsRefusedInADirectory() {
        assertRefused("<Directory /srv>\nTraceEnable off\n</Directory>", 3, "TraceEnable not allowed in <Directory> context");
    }

    /** {@code config} after a first line that loads the module: its line {@code line}. */
    private void assertRefused(String config, int line, String message) {
        assertThatThrownBy(() -> TestServer.check(root, "LoadModule http\n" + config + "\n"))
                .isInstanceOfSatisfying(ConfigException.class, e -> {
                    assertThat(e.getMessage()).isEqualTo(message);
                    assertThat(e.location().line()).isEqualTo(line);
                });
    }
}
