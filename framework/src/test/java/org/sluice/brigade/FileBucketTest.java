package org.sluice.brigade;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.FileRegion;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileBucketTest {

    private static final ByteBufAllocator ALLOCATOR = ByteBufAllocator.DEFAULT;

    @TempDir
    Path dir;

    private Path digits;

    @BeforeEach
    void writeFile() throws IOException {
        digits = Files.writeString(dir.resolve("digits.txt"), "0123456789");
    }

    private static String contentOf(FileBucket bucket) throws IOException {
        ByteBuf out = Unpooled.buffer();
        try {
            bucket.copyTo(out);
            return out.toString(UTF_8);
        } finally {
            out.release();
        }
    }

    private static String transferred(FileRegion region) throws IOException {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        try (WritableByteChannel channel = Channels.newChannel(sink)) {
            while (region.transferred() < region.count()) {
                region.transferTo(channel, region.transferred());
            }
        }
        return sink.toString(UTF_8);
    }

    @Test
    void openCoversTheWholeFile() throws IOException {
        FileBucket bucket = FileBucket.open(digits);
        try {
            assertThat(bucket.position()).isZero();
            assertThat(bucket.length()).isEqualTo(10);
            assertThat(contentOf(bucket)).isEqualTo("0123456789");
        } finally {
            bucket.release();
        }
    }

    @Test
    void openARegion() throws IOException {
        FileBucket bucket = FileBucket.open(digits, 3, 4);
        try {
            assertThat(bucket.position()).isEqualTo(3);
            assertThat(bucket.length()).isEqualTo(4);
            assertThat(contentOf(bucket)).isEqualTo("3456");
            assertThat(bucket).hasToString("FILE(3+4)");
        } finally {
            bucket.release();
        }
    }

    @Test
    void copyToLeavesTheBucketAsItWas() throws IOException {
        FileBucket bucket = FileBucket.open(digits, 2, 3);
        try {
            contentOf(bucket);

            assertThat(contentOf(bucket)).isEqualTo("234");
            assertThat(bucket.position()).isEqualTo(2);
            assertThat(bucket.length()).isEqualTo(3);
        } finally {
            bucket.release();
        }
    }

    @Test
    void copyToCopiesRegionsLargerThanOneChunk() throws IOException {
        byte[] bytes = new byte[200_000];
        new Random(7).nextBytes(bytes);
        Path big = Files.write(dir.resolve("big.bin"), bytes);
        FileBucket bucket = FileBucket.open(big, 1, bytes.length - 1);
        ByteBuf out = Unpooled.buffer();
        try {
            bucket.copyTo(out);

            byte[] copied = new byte[out.readableBytes()];
            out.readBytes(copied);
            assertThat(copied).isEqualTo(java.util.Arrays.copyOfRange(bytes, 1, bytes.length));
        } finally {
            out.release();
            bucket.release();
        }
    }

    @Test
    void copyToFailsWhenTheFileIsShorterThanTheRegion() throws IOException {
        FileBucket bucket = FileBucket.open(digits, 8, 5);
        ByteBuf out = Unpooled.buffer();
        try {
            assertThatThrownBy(() -> bucket.copyTo(out)).isInstanceOf(IOException.class);
        } finally {
            out.release();
            bucket.release();
        }
    }

    @Test
    void splitMakesTwoAdjacentRegions() throws IOException {
        FileBucket bucket = FileBucket.open(digits);
        FileBucket tail = bucket.split(4);
        try {
            assertThat(contentOf(bucket)).isEqualTo("0123");
            assertThat(contentOf(tail)).isEqualTo("456789");
            assertThat(tail.position()).isEqualTo(4);
            assertThat(tail.length()).isEqualTo(6);
        } finally {
            bucket.release();
            tail.release();
        }
    }

    @Test
    void splitInsideABrigadeInsertsTheTailAfterTheBucket() throws IOException {
        try (Brigade brigade = new Brigade()) {
            brigade.addLast(FileBucket.open(digits)).addEos();
            Bucket tail = brigade.first().split(7);

            assertThat(brigade.first().next()).isSameAs(tail);
            assertThat(tail.next().isEos()).isTrue();
            assertThat(brigade.size()).isEqualTo(3);
            assertThat(brigade.flattenToString(UTF_8)).isEqualTo("0123456789");
        }
    }

    @Test
    void splitHalvesKeepTheFileOpenUntilBothAreReleased() throws IOException {
        FileBucket bucket = FileBucket.open(digits);
        FileBucket tail = bucket.split(5);

        bucket.release();

        assertThat(contentOf(tail)).isEqualTo("56789");
        tail.release();
        assertThatThrownBy(() -> contentOf(tail)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void splittingOutsideTheRegionIsRefused() throws IOException {
        FileBucket bucket = FileBucket.open(digits, 2, 3);
        try {
            assertThatThrownBy(() -> bucket.split(0)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> bucket.split(3)).isInstanceOf(IllegalArgumentException.class);
        } finally {
            bucket.release();
        }
    }

    @Test
    void readTurnsTheFrontOfTheRegionIntoDataBeforeTheFileBucket() throws IOException {
        try (Brigade brigade = new Brigade()) {
            FileBucket file = FileBucket.open(digits);
            brigade.addLast(file).addEos();

            DataBucket data = file.read(ALLOCATOR, 4);

            assertThat(data.toString(UTF_8)).isEqualTo("0123");
            assertThat(brigade.first()).isSameAs(data);
            assertThat(data.next()).isSameAs(file);
            assertThat(file.position()).isEqualTo(4);
            assertThat(file.length()).isEqualTo(6);
            assertThat(brigade.flattenToString(UTF_8)).isEqualTo("0123456789");
        }
    }

    @Test
    void readingTheRestReplacesTheFileBucketAndReleasesIt() throws IOException {
        try (Brigade brigade = new Brigade()) {
            FileBucket file = FileBucket.open(digits, 6, 4);
            brigade.addLast(file).addEos();

            DataBucket data = file.read(ALLOCATOR, 100);

            assertThat(data.toString(UTF_8)).isEqualTo("6789");
            assertThat(brigade.size()).isEqualTo(2);
            assertThat(brigade.first()).isSameAs(data);
            assertThat(data.next().isEos()).isTrue();
            assertThat(file.brigade()).isNull();
            assertThatThrownBy(file::toFileRegion).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void readOutsideABrigadeReturnsTheData() throws IOException {
        FileBucket file = FileBucket.open(digits);
        DataBucket first = file.read(ALLOCATOR, 3);
        DataBucket second = file.read(ALLOCATOR, 3);
        try {
            assertThat(first.toString(UTF_8)).isEqualTo("012");
            assertThat(second.toString(UTF_8)).isEqualTo("345");
            assertThat(first.brigade()).isNull();
            assertThat(contentOf(file)).isEqualTo("6789");
        } finally {
            first.release();
            second.release();
            file.release();
        }
    }

    @Test
    void readFailsWhenTheFileIsShorterThanTheRegion() throws IOException {
        FileBucket file = FileBucket.open(digits, 8, 5);
        try {
            assertThatThrownBy(() -> file.read(ALLOCATOR, 5)).isInstanceOf(IOException.class);
            assertThat(file.position()).isEqualTo(8);
            assertThat(file.length()).isEqualTo(5);
        } finally {
            file.release();
        }
    }

    @Test
    void toFileRegionTransfersTheRegion() throws IOException {
        FileBucket bucket = FileBucket.open(digits, 1, 8);
        FileRegion region = bucket.toFileRegion();
        try {
            assertThat(region.position()).isEqualTo(1);
            assertThat(region.count()).isEqualTo(8);
            assertThat(transferred(region)).isEqualTo("12345678");
        } finally {
            region.release();
            bucket.release();
        }
    }

    @Test
    void aFileRegionOutlivesItsBucket() throws IOException {
        FileBucket bucket = FileBucket.open(digits);
        FileRegion region = bucket.toFileRegion();
        bucket.release();
        try {
            assertThat(transferred(region)).isEqualTo("0123456789");
        } finally {
            assertThat(region.release()).isTrue();
        }
    }

    @Test
    void aBucketOutlivesItsFileRegion() throws IOException {
        FileBucket bucket = FileBucket.open(digits);
        FileRegion region = bucket.toFileRegion();
        region.release();
        try {
            assertThat(contentOf(bucket)).isEqualTo("0123456789");
        } finally {
            bucket.release();
        }
    }

    @Test
    void releasingTwiceIsHarmless() throws IOException {
        FileBucket bucket = FileBucket.open(digits);
        FileBucket tail = bucket.split(5);
        bucket.release();
        bucket.release();

        assertThat(contentOf(tail)).isEqualTo("56789");
        tail.release();
    }
}
