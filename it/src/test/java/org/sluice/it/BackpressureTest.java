package org.sluice.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A client that sends a lot and never reads must not make the server buffer without bound:
 * the echo replies fill the socket, the server stops reading, TCP pushes back on the client.
 */
class BackpressureTest {

    private static final long TOTAL = 100L << 20;
    private static final long HEAP_BOUND = 64L << 20;
    /** No progress for this long means the server stopped reading. */
    private static final Duration STALL = Duration.ofSeconds(3);
    private static final Duration GIVE_UP = Duration.ofSeconds(60);

    @TempDir
    Path directory;

    @Test
    void aClientThatNeverReadsIsStoppedByBackpressureAndTheHeapStaysBounded() throws Exception {
        try (SluiceProcess server = SluiceProcess.builder(ServerRoot.copyOfDefault(directory).path())
                .port("ECHO_PORT").port("ECHO_LC_PORT").port("HTTP_PORT").port("COMMAND_PORT").port("SMTP_PORT")
                // direct memory bounded too: buffering the flood off-heap would fail the server loudly
                .env("SLUICE_JAVA_OPTS", "-Xmx256m -XX:MaxDirectMemorySize=64m")
                .start();
                SocketChannel flooder = SocketChannel.open(new InetSocketAddress("127.0.0.1", server.port("ECHO_PORT")))) {
            long pushed = pushUntilStalled(flooder);

            assertThat(pushed).as("bytes the server took before it stopped reading").isLessThan(TOTAL);
            long used = usedHeapAfterGc(server.pid());
            assertThat(used).as("server heap used after a GC, while the flooder is still connected").isLessThan(HEAP_BOUND);

            try (LineClient other = LineClient.connect(server.port("ECHO_PORT"))) {
                assertThat(other.exchange("still serving")).isEqualTo("still serving");
            }
            flooder.close();
            assertThat(server.stop()).as(server.stderr()).isZero();
            assertThat(server.stderr()).doesNotContain("OutOfMemoryError").doesNotContain("OutOfDirectMemoryError");
        }
    }

    /** Writes echo lines without reading until the socket takes nothing for {@link #STALL}; returns the bytes written. */
    private static long pushUntilStalled(SocketChannel channel) throws IOException {
        byte[] line = new byte[128];
        Arrays.fill(line, (byte) 'x');
        line[126] = '\r';
        line[127] = '\n';
        ByteBuffer chunk = ByteBuffer.allocate(64 * 1024);
        while (chunk.hasRemaining()) {
            chunk.put(line);
        }
        channel.configureBlocking(false);
        long pushed = 0;
        long deadline = System.nanoTime() + GIVE_UP.toNanos();
        try (Selector selector = Selector.open()) {
            SelectionKey key = channel.register(selector, SelectionKey.OP_WRITE);
            long lastProgress = System.nanoTime();
            while (pushed < TOTAL && System.nanoTime() < deadline) {
                if (!chunk.hasRemaining()) {
                    chunk.clear();
                    chunk.limit((int) Math.min(chunk.capacity(), TOTAL - pushed));
                }
                int n = channel.write(chunk);
                if (n > 0) {
                    pushed += n;
                    lastProgress = System.nanoTime();
                    continue;
                }
                if (System.nanoTime() - lastProgress > STALL.toNanos()) {
                    break;
                }
                selector.select(100);
                selector.selectedKeys().clear();
            }
            key.cancel();
        }
        return pushed;
    }

    /** The server's used heap (survivors, eden and old generation of {@code jstat -gc}) right after a full GC. */
    private static long usedHeapAfterGc(long pid) {
        Path bin = SluiceProcess.javaHome().resolve("bin");
        SluiceProcess.Completed gc = tool(bin.resolve("jcmd"), Long.toString(pid), "GC.run");
        assertThat(gc.exitCode()).as("jcmd GC.run: %s %s", gc.stdout(), gc.stderr()).isZero();
        SluiceProcess.Completed stat = tool(bin.resolve("jstat"), "-gc", Long.toString(pid));
        assertThat(stat.exitCode()).as("jstat -gc: %s %s", stat.stdout(), stat.stderr()).isZero();
        List<String> lines = stat.stdout().lines().filter(l -> !l.isBlank()).toList();
        List<String> names = List.of(lines.get(0).trim().split("\\s+"));
        List<String> values = List.of(lines.get(1).trim().split("\\s+"));
        double kib = 0;
        for (String column : List.of("S0U", "S1U", "EU", "OU")) {
            kib += Double.parseDouble(values.get(names.indexOf(column)).replace(',', '.')); // any locale
        }
        return (long) (kib * 1024);
    }

    private static SluiceProcess.Completed tool(Path executable, String... args) {
        List<String> command = new ArrayList<>(List.of(executable.toString()));
        command.addAll(List.of(args));
        return SluiceProcess.exec(command, Duration.ofSeconds(30));
    }
}
