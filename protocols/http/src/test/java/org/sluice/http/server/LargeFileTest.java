package org.sluice.http.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A file larger than the socket buffers goes out as the client reads it: a slow reader gets all
 * of it, however long that takes past {@code KeepAliveTimeout} and {@code Timeout}, and only a
 * reader that stops for longer than {@code Timeout} is dropped. (As in Apache, the wait for a
 * next request starts once the last bytes are in the kernel's buffers, not once the client has
 * read them.)
 */
class LargeFileTest extends HttpServerTestBase {

    private static final int SIZE = 16 * 1024 * 1024;

    private byte[] bigFile() throws IOException {
        byte[] content = new byte[SIZE];
        new Random(42).nextBytes(content);
        Files.write(root.resolve("htdocs/big.bin"), content);
        return content;
    }

    @Test
    void aSlowReaderOnAKeptAliveConnectionGetsTheWholeFile() throws Exception {
        start("Timeout 2\n");
        byte[] content = bigFile();
        try (Socket socket = slowReader()) {
            send(socket, "GET /big.bin HTTP/1.1\r\nHost: localhost\r\n\r\n");
            InputStream in = socket.getInputStream();
            String head = readHead(in);
            assertThat(head).startsWith("HTTP/1.1 200 ").contains("Content-Length: " + SIZE);

            // about 4 s: longer than KeepAliveTimeout (1 s) and Timeout (2 s) together
            byte[] body = readSlowly(in, SIZE);

            assertThat(Arrays.equals(body, content)).as("the body is the file").isTrue();
        }
    }

    @Test
    void aSlowReaderOfTheLastResponseOfAConnectionGetsTheWholeFile() throws Exception {
        start("Timeout 2\n");
        byte[] content = bigFile();
        try (Socket socket = slowReader()) {
            send(socket, "GET /big.bin HTTP/1.0\r\n\r\n");
            InputStream in = socket.getInputStream();
            assertThat(readHead(in)).startsWith("HTTP/1.1 200 ").contains("Connection: close");

            byte[] body = readSlowly(in, SIZE);

            assertThat(Arrays.equals(body, content)).as("the body is the file").isTrue();
            assertThat(in.read()).as("then the server closes").isEqualTo(-1);
        }
    }

    @Test
    void aReaderThatStopsForLongerThanTimeoutIsDropped() throws Exception {
        start("Timeout 1\n");
        bigFile();
        try (Socket socket = slowReader()) {
            send(socket, "GET /big.bin HTTP/1.1\r\nHost: localhost\r\n\r\n");
            // nothing is read until the server gave up: the request is logged, as aborted
            java.nio.file.Path log = root.resolve("logs/access_log");
            await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(log)
                    && Files.readString(log).contains("\"GET /big.bin HTTP/1.1\" 200 "));
            long received = 0;
            try {
                InputStream in = socket.getInputStream();
                byte[] chunk = new byte[64 * 1024];
                int n;
                // what the socket buffers held, then the end: the server gave up on this reader
                while ((n = in.read(chunk)) >= 0) {
                    received += n;
                }
            } catch (SocketException reset) {
                // a reset ends it as well
            }
            assertThat(received).isLessThan(SIZE);
        }
    }

    private Socket slowReader() throws IOException {
        Socket socket = new Socket();
        socket.setReceiveBufferSize(32 * 1024);
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        socket.setSoTimeout(20_000);
        return socket;
    }

    private static void send(Socket socket, String request) throws IOException {
        socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
    }

    /** Reads {@code size} bytes at about 4 MB/s. */
    private static byte[] readSlowly(InputStream in, int size) throws Exception {
        byte[] body = new byte[size];
        int at = 0;
        while (at < size) {
            int n = in.read(body, at, Math.min(64 * 1024, size - at));
            if (n < 0) {
                throw new IOException("the server closed after " + at + " of " + size + " bytes");
            }
            at += n;
            // the pace of a slow client, which is what is tested: not a wait for a condition
            Thread.sleep(15);
        }
        return body;
    }
}
