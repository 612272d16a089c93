package org.sluice.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sluice.brigade.Brigade;
import org.sluice.brigade.Bucket;
import org.sluice.brigade.DataBucket;
import org.sluice.brigade.FileBucket;

class ChunkedEncoderTest {

    private static final ByteBufAllocator ALLOC = PooledByteBufAllocator.DEFAULT;

    private final ChunkedEncoder encoder = new ChunkedEncoder(ALLOC);

    private static Brigade brigade(String... data) {
        Brigade brigade = new Brigade();
        for (String text : data) {
            brigade.addLast(Bytes.of(text));
        }
        return brigade;
    }

    /** The buckets as text, metadata by kind, data quoted. */
    private static List<String> shape(Brigade brigade) {
        List<String> shape = new ArrayList<>();
        for (Bucket bucket : brigade) {
            shape.add(bucket instanceof DataBucket data ? Bytes.text(data.content()) : bucket.toString());
        }
        return shape;
    }

    @Test
    void framesDataAndEndsWithTheLastChunk() {
        try (Brigade brigade = brigade("hello").addEos()) {
            encoder.encode(brigade);

            assertThat(shape(brigade)).containsExactly("5\r\n", "hello", "\r\n", "0\r\n\r\n", "EOS");
            assertThat(encoder.isEnded()).isTrue();
        }
    }

    @Test
    void aRunOfDataBucketsIsOneChunk() {
        try (Brigade brigade = brigade("hello", " ", "world")) {
            encoder.encode(brigade);

            assertThat(brigade.flattenToString(StandardCharsets.US_ASCII)).isEqualTo("b\r\nhello world\r\n");
        }
    }

    @Test
    void flushEndsAChunk() {
        try (Brigade brigade = brigade("abc")) {
            brigade.addFlush();
            brigade.addLast(Bytes.of("de"));
            brigade.addEos();
            encoder.encode(brigade);

            assertThat(shape(brigade)).containsExactly("3\r\n", "abc", "\r\n", "FLUSH", "2\r\n", "de", "\r\n", "0\r\n\r\n", "EOS");
        }
    }

    @Test
    void emptyDataNeverBecomesAChunk() {
        try (Brigade brigade = brigade("")) {
            brigade.addFlush();
            encoder.encode(brigade);

            assertThat(shape(brigade)).containsExactly("", "FLUSH");
        }
    }

    @Test
    void keepsStateAcrossBrigades() {
        try (Brigade first = brigade("abc"); Brigade second = brigade("defghijklmnopqrstu")) {
            encoder.encode(first);
            second.addEos();
            encoder.encode(second);

            assertThat(first.flattenToString(StandardCharsets.US_ASCII)).isEqualTo("3\r\nabc\r\n");
            assertThat(second.flattenToString(StandardCharsets.US_ASCII)).isEqualTo("12\r\ndefghijklmnopqrstu\r\n0\r\n\r\n");
        }
    }

    @Test
    void refusesDataAfterTheEnd() {
        try (Brigade first = new Brigade().addEos(); Brigade late = brigade("late")) {
            encoder.encode(first);

            assertThatThrownBy(() -> encoder.encode(late)).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void framesFileBucketsWithoutReadingThem(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("f.txt"), "0123456789");
        try (Brigade brigade = brigade("<")) {
            brigade.addLast(FileBucket.open(file));
            brigade.addLast(Bytes.of(">"));
            brigade.addEos();
            encoder.encode(brigade);

            assertThat(brigade.first().next().next()).isInstanceOf(FileBucket.class);
            assertThat(brigade.flattenToString(StandardCharsets.US_ASCII)).isEqualTo("c\r\n<0123456789>\r\n0\r\n\r\n");
        }
    }

    @Test
    void chunkHeaderIsLowerCaseHex() {
        ByteBuf header = ChunkedEncoder.chunkHeader(ALLOC, 0xABCDEFL);
        try {
            assertThat(Bytes.text(header)).isEqualTo("abcdef\r\n");
        } finally {
            header.release();
        }
        assertThatThrownBy(() -> ChunkedEncoder.chunkHeader(ALLOC, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void whatItEncodesTheDecoderReadsBack() throws HttpException {
        try (Brigade brigade = brigade("first", "-", "second")) {
            brigade.addFlush();
            brigade.addLast(Bytes.of("third"));
            brigade.addEos();
            encoder.encode(brigade);

            ChunkedDecoder decoder = new ChunkedDecoder(HttpLimits.DEFAULT);
            ByteBuf wire = brigade.flattenToBuffer();
            Brigade decoded = new Brigade();
            try {
                decoder.decode(wire, decoded);
                assertThat(wire.isReadable()).isFalse();
            } finally {
                wire.release();
            }
            assertThat(decoder.isDone()).isTrue();
            assertThat(Bytes.drain(decoded)).isEqualTo("first-secondthird");
        }
    }
}
