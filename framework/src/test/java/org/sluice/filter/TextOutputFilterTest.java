package org.sluice.filter;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_16BE;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sluice.brigade.Brigade;
import org.sluice.brigade.FileBucket;
import org.sluice.brigade.MetadataBucket;
import org.sluice.testing.CollectingOutputContext;

class TextOutputFilterTest {

    private static final String MIXED = "ÄÖÜ Straße Ωmega 日本 😀";
    private static final char REPLACEMENT = '\uFFFD';

    private final CollectingOutputContext next = new CollectingOutputContext();
    private final List<ByteBuf> inputs = new ArrayList<>();

    @AfterEach
    void releaseOutput() {
        next.close();
        assertThat(inputs).as("input buffers are released").allMatch(buffer -> buffer.refCnt() == 0);
    }

    /** A filter that applies {@code function} and records the pieces of text it was given. */
    private static final class Recording extends TextOutputFilter {
        final List<String> pieces = new ArrayList<>();
        final UnaryOperator<String> function;

        Recording(UnaryOperator<String> function) {
            this.function = function;
        }

        Recording(Charset charset, UnaryOperator<String> function) {
            super(charset);
            this.function = function;
        }

        @Override
        protected String transform(String text) {
            pieces.add(text);
            return function.apply(text);
        }
    }

    private static Recording identity() {
        return new Recording(UnaryOperator.identity());
    }

    private static Recording upperCase() {
        return new Recording(text -> text.toUpperCase(java.util.Locale.ROOT));
    }

    /** A tracked buffer holding {@code bytes[from, to)}. */
    private ByteBuf buffer(byte[] bytes, int from, int to) {
        ByteBuf buffer = Unpooled.directBuffer(Math.max(1, to - from)).writeBytes(bytes, from, to - from);
        inputs.add(buffer);
        return buffer;
    }

    private ByteBuf buffer(String text) {
        byte[] bytes = text.getBytes(UTF_8);
        return buffer(bytes, 0, bytes.length);
    }

    @Test
    void transformsAsciiText() throws IOException {
        upperCase().pass(next, new Brigade().addLast(buffer("hello, world\r\n")).addEos());

        assertThat(next.describe(UTF_8)).containsExactly("HELLO, WORLD\r\n", "EOS");
    }

    @Test
    void transformsMultiByteText() throws IOException {
        upperCase().pass(next, new Brigade().addLast(buffer("straße ωmega")));

        assertThat(next.text(UTF_8)).isEqualTo("STRASSE ΩMEGA");
    }

    @Test
    void aCharacterSplitBetweenBucketsAtAnyByteIsDecodedWhole() throws IOException {
        byte[] bytes = MIXED.getBytes(UTF_8);
        for (int cut = 1; cut < bytes.length; cut++) {
            try (CollectingOutputContext out = new CollectingOutputContext()) {
                identity().pass(out, new Brigade()
                        .addLast(buffer(bytes, 0, cut))
                        .addLast(buffer(bytes, cut, bytes.length))
                        .addEos());

                assertThat(out.text(UTF_8)).as("split at byte %d", cut).isEqualTo(MIXED);
            }
        }
    }

    @Test
    void aCharacterSplitBetweenBrigadesAtAnyByteIsDecodedWhole() throws IOException {
        byte[] bytes = MIXED.getBytes(UTF_8);
        for (int cut = 1; cut < bytes.length; cut++) {
            try (CollectingOutputContext out = new CollectingOutputContext()) {
                TextOutputFilter filter = identity();
                filter.pass(out, new Brigade().addLast(buffer(bytes, 0, cut)));
                filter.pass(out, new Brigade().addLast(buffer(bytes, cut, bytes.length)).addEos());

                assertThat(out.text(UTF_8)).as("split at byte %d", cut).isEqualTo(MIXED);
                assertThat(out.text(UTF_8)).doesNotContain(String.valueOf(REPLACEMENT));
            }
        }
    }

