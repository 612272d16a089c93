package org.sluice.http.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code MaxRequestWorkers}: at most that many requests are served at once; the others wait for
 * one to end, up to {@code Timeout}, and are then answered 503.
 */
class MaxRequestWorkersTest extends HttpServerTestBase {

    private static final String HELD = "GET /held HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n";

    @BeforeEach
    void noPermitsLeft() {
        TestHandlersModule.HELD.drainPermits();
        TestHandlersModule.HELD_STARTED.drainPermits();
    }

    @AfterEach
    void letAllGo() {
        // a handler still held after a failure ends now, not in a later test
        TestHandlersModule.HELD.release(100);
    }

    private Socket send(String request) throws Exception {
        Socket socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(20_000);
        socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
        return socket;
    }

    private static String answer(Socket socket) throws Exception {
        try (InputStream in = socket.getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        }
    }

    @Test
    void aRequestWaitsForAWorkerToBeFree() throws Exception {
        htdocs("a.txt", "a");
        start(TestHandlersModule.LOAD + "MaxRequestWorkers 1\nTimeout 20\n<Location /held>\nSetHandler held\n</Location>\n");
        try (Socket first = send(HELD)) {
            assertThat(TestHandlersModule.HELD_STARTED.tryAcquire(10, TimeUnit.SECONDS)).isTrue();
            try (Socket second = send(HELD)) {
                // the second waits for the only worker: its handler has not begun
                assertThat(TestHandlersModule.HELD_STARTED.tryAcquire(500, TimeUnit.MILLISECONDS)).isFalse();
                TestHandlersModule.HELD.release();
                assertThat(answer(first)).startsWith("HTTP/1.1 200 OK").contains("let go\n");
                assertThat(TestHandlersModule.HELD_STARTED.tryAcquire(10, TimeUnit.SECONDS)).isTrue();
                TestHandlersModule.HELD.release();
                assertThat(answer(second)).startsWith("HTTP/1.1 200 OK").contains("let go\n");
            }
        }
    }

    @Test
    void aRequestThatFindsNoWorkerWithinTimeoutIsAnswered503() throws Exception {
        htdocs("a.txt", "a");
        start(TestHandlersModule.LOAD + "MaxRequestWorkers 1\nTimeout 1\n<Location /held>\nSetHandler held\n</Location>\n"
                + "CustomLog logs/workers_log \"%>s %U\"\n");
        try (Socket first = send(HELD)) {
            assertThat(TestHandlersModule.HELD_STARTED.tryAcquire(10, TimeUnit.SECONDS)).isTrue();
            try (Socket second = send("GET /a.txt HTTP/1.1\r\nHost: localhost\r\n\r\n")) {
                assertThat(answer(second)).startsWith("HTTP/1.1 503 Service Unavailable")
                        .contains("\r\nConnection: close\r\n");
            }
            TestHandlersModule.HELD.release();
            assertThat(answer(first)).startsWith("HTTP/1.1 200 OK");
        }
        // the worker is free again
        assertThat(get("/a.txt").body()).isEqualTo("a");
    }

    @Test
    void withoutMaxRequestWorkersRequestsAreNotBounded() throws Exception {
        start(TestHandlersModule.LOAD + "Timeout 20\n<Location /held>\nSetHandler held\n</Location>\n");
        try (Socket first = send(HELD); Socket second = send(HELD)) {
            assertThat(TestHandlersModule.HELD_STARTED.tryAcquire(2, 10, TimeUnit.SECONDS)).isTrue();
            TestHandlersModule.HELD.release(2);
            assertThat(answer(first)).startsWith("HTTP/1.1 200 OK");
            assertThat(answer(second)).startsWith("HTTP/1.1 200 OK");
        }
    }
}
