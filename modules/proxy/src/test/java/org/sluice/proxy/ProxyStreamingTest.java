package org.sluice.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/** Bodies both ways, streamed: large ones, chunked ones, through the output filters. */
class ProxyStreamingTest extends ProxyTestBase {

    private static final long LARGE = 9L * 1024 * 1024 + 123;

    /** Answers /big?N with N pseudo-random bytes (a length), /chunked?N the same in chunks, others with a digest. */
    private static void respond(TestBackend.Exchange exchange) throws Exception {
        String target = exchange.request.target();
        if (target.startsWith("/big?") || target.startsWith("/chunked?")) {
            long size = Long.parseLong(target.substring(target.indexOf('?') + 1));
            boolean chunked = target.startsWith("/chunked");
            exchange.send("HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\n"
                    + (chunked ? "Transfer-Encoding: chunked\r\n" : "Content-Length: " + size + "\r\n") + "\r\n");
            Random random = new Random(size);
            byte[] block = new byte[65536];
            for (long left = size; left > 0; left -= block.length) {
                random.nextBytes(block);
                int n = (int) Math.min(block.length, left);
                if (chunked) {
                    exchange.send(Integer.toHexString(n) + ";ext=1\r\n");
                }
                exchange.out.write(block, 0, n);
                if (chunked) {
                    exchange.send("\r\n");
                }
            }
            if (chunked) {
                exchange.send("0\r\nX-Trailer: dropped\r\n\r\n");
            }
            return;
        }
        TestBackend.Received r = exchange.request;
        exchange.ok(r.framing() + " " + r.bodyLength() + " " + r.bodySha256());
    }

    @Test
    void aLargeResponseIsStreamedWhole() throws Exception {
        backend(ProxyStreamingTest::respond);
        start("ProxyPass / BACKEND/\n");
        Path expected = randomFile("expected", LARGE);

        CurlResult result = curl("/big?" + LARGE);

        assertThat(result.status()).isEqualTo(200);
        assertThat(result.head()).contains("Content-Length: " + LARGE);
        assertThat(Files.size(result.body())).isEqualTo(LARGE);
        assertThat(sha256(result.body())).isEqualTo(sha256(expected));
    }

    @Test
    void aChunkedResponseIsReframedForTheClient() throws Exception {
        backend(ProxyStreamingTest::respond);
        start("ProxyPass / BACKEND/\n");
        Path expected = randomFile("expected", LARGE);

        CurlResult result = curl("/chunked?" + LARGE);

        assertThat(result.status()).isEqualTo(200);
        assertThat(result.head()).contains("Transfer-Encoding: chunked").doesNotContain("X-Trailer");
        assertThat(sha256(result.body())).isEqualTo(sha256(expected));
    }

    @Test
    void aLargeUploadIsStreamedToTheBackendAfter100Continue() throws Exception {
        backend(ProxyStreamingTest::respond);
        start("ProxyPass / BACKEND/\n");
        Path upload = randomFile("upload", LARGE);

        // curl sends Expect: 100-continue for a body this large
        CurlResult result = curl("/upload", "--data-binary", "@" + upload, "-H", "Content-Type: application/x-data");

        assertThat(result.status()).isEqualTo(200);
        assertThat(result.bodyText()).isEqualTo("length " + LARGE + " " + sha256(upload));
        TestBackend.Received received = backend.next();
        assertThat(received.method()).isEqualTo("POST");
        assertThat(received.headers()).doesNotContainKey("expect");
        assertThat(received.header("Content-Type")).isEqualTo("application/x-data");
    }

    @Test
    void aChunkedUploadGoesOnChunked() throws Exception {
        backend(ProxyStreamingTest::respond);
        start("ProxyPass / BACKEND/\n");
        Path upload = randomFile("upload", LARGE);

        CurlResult result = curl("/upload", "-T", upload.toString(), "-H", "Transfer-Encoding: chunked");

        assertThat(result.status()).isEqualTo(200);
        assertThat(result.bodyText()).isEqualTo("chunked " + LARGE + " " + sha256(upload));
        assertThat(backend.next().method()).isEqualTo("PUT");
    }

    @Test
    void limitRequestBodyStopsAnUploadWith413AndDropsTheBackendConnection() throws Exception {
        backend(ProxyStreamingTest::respond);
        start("ProxyPass / BACKEND/\nLimitRequestBody 1000\n");

        String response = raw("POST /upload HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "400\r\n" + "x".repeat(1024) + "\r\n0\r\n\r\n");

        assertThat(response).startsWith("HTTP/1.1 413 ");
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> backend.ended.get() == backend.accepted.get() && backend.accepted.get() == 1);
        assertThat(backend.pending()).isZero();
    }

    @Test
    void deflateCompressesAProxiedResponse() throws Exception {
        String text = "All work and no play makes Jack a dull boy.\n".repeat(100);
        backend(exchange -> exchange.ok(text));
        start("ProxyPass /app/ BACKEND/\n<Location /app/>\nSetOutputFilter DEFLATE\n"
                + "Header set X-Through proxy\n</Location>\n");

        CurlResult result = curl("/app/text", "-H", "Accept-Encoding: gzip");

        assertThat(result.status()).isEqualTo(200);
        assertThat(result.head()).contains("Content-Encoding: gzip").contains("X-Through: proxy")
                .doesNotContain("Content-Length");
        try (InputStream in = new GZIPInputStream(Files.newInputStream(result.body()))) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo(text);
        }
    }

    @Test
    void theAccessLogRecordsTheProxiedRequest() throws Exception {
        backend(exchange -> exchange.ok("12345"));
        start("ProxyPass / BACKEND/\n");

        curl("/logged");

        Path accessLog = root.resolve("logs/access_log");
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> Files.exists(accessLog) && Files.readString(accessLog).contains("GET /logged"));
        assertThat(Files.readString(accessLog)).contains("GET /logged HTTP/1.1 200 5 +");
    }

    @Test
    void aClientThatGoesAwayMidResponseClosesTheBackendExchange() throws Exception {
        CountDownLatch backendSawTheEnd = new CountDownLatch(1);
        backend(exchange -> {
            exchange.send("HTTP/1.1 200 OK\r\nContent-Length: 1000000000000\r\n\r\n");
            byte[] block = new byte[65536];
            try {
                while (true) {
                    exchange.out.write(block);
                }
            } catch (java.io.IOException e) {
                backendSawTheEnd.countDown();
                throw e;
            }
        });
        start("ProxyPass / BACKEND/\n");

        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            out.write("GET /endless HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            InputStream in = socket.getInputStream();
            assertThat(readHead(in)).startsWith("HTTP/1.1 200 ");
            in.readNBytes(1024 * 1024);
        }

        assertThat(backendSawTheEnd.await(20, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        Path accessLog = root.resolve("logs/access_log");
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> Files.exists(accessLog) && Files.readString(accessLog).contains("GET /endless"));
        assertThat(Files.readString(accessLog)).contains("GET /endless HTTP/1.1 200").contains(" X\n");
    }
}
