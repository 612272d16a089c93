package org.sluice.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** Backend connections are kept and reused, and never after an exchange that did not end whole. */
class ProxyConnectionReuseTest extends ProxyTestBase {

    @Test
    void oneBackendConnectionServesRequestsOfSeveralClients() throws Exception {
        backend(exchange -> exchange.ok("ok"));
        start("ProxyPass / BACKEND/\n");

        for (int i = 0; i < 5; i++) {
            assertThat(curl("/r" + i).status()).isEqualTo(200);
        }

        assertThat(backend.accepted.get()).isEqualTo(1);
    }

    @Test
    void aBackendThatClosesGetsANewConnectionNextTime() throws Exception {
        backend(exchange -> {
            exchange.send("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\nok");
            exchange.close = true;
        });
        start("ProxyPass / BACKEND/\n");

        for (int i = 0; i < 3; i++) {
            assertThat(curl("/r" + i).bodyText()).isEqualTo("ok");
        }

        assertThat(backend.accepted.get()).isEqualTo(3);
    }

    @Test
    void aConnectionTheBackendClosedWhileIdleIsNotReused() throws Exception {
        backend(exchange -> {
            exchange.ok("ok");
            // keep-alive promised, then the backend changes its mind while the connection idles
            exchange.close = exchange.request.target().equals("/first");
        });
        start("ProxyPass / BACKEND/\n");

        assertThat(curl("/first").bodyText()).isEqualTo("ok");
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> backend.ended.get() == 1);
        assertThat(curl("/second").bodyText()).isEqualTo("ok");

        assertThat(backend.accepted.get()).isEqualTo(2);
        assertThat(errors()).isEmpty();
    }

    @Test
    void aResponseDelimitedByCloseIsNotReused() throws Exception {
        backend(exchange -> {
            exchange.send("HTTP/1.1 200 OK\r\n\r\nuntil close");
            exchange.close = true;
        });
        start("ProxyPass / BACKEND/\n");

        assertThat(curl("/a").bodyText()).isEqualTo("until close");
        assertThat(curl("/b").bodyText()).isEqualTo("until close");

        assertThat(backend.accepted.get()).isEqualTo(2);
    }

    @Test
    void aConnectionLeftMidResponseIsNeverReused() throws Exception {
        backend(exchange -> {
            if (exchange.request.target().equals("/big")) {
                exchange.send("HTTP/1.1 200 OK\r\nContent-Length: 100000000\r\n\r\n");
                byte[] block = new byte[65536];
                for (int i = 0; i < 100_000_000 / 65536; i++) {
                    exchange.out.write(block);
                }
            } else {
                exchange.ok("small");
            }
        });
        start("ProxyPass / BACKEND/\n");

        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.getOutputStream().write("GET /big HTTP/1.1\r\nHost: localhost\r\n\r\n"
                    .getBytes(StandardCharsets.ISO_8859_1));
            InputStream in = socket.getInputStream();
            readHead(in);
            in.readNBytes(100_000);
        }
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> backend.ended.get() == 1);
        assertThat(curl("/small").bodyText()).isEqualTo("small");

        assertThat(backend.accepted.get()).isEqualTo(2);
    }

    @Test
    void disablereuseOpensAConnectionPerRequestAndSaysClose() throws Exception {
        backend(exchange -> exchange.ok("ok"));
        start("ProxyPass / BACKEND/ disablereuse=On\n");

        curl("/a");
        curl("/b");

        assertThat(backend.accepted.get()).isEqualTo(2);
        assertThat(backend.next().header("Connection")).isEqualTo("close");
    }

    @Test
    void theIdlePoolIsBoundedByMax() throws Exception {
        java.util.concurrent.CountDownLatch together = new java.util.concurrent.CountDownLatch(3);
        backend(exchange -> {
            together.countDown();
            together.await(10, java.util.concurrent.TimeUnit.SECONDS);
            exchange.ok("ok");
        });
        start("ProxyPass / BACKEND/ max=1\n");

        // three at once: three connections, of which one is kept
        Thread[] clients = new Thread[3];
        for (int i = 0; i < 3; i++) {
            int n = i;
            clients[i] = Thread.ofVirtual().start(() -> {
                try {
                    raw("GET /" + n + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
        }
        for (Thread client : clients) {
            client.join(20_000);
        }

        assertThat(backend.accepted.get()).isEqualTo(3);
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> backend.ended.get() == 2);
    }
}
