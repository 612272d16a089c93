package org.sluice.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.DataFormatException;
import java.util.zip.GZIPInputStream;
import java.util.zip.Inflater;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.sluice.brigade.Brigade;
import org.sluice.brigade.Bucket;
import org.sluice.brigade.DataBucket;
import org.sluice.brigade.FileBucket;
import org.sluice.brigade.MetadataBucket;
import org.sluice.connection.Connection;
import org.sluice.connection.Note;
import org.sluice.connection.Pool;
import org.sluice.filter.OutputFilter;
import org.sluice.testing.CollectingOutputContext;

class DeflateFilterTest {

    private static final int BUFFER_SIZE = 1024;

    private final CollectingOutputContext next = new CollectingOutputContext("DEFLATE");

    @AfterEach
    void releasePassedOn() {
        next.close();
    }

    private static DeflateFilter filter() {
        return new DeflateFilter(DeflateFilter.DEFAULT_LEVEL, BUFFER_SIZE, PooledByteBufAllocator.DEFAULT);
    }

    /** Text that compresses somewhat, as HTML does: words from a small vocabulary. */
    private static String text(int length, long seed) {
        String[] words = {"<p>", "sluice ", "brigade ", "bucket ", "filter ", "gzip ", "\n", "the ", "of ", "</p>"};
        Random random = new Random(seed);
        StringBuilder text = new StringBuilder(length + 16);
        while (text.length() < length) {
            text.append(words[random.nextInt(words.length)]);
            if (random.nextInt(8) == 0) {
                text.append(random.nextInt(100_000));
            }
        }
        text.setLength(length);
        return text.toString();
    }

    private static byte[] randomBytes(int length) {
        byte[] bytes = new byte[length];
        new Random(42).nextBytes(bytes);
        return bytes;
    }

    private static ByteBuf buffer(byte[] bytes, int from, int to) {
        return PooledByteBufAllocator.DEFAULT.directBuffer(to - from).writeBytes(bytes, from, to - from);
    }

    /** All bytes passed on so far. */
    private byte[] compressed() {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (Brigade brigade : next.passed()) {
            all.writeBytes(brigade.flatten());
        }
        return all.toByteArray();
    }

