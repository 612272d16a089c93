package org.sluice.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/** How requests are mapped and forwarded, and what the backend sees of them. */
class ProxyPassTest extends ProxyTestBase {

    @Test
    void aPrefixIsReplacedAndTheEncodedPathAndQueryKept() throws Exception {
        backend(exchange -> exchange.ok("from backend"));
        start("ProxyPass /app/ BACKEND/base/\n");

        CurlResult result = curl("/app/a%20b/caf%C3%A9?x=1&y=%20");

        assertThat(result.status()).isEqualTo(200);
        assertThat(result.bodyText()).isEqualTo("from backend");
        TestBackend.Received received = backend.next();
        assertThat(received.method()).isEqualTo("GET");
        assertThat(received.target()).isEqualTo("/base/a%20b/caf%C3%A9?x=1&y=%20");
    }

    @Test
    void aPrefixMatchesWholeSegmentsOnly() throws Exception {
        backend(exchange -> exchange.ok("proxied"));
        start("ProxyPass /app BACKEND/\n");
        Files.writeString(root.resolve("htdocs/apple"), "local");

        assertThat(curl("/apple").bodyText()).isEqualTo("local");
        assertThat(curl("/app/x").bodyText()).isEqualTo("proxied");
        assertThat(backend.next().target()).isEqualTo("//x");
    }

    @Test
    void anExclusionBeforeTheMappingIsServedHere() throws Exception {
        backend(exchange -> exchange.ok("proxied"));
        start("ProxyPass /static !\nProxyPass / BACKEND/\n");
        Files.createDirectories(root.resolve("htdocs/static"));
        Files.writeString(root.resolve("htdocs/static/a.txt"), "local file");

        assertThat(curl("/static/a.txt").bodyText()).isEqualTo("local file");
        assertThat(curl("/other").bodyText()).isEqualTo("proxied");
        assertThat(backend.next().target()).isEqualTo("/other");
        assertThat(backend.pending()).isZero();
    }

    @Test
    void proxyPassMatchSubstitutesTheGroups() throws Exception {
        backend(exchange -> exchange.ok("ok"));
        start("ProxyPassMatch ^/user/([^/]+)/(.*)$ BACKEND/u?name=$1&rest=$2\n"
                + "ProxyPassMatch ^/img/.*\\.png$ BACKEND\n");

        assertThat(curl("/user/al%20ice/x/y").status()).isEqualTo(200);
        assertThat(backend.next().target()).isEqualTo("/u?name=al%20ice&rest=x/y");
        assertThat(curl("/img/a.png?v=2").status()).isEqualTo(200);
        assertThat(backend.next().target()).isEqualTo("/img/a.png?v=2");
    }

    @Test
    void theOneArgumentFormTakesItsPathFromTheLocation() throws Exception {
        backend(exchange -> exchange.ok("ok"));
        start("<Location /api/>\nProxyPass BACKEND/v1/\n</Location>\n"
                + "<LocationMatch ^/files/(.*)$>\nProxyPass BACKEND/store/$1\n</LocationMatch>\n");

        assertThat(curl("/api/items?id=3").status()).isEqualTo(200);
        assertThat(backend.next().target()).isEqualTo("/v1/items?id=3");
        assertThat(curl("/files/a/b").status()).isEqualTo(200);
        assertThat(backend.next().target()).isEqualTo("/store/a/b");
    }

    @Test
    void hopByHopFieldsAreNotForwarded() throws Exception {
        backend(exchange -> exchange.ok("ok"));
        start("ProxyPass / BACKEND/\n");

        raw("GET /x HTTP/1.1\r\nHost: localhost\r\nConnection: close, X-Hop\r\nX-Hop: 1\r\nKeep-Alive: 300\r\n"
                + "TE: trailers\r\nTrailer: X-T\r\nUpgrade: websocket\r\nProxy-Authorization: Basic eDp5\r\n"
                + "Proxy-Connection: keep-alive\r\nX-End-To-End: kept\r\n\r\n");

        TestBackend.Received received = backend.next();
        assertThat(received.headers()).doesNotContainKeys("x-hop", "keep-alive", "te", "trailer", "upgrade",
                "proxy-authorization", "proxy-connection");
        assertThat(received.header("X-End-To-End")).isEqualTo("kept");
        assertThat(received.header(":order")).startsWith("host,");
    }

    @Test
    void xForwardedFieldsSayWhoAskedForWhat() throws Exception {
        backend(exchange -> exchange.ok("ok"));
        start("ProxyPass / BACKEND/\n");

        raw("GET / HTTP/1.1\r\nHost: www.example.com\r\nX-Forwarded-For: 10.0.0.1\r\nConnection: close\r\n\r\n");

        TestBackend.Received received = backend.next();
        assertThat(received.header("X-Forwarded-For")).isEqualTo("10.0.0.1, 127.0.0.1");
        assertThat(received.header("X-Forwarded-Host")).isEqualTo("www.example.com");
        assertThat(received.header("X-Forwarded-Server")).isEqualTo("localhost");
        assertThat(received.header("Host")).isEqualTo("127.0.0.1:" + backend.port());
    }

    @Test
    void theClientRemoteIpHeaderFoundIsTheOneForwarded() throws Exception {
        backend(exchange -> exchange.ok("ok"));
        start("ProxyPass / BACKEND/\nRemoteIPHeader X-Forwarded-For\nRemoteIPInternalProxy 127.0.0.1\n");

        raw("GET / HTTP/1.1\r\nHost: www.example.com\r\nX-Forwarded-For: 198.51.100.1, 203.0.113.9\r\n"
                + "Connection: close\r\n\r\n");

        // the address taken left the header; what is left of it goes on, then the client
        assertThat(backend.next().header("X-Forwarded-For")).isEqualTo("198.51.100.1, 203.0.113.9");
    }