    @Test
    void oneByteBucketsMakeTheSameText() throws IOException {
        byte[] bytes = MIXED.getBytes(UTF_8);
        Brigade brigade = new Brigade();
        for (int i = 0; i < bytes.length; i++) {
            brigade.addLast(buffer(bytes, i, i + 1));
        }
        Recording filter = identity();
        filter.pass(next, brigade.addEos());

        assertThat(next.text(UTF_8)).isEqualTo(MIXED);
        assertThat(filter.pieces).containsExactly(MIXED);
    }

    @Test
    void surrogatePairsAreNeverTornApart() throws IOException {
        byte[] bytes = "😀😀".getBytes(UTF_8);
        Recording filter = identity();
        for (int i = 0; i < bytes.length; i++) {
            filter.pass(next, new Brigade().addLast(buffer(bytes, i, i + 1)));
        }

        assertThat(filter.pieces).containsExactly("😀", "😀");
    }

    @Test
    void completeTextIsPassedOnWithoutWaitingForFlush() throws IOException {
        identity().pass(next, new Brigade().addLast(buffer("no flush yet")));

        assertThat(next.describe(UTF_8)).containsExactly("no flush yet");
    }

    @Test
    void metadataKeepsItsPlaceBetweenTheData() throws IOException {
        Brigade brigade = new Brigade()
                .addLast(buffer("One"))
                .addFlush()
                .addLast(buffer("Two"))
                .addLast(new MetadataBucket("MARK") {})
                .addLast(buffer("Thr"))
                .addLast(buffer("ee"))
                .addEos();

        upperCase().pass(next, brigade);

        assertThat(next.describe(UTF_8)).containsExactly("ONE", "FLUSH", "TWO", "MARK", "THREE", "EOS");
        assertThat(brigade.isEmpty()).isTrue();
    }

    @Test
    void flushPassesCompleteTextAndKeepsAnIncompleteCharacter() throws IOException {
        byte[] bytes = "aä".getBytes(UTF_8);
        TextOutputFilter filter = identity();

        filter.pass(next, new Brigade().addLast(buffer(bytes, 0, 2)).addFlush());
        assertThat(next.describe(UTF_8)).containsExactly("a", "FLUSH");

        filter.pass(next, new Brigade().addLast(buffer(bytes, 2, 3)).addFlush());
        assertThat(next.describe(UTF_8)).containsExactly("a", "FLUSH", "ä", "FLUSH");
    }

    @Test
    void aBrigadeHoldingOnlyPartOfACharacterPassesNothing() throws IOException {
        byte[] bytes = "日".getBytes(UTF_8);
        TextOutputFilter filter = identity();

        filter.pass(next, new Brigade().addLast(buffer(bytes, 0, 2)));

        assertThat(next.passed()).isEmpty();
        filter.pass(next, new Brigade().addLast(buffer(bytes, 2, 3)));
        assertThat(next.describe(UTF_8)).containsExactly("日");
    }

    @Test
    void endOfStreamTurnsAnIncompleteCharacterIntoAReplacement() throws IOException {
        byte[] bytes = "ok日".getBytes(UTF_8);
        TextOutputFilter filter = identity();

        filter.pass(next, new Brigade().addLast(buffer(bytes, 0, 4)).addEos());

        assertThat(next.describe(UTF_8)).containsExactly("ok" + REPLACEMENT, "EOS");
    }

    @Test
    void theStreamStartsAfreshAfterEndOfStream() throws IOException {
        byte[] bytes = "日".getBytes(UTF_8);
        TextOutputFilter filter = identity();
        filter.pass(next, new Brigade().addLast(buffer(bytes, 0, 1)).addEos());

        filter.pass(next, new Brigade().addLast(buffer("next")).addEos());

        assertThat(next.describe(UTF_8)).containsExactly(String.valueOf(REPLACEMENT), "EOS", "next", "EOS");
    }

