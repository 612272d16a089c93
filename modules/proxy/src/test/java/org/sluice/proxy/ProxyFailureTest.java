package org.sluice.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Backends that are down, slow or broken, and the answers httpd gives for them. */
class ProxyFailureTest extends ProxyTestBase {

    private final CountDownLatch release = new CountDownLatch(1);

    @AfterEach
    void releaseBackend() {
        release.countDown();
    }

    @Test
    void aBackendThatRefusesConnectionsIs503() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        start("ProxyPass / http://127.0.0.1:" + closedPort + "/\n");

        String response = raw("GET /x HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");

        assertThat(response).startsWith("HTTP/1.1 503 Service Unavailable\r\n");
        assertThat(errors()).anySatisfy(line -> assertThat(line)
                .contains("attempt to connect to http://127.0.0.1:" + closedPort + " failed"));
    }

    @Test
    void aBackendThatDoesNotAnswerInTimeIs504() throws Exception {
        backend(exchange -> release.await(30, TimeUnit.SECONDS));
        start("ProxyPass / BACKEND/\nProxyTimeout 1\n");

        String response = raw("GET /slow HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");

        assertThat(response).startsWith("HTTP/1.1 504 Gateway Timeout\r\n");
        assertThat(errors()).anySatisfy(line -> assertThat(line).contains("timeout reading"));
    }

    @Test
    void theTimeoutKeyOfProxyPassWinsOverProxyTimeout() throws Exception {
        backend(exchange -> release.await(30, TimeUnit.SECONDS));
        start("ProxyPass / BACKEND/ timeout=1\nProxyTimeout 300\n");

        assertThat(raw("GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")).startsWith("HTTP/1.1 504 ");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nab\r\n0\r\n\r\n",
        "HTTP/1.1 200 OK\r\nX-Folded: a\r\n b\r\nContent-Length: 0\r\n\r\n",
        "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\nabc",
        "HTTP/1.1 200 OK\r\nContent-Length: +2\r\n\r\nab",
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n",
        "HTTP/1.1 200 OK\nContent-Length: 0\n\n",
        "HTTP/1.1 200 OK\r\nBad Name: x\r\nContent-Length: 0\r\n\r\n",
        "HTTP/1.1 200 OK\r\nX-Ctl: a\u0001b\r\nContent-Length: 0\r\n\r\n",
        "HTTP/2 200 OK\r\nContent-Length: 0\r\n\r\n",
        "ICY 200 OK\r\n\r\n",
        "HTTP/1.1 20 OK\r\nContent-Length: 0\r\n\r\n",
        "",
    })
    void anInvalidResponseIs502AndTheClientConnectionStaysUsable(String answer) throws Exception {
        backend(exchange -> {
            if (exchange.request.target().equals("/good")) {
                exchange.ok("good");
            } else {
                exchange.send(answer);
                exchange.close = true;
            }
        });
        start("ProxyPass / BACKEND/\n");

        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            out.write("GET /bad HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            assertThat(readResponse(in)).startsWith("HTTP/1.1 502 Bad Gateway\r\n").doesNotContain("Connection: close");
            out.write("GET /good HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            assertThat(readResponse(in)).startsWith("HTTP/1.1 200 OK\r\n").endsWith("good");
        }
        assertThat(errors()).isNotEmpty();
    }

    @Test
    void aResponseHeadTooLargeIs502() throws Exception {
        backend(exchange -> exchange.send("HTTP/1.1 200 OK\r\nX-Big: " + "a".repeat(9000) + "\r\n\r\n"));
        start("ProxyPass / BACKEND/\n");

        assertThat(raw("GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")).startsWith("HTTP/1.1 502 ");
        assertThat(errors()).anySatisfy(line -> assertThat(line).contains("longer than 8192 bytes"));
    }

    @Test
    void tooManyResponseFieldsAre502() throws Exception {
        backend(exchange -> exchange.send("HTTP/1.1 200 OK\r\n" + "X-A: 1\r\n".repeat(101) + "\r\n"));
        start("ProxyPass / BACKEND/\n");

        assertThat(raw("GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")).startsWith("HTTP/1.1 502 ");
    }

    @Test
    void aBodyCutShortAfterTheHeadClosesTheClientConnection() throws Exception {
        backend(exchange -> {
            exchange.send("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly this");
            exchange.close = true;
        });
        start("ProxyPass / BACKEND/\n");

        String response = raw("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n");

        assertThat(response).startsWith("HTTP/1.1 200 OK\r\n").endsWith("only this");
        assertThat(errors()).anySatisfy(line -> assertThat(line).contains("91 bytes of the body missing"));
    }

    @Test
    void interimResponsesAreSkipped() throws Exception {
        backend(exchange -> exchange.send("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\n"
                + "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nfinal"));
        start("ProxyPass / BACKEND/\n");

        assertThat(raw("GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"))
                .startsWith("HTTP/1.1 200 OK\r\n").doesNotContain("Link:").endsWith("final");
    }
}
