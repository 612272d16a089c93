package org.sluice.filters;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.sluice.brigade.Brigade;
import org.sluice.testing.CollectingOutputContext;

class LowercaseFilterTest {

    private static final String MIXED = "ÄÖÜ Straße Ωmega 日本 😀";
    private static final String MIXED_LOWER = "äöü straße ωmega 日本 😀";

    private final LowercaseFilter filter = new LowercaseFilter();
    private final CollectingOutputContext next = new CollectingOutputContext("lowercase");
    private final List<ByteBuf> inputs = new ArrayList<>();

    @AfterEach
    void release() {
        next.close();
        assertThat(inputs).as("input buffers are released").allMatch(buffer -> buffer.refCnt() == 0);
    }

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
    void lowercasesAnEchoedLine() throws IOException {
        filter.pass(next, new Brigade().addLast(buffer("Hello World\r\n")).addFlush());

        assertThat(next.describe(UTF_8)).containsExactly("hello world\r\n", "FLUSH");
    }

    @Test
    void lowercasesNonAsciiLetters() throws IOException {
        filter.pass(next, new Brigade().addLast(buffer(MIXED)).addEos());

        assertThat(next.describe(UTF_8)).containsExactly(MIXED_LOWER, "EOS");
    }

    @Test
    void lowercasesCharactersSplitBetweenBucketsAtAnyByte() throws IOException {
        byte[] bytes = MIXED.getBytes(UTF_8);
        for (int cut = 1; cut < bytes.length; cut++) {
            try (CollectingOutputContext out = new CollectingOutputContext()) {
                filter.pass(out, new Brigade()
                        .addLast(buffer(bytes, 0, cut))
                        .addLast(buffer(bytes, cut, bytes.length))
                        .addEos());

                assertThat(out.text(UTF_8)).as("split at byte %d", cut).isEqualTo(MIXED_LOWER);
            }
        }
    }

    @Test
    void lowercasesCharactersSplitBetweenBrigadesAtAnyByte() throws IOException {
        byte[] bytes = MIXED.getBytes(UTF_8);
        for (int cut = 1; cut < bytes.length; cut++) {
            LowercaseFilter fresh = new LowercaseFilter();
            try (CollectingOutputContext out = new CollectingOutputContext()) {
                fresh.pass(out, new Brigade().addLast(buffer(bytes, 0, cut)).addFlush());
                fresh.pass(out, new Brigade().addLast(buffer(bytes, cut, bytes.length)).addEos());

                assertThat(out.text(UTF_8)).as("split at byte %d", cut).isEqualTo(MIXED_LOWER);
            }
        }
    }

    @Test
    void keepsMetadataInOrder() throws IOException {
        filter.pass(next, new Brigade()
                .addLast(buffer("ONE\n"))
                .addFlush()
                .addLast(buffer("TWO\n"))
                .addEos());

        assertThat(next.describe(UTF_8)).containsExactly("one\n", "FLUSH", "two\n", "EOS");
    }

    @Test
    void flushKeepsAnIncompleteCharacterUntilItsLastByte() throws IOException {
        byte[] bytes = "AÄ".getBytes(UTF_8);

        filter.pass(next, new Brigade().addLast(buffer(bytes, 0, 2)).addFlush());
        assertThat(next.describe(UTF_8)).containsExactly("a", "FLUSH");

        filter.pass(next, new Brigade().addLast(buffer(bytes, 2, 3)).addEos());
        assertThat(next.describe(UTF_8)).containsExactly("a", "FLUSH", "ä", "EOS");
    }

    @Test
    void usesNoLocaleRules() throws IOException {
        filter.pass(next, new Brigade().addLast(buffer("TITLE I")));

        assertThat(next.text(UTF_8)).isEqualTo("title i");
    }
}