    private static byte[] gunzip(byte[] gzip) throws IOException {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gzip))) {
            return in.readAllBytes();
        }
    }

    /** What a raw inflater makes of an incomplete gzip stream: the data up to its last flush. */
    private static String inflateSoFar(byte[] gzip) throws DataFormatException {
        Inflater inflater = new Inflater(true);
        try {
            inflater.setInput(gzip, 10, gzip.length - 10);
            byte[] out = new byte[1 << 20];
            int n = inflater.inflate(out);
            return new String(out, 0, n, StandardCharsets.ISO_8859_1);
        } finally {
            inflater.end();
        }
    }

    /** The kinds of the metadata buckets passed on, in order. */
    private List<String> metadataPassedOn() {
        List<String> kinds = new ArrayList<>();
        for (Brigade brigade : next.passed()) {
            for (Bucket bucket : brigade) {
                if (bucket instanceof MetadataBucket marker) {
                    kinds.add(marker.kind());
                }
            }
        }
        return kinds;
    }

    @ParameterizedTest(name = "{0} bytes")
    @ValueSource(ints = {1, 13, 100, 4_095, 65_536, 1_000_000})
    void textSplitIntoRandomBucketsAndBrigadesRoundTrips(int size) throws IOException {
        byte[] body = text(size, size).getBytes(StandardCharsets.ISO_8859_1);
        DeflateFilter filter = filter();
        Random random = new Random(size);
        int at = 0;
        while (at < body.length) {
            Brigade brigade = new Brigade();
            for (int buckets = 1 + random.nextInt(4); buckets > 0 && at < body.length; buckets--) {
                int end = Math.min(body.length, at + 1 + random.nextInt(Math.max(1, size / 7)));
                brigade.addLast(buffer(body, at, end));
                at = end;
            }
            filter.pass(next, brigade);
        }
        filter.pass(next, new Brigade().addEos());

        assertThat(gunzip(compressed())).isEqualTo(body);
        assertThat(metadataPassedOn()).containsExactly("EOS");
    }

    @Test
    void anEmptyBodyIsAValidEmptyGzipStream() throws IOException {
        filter().pass(next, new Brigade().addEos());

        byte[] gzip = compressed();
        assertThat(gunzip(gzip)).isEmpty();
        assertThat(gzip).hasSize(20).startsWith(0x1f, 0x8b, 8);
    }

    @Test
    void emptyDataBucketsChangeNothing() throws IOException {
        DeflateFilter filter = filter();
        filter.pass(next, new Brigade().addLast(Bytes.of("")).addLast(Bytes.of("abc")).addLast(Bytes.of("")).addEos());

        assertThat(gunzip(compressed())).asString(StandardCharsets.ISO_8859_1).isEqualTo("abc");
    }

    @Test
    void flushMakesEverythingBeforeItDecodable() throws Exception {
        DeflateFilter filter = filter();
        String first = text(5_000, 1);
        filter.pass(next, new Brigade().addLast(Bytes.of(first)).addFlush());

        assertThat(inflateSoFar(compressed())).isEqualTo(first);
        assertThat(next.passed().getLast().last().isFlush()).isTrue();

        String second = text(300, 2);
        filter.pass(next, new Brigade().addLast(Bytes.of(second)).addFlush());
        assertThat(inflateSoFar(compressed())).isEqualTo(first + second);

        filter.pass(next, new Brigade().addEos());
        assertThat(gunzip(compressed())).asString(StandardCharsets.ISO_8859_1).isEqualTo(first + second);
        assertThat(metadataPassedOn()).containsExactly("FLUSH", "FLUSH", "EOS");
    }

    @Test
    void aFlushBeforeAnyDataStillMakesAValidStream() throws IOException {
        DeflateFilter filter = filter();
        filter.pass(next, new Brigade().addFlush());
        filter.pass(next, new Brigade().addLast(Bytes.of("later")).addEos());

        assertThat(gunzip(compressed())).asString(StandardCharsets.ISO_8859_1).isEqualTo("later");
    }

    @Test
    void compressedBuffersArePassedOnAsTheyFillWithoutWaitingForTheEnd() throws IOException {
        byte[] incompressible = randomBytes(100_000);
        DeflateFilter filter = filter();
        filter.pass(next, new Brigade().addLast(buffer(incompressible, 0, incompressible.length)));

        assertThat(next.passed()).hasSizeGreaterThan(50);
        for (Brigade brigade : next.passed()) {
            for (Bucket bucket : brigade) {
                assertThat(bucket.length()).isLessThanOrEqualTo(BUFFER_SIZE);
            }
        }
        filter.pass(next, new Brigade().addEos());
        assertThat(gunzip(compressed())).isEqualTo(incompressible);
    }

    @Test
    void fileBucketsAreReadInBoundedChunksAndCompressed(@TempDir Path dir) throws IOException {
        byte[] content = text(300_000, 7).getBytes(StandardCharsets.ISO_8859_1);
        Path file = Files.write(dir.resolve("page.html"), content);
        DeflateFilter filter = filter();

        filter.pass(next, new Brigade()
                .addLast(Bytes.of("<!-- head -->"))
                .addLast(FileBucket.open(file, 1000, 250_000))
                .addLast(FileBucket.open(file))
                .addEos());

        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        expected.writeBytes("<!-- head -->".getBytes(StandardCharsets.ISO_8859_1));
        expected.write(content, 1000, 250_000);
        expected.writeBytes(content);
        assertThat(gunzip(compressed())).isEqualTo(expected.toByteArray());
    }

    @Test
    void anEmptyFileBucketIsReleasedAndAddsNothing(@TempDir Path dir) throws IOException {
        Path file = Files.write(dir.resolve("empty"), new byte[0]);
        filter().pass(next, new Brigade().addLast(FileBucket.open(file)).addEos());

        assertThat(gunzip(compressed())).isEmpty();
    }

    @Test
    void everyInputBufferIsReleased() throws IOException {
        ByteBuf first = Bytes.of(text(10_000, 3));
        ByteBuf second = Bytes.of("tail");
        DeflateFilter filter = filter();

        filter.pass(next, new Brigade().addLast(first));
        filter.pass(next, new Brigade().addLast(second).addEos());

        assertThat(first.refCnt()).isZero();
        assertThat(second.refCnt()).isZero();
    }

    @Test
    void otherMetadataKeepsItsPlaceAmongFlushAndEos() throws IOException {
        DeflateFilter filter = filter();
        filter.pass(next, new Brigade()
                .addLast(Bytes.of("one"))
                .addLast(new Marker("FIRST"))
                .addLast(Bytes.of("two"))
                .addFlush()
                .addLast(new Marker("SECOND"))
                .addLast(Bytes.of("three"))
                .addEos());

        assertThat(metadataPassedOn()).containsExactly("FIRST", "FLUSH", "SECOND", "EOS");
        assertThat(gunzip(compressed())).asString(StandardCharsets.ISO_8859_1).isEqualTo("onetwothree");
    }

    @Test
    void theCompressionLevelIsUsedAndRecordedInTheHeader() throws IOException {
        String body = text(200_000, 9);
        int[] sizes = new int[2];
        int[] levels = {1, 9};
        for (int i = 0; i < levels.length; i++) {
            try (CollectingOutputContext out = new CollectingOutputContext()) {
                new DeflateFilter(levels[i], BUFFER_SIZE, PooledByteBufAllocator.DEFAULT)
                        .pass(out, new Brigade().addLast(Bytes.of(body)).addEos());
                ByteArrayOutputStream all = new ByteArrayOutputStream();
                out.passed().forEach(brigade -> all.writeBytes(brigade.flatten()));
                byte[] gzip = all.toByteArray();
                assertThat(gunzip(gzip)).asString(StandardCharsets.ISO_8859_1).isEqualTo(body);
                assertThat(gzip[8]).isEqualTo((byte) (levels[i] == 9 ? 2 : 4));
                sizes[i] = gzip.length;
            }
        }
        assertThat(sizes[1]).isLessThan(sizes[0]);
    }

    @Test
    void aLevelOutsideOneToNineIsRefused() {
        assertThatThrownBy(() -> new DeflateFilter(0)).hasMessageContaining("between 1 and 9");
        assertThatThrownBy(() -> new DeflateFilter(10)).hasMessageContaining("between 1 and 9");
    }

    @Test
    void theDeflaterIsEndedAtEosAndTheFilterLeavesTheChain() throws IOException {
        DeflateFilter filter = filter();
        filter.pass(next, new Brigade().addLast(Bytes.of("body")));
        assertThat(filter.holdsDeflater()).isTrue();

        filter.pass(next, new Brigade().addEos());

        assertThat(filter.holdsDeflater()).isFalse();
        assertThat(next.removed()).isTrue();
    }

    @Test
    void bucketsAfterEosPassUnchanged() throws IOException {
        DeflateFilter filter = filter();
        filter.pass(next, new Brigade().addLast(Bytes.of("compressed")).addEos().addLast(Bytes.of("HTTP/1.1 200 OK\r\n")));

        Brigade last = next.passed().getLast();
        assertThat(((DataBucket) last.last()).toString(StandardCharsets.ISO_8859_1)).isEqualTo("HTTP/1.1 200 OK\r\n");
        assertThat(last.last().previous().isEos()).isTrue();
    }

    @Test
    void theConnectionsPoolEndsTheDeflaterOfAResponseCutShort() throws IOException {
        FakeConnection connection = new FakeConnection();
        DeflateFilter filter = filter();
        filter.pass(connection.context(next), new Brigade().addLast(Bytes.of(text(3_000, 4))));
        assertThat(filter.holdsDeflater()).isTrue();

        connection.end();

        assertThat(filter.holdsDeflater()).isFalse(); // and its output buffer is released (leak check)
    }

    @Test
    void oneCleanupServesEveryResponseOfAKeepAliveConnection() throws IOException {
        FakeConnection connection = new FakeConnection();
        for (int response = 0; response < 5; response++) {
            filter().pass(connection.context(next), new Brigade().addLast(Bytes.of("body")).addEos());
        }
        DeflateFilter unfinished = filter();
        unfinished.pass(connection.context(next), new Brigade().addLast(Bytes.of("body")));

        assertThat(connection.cleanups).hasSize(1);
        connection.end();
        assertThat(unfinished.holdsDeflater()).isFalse();
    }

    @Test
    void closeReleasesWhatWasNotPassedOnAndLaterBucketsPassUnchanged() throws IOException {
        DeflateFilter filter = filter();
        filter.pass(next, new Brigade().addLast(Bytes.of("held in the output buffer")));
        assertThat(compressed()).isEmpty();

        filter.close();
        filter.close();
        filter.pass(next, new Brigade().addLast(Bytes.of("plain")).addEos());

        assertThat(filter.holdsDeflater()).isFalse();
        assertThat(next.describe(StandardCharsets.ISO_8859_1)).containsExactly("plain", "EOS");
    }

    /** A protocol's own metadata, such as HTTP's error bucket. */
    private static final class Marker extends MetadataBucket {
        Marker(String kind) {
            super(kind);
        }
    }

    /** Just enough of a connection for the filter: notes and a pool whose cleanups the test runs. */
    private static final class FakeConnection {
        final List<Runnable> cleanups = new ArrayList<>();
        private final Map<Note<?>, Object> notes = new HashMap<>();
        private final Connection connection = (Connection) Proxy.newProxyInstance(
                Connection.class.getClassLoader(), new Class<?>[] {Connection.class}, (proxy, method, args) ->
                        switch (method.getName()) {
                            case "pool" -> (Pool) cleanups::add;
                            case "note" -> args.length == 1 ? notes.get(args[0]) : notes.put((Note<?>) args[0], args[1]);
                            case "toString" -> "FakeConnection";
                            default -> throw new UnsupportedOperationException(method.getName());
                        });

        OutputFilter.Context context(CollectingOutputContext collecting) {
            return new OutputFilter.Context() {
                @Override
                public Connection connection() {
                    return connection;
                }

                @Override
                public String name() {
                    return collecting.name();
                }

                @Override
                public void passNext(Brigade brigade) {
                    collecting.passNext(brigade);
                }

                @Override
                public void remove() {
                    collecting.remove();
                }
            };
        }

        void end() {
            cleanups.reversed().forEach(Runnable::run);
        }
    }
}
