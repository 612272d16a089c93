package org.sluice.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SmallFileCacheTest {

    @TempDir
    Path dir;

    private final SmallFileCache cache = new SmallFileCache(2, 1024);

    @AfterEach
    void clear() {
        cache.clear();
    }

    @Test
    void aSettledFileIsKeptAndServedFromMemory() throws Exception {
        Path file = file("a.txt", "hello", Instant.now().minusSeconds(60));
        assertThat(content(file)).isEqualTo("hello");
        assertThat(cache.size()).isEqualTo(1);
        assertThat(content(file)).isEqualTo("hello");
    }

    @Test
    void aFileChangedOnDiskIsReadAgain() throws Exception {
        Instant then = Instant.now().minusSeconds(60);
        Path file = file("a.txt", "hello", then);
        assertThat(content(file)).isEqualTo("hello");
        // same size, its time moved: a new stat sees another file
        file("a.txt", "HELLO", then.plusSeconds(1));
        assertThat(content(file)).isEqualTo("HELLO");
        // replaced by another file (another inode), same size and time
        Path other = file("b.txt", "world", then.plusSeconds(1));
        Files.move(other, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertThat(content(file)).isEqualTo("world");
    }

    @Test
    void aFileModifiedJustNowIsNotKept() throws Exception {
        Path file = file("a.txt", "fresh", Instant.now());
        assertThat(cache.content(file, Files.readAttributes(file, BasicFileAttributes.class))).isNull();
        assertThat(cache.size()).isZero();
    }

    @Test
    void entriesAndBytesStayWithinTheBounds() throws Exception {
        Instant then = Instant.now().minusSeconds(60);
        for (int i = 0; i < 5; i++) {
            content(file(i + ".txt", "x".repeat(300), then));
        }
        assertThat(cache.size()).isLessThanOrEqualTo(2);
        assertThat(content(file("big.txt", "y".repeat(1000), then))).hasSize(1000);
        assertThat(cache.size()).isEqualTo(1);
    }

    @Test
    void aBigFileIsNotKept() throws Exception {
        Path file = file("big.bin", "z".repeat(SmallFileCache.MAX_FILE_SIZE + 1), Instant.now().minusSeconds(60));
        assertThat(cache.content(file, Files.readAttributes(file, BasicFileAttributes.class))).isNull();
    }

    private Path file(String name, String content, Instant modified) throws Exception {
        Path file = dir.resolve(name);
        Files.writeString(file, content, StandardCharsets.US_ASCII);
        Files.setLastModifiedTime(file, FileTime.from(modified));
        return file;
    }

    private String content(Path file) throws Exception {
        ByteBuf buffer = cache.content(file, Files.readAttributes(file, BasicFileAttributes.class));
        assertThat(buffer).isNotNull();
        try {
            return buffer.toString(StandardCharsets.US_ASCII);
        } finally {
            buffer.release();
        }
    }
}