    @Test
    void malformedBytesBecomeReplacementCharacters() throws IOException {
        byte[] bytes = {'a', (byte) 0xFF, 'b', (byte) 0xC3, 'c', (byte) 0xED, (byte) 0xA0, (byte) 0x80, 'd'};

        identity().pass(next, new Brigade().addLast(buffer(bytes, 0, bytes.length)).addEos());

        assertThat(next.text(UTF_8)).startsWith("a" + REPLACEMENT + "b" + REPLACEMENT + "c").endsWith("d");
        assertThat(next.text(UTF_8).chars().filter(c -> c != REPLACEMENT).toArray())
                .containsExactly('a', 'b', 'c', 'd');
    }

    @Test
    void malformedBytesSplitBetweenBrigadesDoNotStopTheStream() throws IOException {
        byte[] bytes = {(byte) 0xE6, (byte) 0x97, 'x'};
        TextOutputFilter filter = identity();

        filter.pass(next, new Brigade().addLast(buffer(bytes, 0, 2)));
        filter.pass(next, new Brigade().addLast(buffer(bytes, 2, 3)).addEos());

        assertThat(next.text(UTF_8)).isEqualTo(REPLACEMENT + "x");
    }

    @Test
    void fileBucketsAreReadAndTransformed(@TempDir Path dir) throws IOException {
        byte[] bytes = MIXED.getBytes(UTF_8);
        Path file = Files.write(dir.resolve("text"), Arrays.copyOfRange(bytes, 1, bytes.length));
        Brigade brigade = new Brigade().addLast(buffer(bytes, 0, 1));
        brigade.addLast(FileBucket.open(file)).addEos();

        upperCase().pass(next, brigade);

        assertThat(next.describe(UTF_8)).containsExactly(MIXED.toUpperCase(java.util.Locale.ROOT), "EOS");
    }

    @Test
    void largeFileBucketsAreReadInPieces(@TempDir Path dir) throws IOException {
        String text = "ab€".repeat(50_000);
        Path file = Files.writeString(dir.resolve("big"), text);

        identity().pass(next, new Brigade().addLast(FileBucket.open(file)).addEos());

        assertThat(next.text(UTF_8)).isEqualTo(text);
    }

    @Test
    void anEmptyTransformationDropsTheData() throws IOException {
        new Recording(text -> "").pass(next, new Brigade().addLast(buffer("gone")).addFlush());

        assertThat(next.describe(UTF_8)).containsExactly("FLUSH");
    }

    @Test
    void anotherCharsetIsDecodedAndEncodedInThatCharset() throws IOException {
        byte[] bytes = MIXED.getBytes(UTF_16BE);
        for (int cut = 1; cut < bytes.length; cut++) {
            try (CollectingOutputContext out = new CollectingOutputContext()) {
                TextOutputFilter filter = new Recording(UTF_16BE, UnaryOperator.identity());
                filter.pass(out, new Brigade().addLast(buffer(bytes, 0, cut)));
                filter.pass(out, new Brigade().addLast(buffer(bytes, cut, bytes.length)).addEos());

                assertThat(out.text(UTF_16BE)).as("split at byte %d", cut).isEqualTo(MIXED);
            }
        }
    }

    @Test
    void charactersTheCharsetCannotEncodeAreReplaced() throws IOException {
        byte[] bytes = "abc".getBytes(ISO_8859_1);

        new Recording(ISO_8859_1, text -> text + "日").pass(next, new Brigade().addLast(buffer(bytes, 0, 3)));

        assertThat(next.text(ISO_8859_1)).isEqualTo("abc?");
    }

    @Test
    void theInputBrigadeIsEmptiedAndItsBuffersReleased() throws IOException {
        ByteBuf input = buffer("abc");
        Brigade brigade = new Brigade().addLast(input).addFlush();

        identity().pass(next, brigade);

        assertThat(brigade.isEmpty()).isTrue();
        assertThat(input.refCnt()).isZero();
    }
}
