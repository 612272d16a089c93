package org.sluice.internal.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Lines from many threads reach their file or pipe whole, each thread's in its order, and in bounded memory. */
class AccessLogWriterTest {

    @TempDir
    Path dir;

    @Test
    void linesFromManyThreadsArriveWholeAndInEachThreadsOrder() throws Exception {
        Path file = dir.resolve("logs/access.log");
        int threads = 8;
        int lines = 5_000; // 8 x 5,000 lines of about 60 bytes: many times the two buffers
        try (AccessLogWriter writer = new AccessLogWriter()) {
            writer.open(file.toString());
            List<Thread> writers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int id = t;
                writers.add(Thread.ofVirtual().start(() -> {
                    for (int i = 0; i < lines; i++) {
                        writer.write(file.toString(), "thread " + id + " line " + i + " " + "x".repeat(i % 40));
                    }
                }));
            }
            for (Thread t : writers) {
                t.join();
            }
        }
        Map<Integer, Integer> next = new HashMap<>();
        List<String> written = Files.readAllLines(file);
        assertThat(written).hasSize(threads * lines);
        for (String line : written) {
            String[] words = line.split(" ");
            int id = Integer.parseInt(words[1]);
            int i = Integer.parseInt(words[3]);
            assertThat(i).as(line).isEqualTo(next.getOrDefault(id, 0));
            assertThat(line).endsWith(" " + "x".repeat(i % 40));
            next.put(id, i + 1);
        }
    }

    @Test
    void aLineLongerThanABufferIsWrittenWhole() throws Exception {
        Path file = dir.resolve("long.log");
        String huge = "h".repeat(AccessLogWriter.BUFFER_SIZE * 3);
        try (AccessLogWriter writer = new AccessLogWriter()) {
            writer.write(file.toString(), "before");
            writer.write(file.toString(), huge);
            writer.write(file.toString(), "after");
        }
        assertThat(Files.readAllLines(file)).containsExactly("before", huge, "after");
    }

    @Test
    void aBurstLargerThanTheFirstBufferGrowsItAndLosesNothing() throws Exception {
        Path file = dir.resolve("burst.log");
        List<String> lines = new ArrayList<>();
        for (int i = 0; lines.size() * 100 < AccessLogWriter.FIRST_SIZE * 40; i++) {
            lines.add(String.format("%06d ", i) + "x".repeat(92));
        }
        try (AccessLogWriter writer = new AccessLogWriter()) {
            for (String line : lines) {
                writer.write(file.toString(), line);
            }
        }
        assertThat(Files.readAllLines(file)).containsExactlyElementsOf(lines);
    }

    @Test
    void linesReachTheFileWhileTheServerRuns() throws Exception {
        Path file = dir.resolve("live.log");
        try (AccessLogWriter writer = new AccessLogWriter()) {
            writer.write(file.toString(), "one line");
            await().atMost(Duration.ofSeconds(5)).until(() -> Files.exists(file)
                    && Files.readAllLines(file).equals(List.of("one line")));
        }
    }

    @Test
    void aPipeTargetFeedsTheProgramsStandardInput() throws Exception {
        Path file = dir.resolve("piped.log");
        try (AccessLogWriter writer = new AccessLogWriter()) {
            String target = "|cat > '" + file + "'";
            writer.open(target);
            writer.write(target, "through a pipe");
            writer.write(target, "ünïcödé too");
        }
        assertThat(Files.readAllLines(file)).containsExactly("through a pipe", "ünïcödé too");
    }
}