    @Test
    void proxyAddHeadersOffAddsNone() throws Exception {
        backend(exchange -> exchange.ok("ok"));
        start("ProxyPass / BACKEND/\nProxyAddHeaders Off\n");

        raw("GET / HTTP/1.1\r\nHost: www.example.com\r\nConnection: close\r\n\r\n");

        assertThat(backend.next().headers()).doesNotContainKeys("x-forwarded-for", "x-forwarded-host",
                "x-forwarded-server");
    }

    @Test
    void proxyPreserveHostSendsTheClientsHost() throws Exception {
        backend(exchange -> exchange.ok("ok"));
        start("ProxyPass / BACKEND/\n<Location /kept>\nProxyPreserveHost On\n</Location>\n");

        raw("GET /kept HTTP/1.1\r\nHost: www.example.com:8080\r\nConnection: close\r\n\r\n");
        raw("GET /other HTTP/1.1\r\nHost: www.example.com:8080\r\nConnection: close\r\n\r\n");

        assertThat(backend.next().header("Host")).isEqualTo("www.example.com:8080");
        assertThat(backend.next().header("Host")).isEqualTo("127.0.0.1:" + backend.port());
    }

    @Test
    void proxyViaOnAddsThisProxyBothWays() throws Exception {
        backend(exchange -> exchange.ok("ok"));
        start("ProxyPass / BACKEND/\nProxyVia On\n");

        String response = raw("GET / HTTP/1.1\r\nHost: localhost\r\nVia: 1.0 upstream\r\nConnection: close\r\n\r\n");

        assertThat(backend.next().header("Via")).isEqualTo("1.0 upstream, 1.1 localhost:" + port);
        assertThat(response).contains("\r\nVia: 1.1 localhost:" + port + "\r\n");
    }

    @Test
    void anAbsoluteFormRequestIsMappedByItsPathNeverSentToItsHost() throws Exception {
        backend(exchange -> exchange.ok("mapped"));
        try (TestBackend elsewhere = new TestBackend(exchange -> exchange.ok("open proxy"))) {
            start("ProxyPass /app/ BACKEND/\n");

            String response = raw("GET http://127.0.0.1:" + elsewhere.port() + "/app/x HTTP/1.1\r\n"
                    + "Host: 127.0.0.1:" + elsewhere.port() + "\r\nConnection: close\r\n\r\n");
            String other = raw("GET http://127.0.0.1:" + elsewhere.port() + "/secret HTTP/1.1\r\n"
                    + "Host: localhost\r\nConnection: close\r\n\r\n");

            assertThat(response).startsWith("HTTP/1.1 200 ").endsWith("mapped");
            assertThat(other).startsWith("HTTP/1.1 404 ");
            assertThat(elsewhere.accepted.get()).isZero();
        }
    }

    @Test
    void theResponseStatusAndFieldsComeBackWithoutHopByHopOnes() throws Exception {
        backend(exchange -> exchange.send("HTTP/1.1 201 Created\r\nContent-Type: application/json\r\n"
                + "X-Backend: yes\r\nConnection: X-Private\r\nX-Private: secret\r\nKeep-Alive: timeout=5\r\n"
                + "Content-Length: 2\r\n\r\n{}"));
        start("ProxyPass / BACKEND/\n");

        String response = raw("GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");

        assertThat(response).startsWith("HTTP/1.1 201 Created\r\n").contains("\r\nX-Backend: yes\r\n")
                .contains("\r\nContent-Type: application/json\r\n").contains("\r\nContent-Length: 2\r\n")
                .doesNotContain("X-Private").doesNotContain("timeout=5").endsWith("\r\n\r\n{}");
    }

    @Test
    void headAndNoContentAndNotModifiedAreFramedWithoutABody() throws Exception {
        backend(exchange -> {
            switch (exchange.request.target()) {
                case "/head" -> exchange.send("HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n");
                case "/204" -> exchange.send("HTTP/1.1 204 No Content\r\n\r\n");
                case "/304" -> exchange.send("HTTP/1.1 304 Not Modified\r\nETag: \"a\"\r\n\r\n");
                default -> exchange.ok("last");
            }
        });
        start("ProxyPass / BACKEND/\n");

        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            out.write(("HEAD /head HTTP/1.1\r\nHost: localhost\r\n\r\nGET /204 HTTP/1.1\r\nHost: localhost\r\n\r\n"
                    + "GET /304 HTTP/1.1\r\nHost: localhost\r\n\r\nGET /last HTTP/1.1\r\nHost: localhost\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));

            assertThat(readHead(in)).startsWith("HTTP/1.1 200 OK\r\n").contains("Content-Length: 1000\r\n");
            assertThat(readHead(in)).startsWith("HTTP/1.1 204 ").doesNotContain("Content-Length")
                    .doesNotContain("Transfer-Encoding");
            assertThat(readHead(in)).startsWith("HTTP/1.1 304 ").contains("ETag: \"a\"\r\n")
                    .doesNotContain("Transfer-Encoding");
            assertThat(readResponse(in)).startsWith("HTTP/1.1 200 OK\r\n").endsWith("last");
        }
        assertThat(backend.accepted.get()).isEqualTo(1);
    }
}
