package org.sluice.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The echo ports of the default configuration, through real sockets. */
class EchoTest {

    @TempDir
    static Path directory;

    private static SluiceProcess server;

    @BeforeAll
    static void start() {
        server = SluiceProcess.builder(ServerRoot.copyOfDefault(directory).path())
                .port("ECHO_PORT").port("ECHO_LC_PORT").port("HTTP_PORT").port("COMMAND_PORT").port("SMTP_PORT").start();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            try {
                assertThat(server.stop()).as("exit code; stderr:%n%s", server.stderr()).isZero();
            } finally {
                server.close();
            }
        }
    }

    @Test
    void echoGivesTheSeedTranscript() {
        try (LineClient client = LineClient.connect(server.port("ECHO_PORT"))) {
            assertThat(client.exchange("Hello")).isEqualTo("Hello");
            assertThat(client.exchange("fOo BaR")).isEqualTo("fOo BaR");
        }
    }

    @Test
    void aLineOfOnlyCrlfClosesTheConnection() {
        try (LineClient client = LineClient.connect(server.port("ECHO_PORT"))) {
            assertThat(client.exchange("Hello")).isEqualTo("Hello");
            client.send("\r\n");
            assertThat(client.isClosedByServer()).isTrue();
        }
    }

    @Test
    void echoRepliesWithTheLineEndItWasSent() {
        try (LineClient client = LineClient.connect(server.port("ECHO_PORT"))) {
            client.send("crlf\r\n");
            assertThat(client.readExactly(6)).isEqualTo("crlf\r\n".getBytes(StandardCharsets.US_ASCII));
            client.send("lf\n");
            assertThat(client.readExactly(3)).isEqualTo("lf\n".getBytes(StandardCharsets.US_ASCII));
        }
    }

    @Test
    void lowercasePortLowercasesRepliesIncludingNonAscii() {
        try (LineClient client = LineClient.connect(server.port("ECHO_LC_PORT"))) {
            assertThat(client.exchange("Hello")).isEqualTo("hello");
            assertThat(client.exchange("fOo BaR")).isEqualTo("foo bar");
            assertThat(client.exchange("ÄÖÜ")).isEqualTo("äöü");
            client.send("\r\n");
            assertThat(client.isClosedByServer()).isTrue();
        }
    }

    @Test
    void oneMebibyteStreamedThroughEchoComesBackByteExact() throws Exception {
        byte[] sent = lines(1 << 20);
        try (LineClient client = LineClient.connect(server.port("ECHO_PORT"));
                ExecutorService writer = Executors.newVirtualThreadPerTaskExecutor()) {
            // written while the reply is read, so neither side waits for the other to finish
            Future<?> writing = writer.submit(() -> client.send(sent));
            byte[] received = client.readExactly(sent.length);
            writing.get(LineClient.TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            assertThat(received.length).isEqualTo(sent.length);
            assertThat(received).as("the echoed stream").isEqualTo(sent);
            client.send("\r\n");
            assertThat(client.isClosedByServer()).isTrue();
        }
    }

    @Test
    void clientsThatSendALotThenHalfCloseGetEveryReply() throws Exception {
        // more than the server queues before it stops reading (256 KiB), sent as a pipe would
        // (8 KiB at a time, read meanwhile), then FIN: the end may come while reading is paused
        byte[] sent = lines(1_080_000);
        for (int round = 0; round < 5; round++) {
            try (java.net.Socket socket = new java.net.Socket("127.0.0.1", server.port("ECHO_PORT"));
                    ExecutorService writer = Executors.newVirtualThreadPerTaskExecutor()) {
                socket.setSoTimeout((int) LineClient.TIMEOUT.toMillis());
                Future<?> writing = writer.submit(() -> {
                    for (int at = 0; at < sent.length; at += 8192) {
                        socket.getOutputStream().write(sent, at, Math.min(8192, sent.length - at));
                    }
                    socket.shutdownOutput();
                    return null;
                });
                byte[] received = socket.getInputStream().readAllBytes();
                writing.get(LineClient.TIMEOUT.toSeconds(), TimeUnit.SECONDS);
                assertThat(received.length).as("round %d", round).isEqualTo(sent.length);
                assertThat(received).as("the echoed stream").isEqualTo(sent);
            }
        }
    }

    @Test
    void aThousandConcurrentClientsEachGetTheirOwnDataBack() throws Exception {
        int clients = 1000;
        CountDownLatch connected = new CountDownLatch(clients);
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        List<Future<?>> results = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < clients; i++) {
                String mine = "client " + i + " " + UUID.randomUUID();
                results.add(pool.submit(() -> {
                    LineClient client;
                    try {
                        client = LineClient.connect(server.port("ECHO_PORT"));
                    } finally {
                        connected.countDown();
                    }
                    try (client) {
                        // every client is connected before any speaks: all of them are open at once
                        if (!connected.await(60, TimeUnit.SECONDS)) {
                            failures.add(mine + ": not all clients connected in time");
                            return null;
                        }
                        String first = client.exchange(mine);
                        String second = client.exchange(mine.toUpperCase());
                        client.send("\r\n");
                        if (!mine.equals(first) || !mine.toUpperCase().equals(second) || !client.isClosedByServer()) {
                            failures.add(mine + ": got " + first + " / " + second);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> result : results) {
                result.get(90, TimeUnit.SECONDS);
            }
        }
        assertThat(failures).isEmpty();
    }

    /** {@code size} bytes of CRLF-ended lines, each one different. */
    private static byte[] lines(int size) {
        StringBuilder text = new StringBuilder(size);
        for (int n = 0; text.length() < size; n++) {
            String line = String.format("line %07d %s", n, "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ");
            int room = size - text.length();
            text.append(line, 0, Math.min(line.length(), Math.max(0, room - 2))).append("\r\n", 0, Math.min(2, room));
        }
        byte[] bytes = text.toString().getBytes(StandardCharsets.US_ASCII);
        assertThat(bytes).hasSize(size);
        return bytes;
    }
}
