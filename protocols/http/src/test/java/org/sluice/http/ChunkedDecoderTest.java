package org.sluice.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.netty.buffer.ByteBuf;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.sluice.brigade.Brigade;
import org.sluice.brigade.Bucket;
import org.sluice.brigade.DataBucket;

class ChunkedDecoderTest {

    private static final String BODY = "5\r\nhello\r\n6;name=value;flag\r\n world\r\n"
            + "1A \t;ext=\"quoted, string\"\r\nabcdefghijklmnopqrstuvwxyz\r\n"
            + "0\r\nX-Trailer: t\r\nChecksum: abc\r\n\r\n";
    private static final String DATA = "hello worldabcdefghijklmnopqrstuvwxyz";
    private static final String NEXT = "GET /next HTTP/1.1\r\n";

    /** What decoding {@code pieces} in order gives; the bytes after the body go to {@code rest}. */
    private record Outcome(String data, boolean done, String rest, long bodyBytes) {
    }

    private static Outcome decode(HttpLimits limits, String... pieces) throws HttpException {
        ChunkedDecoder decoder = new ChunkedDecoder(limits);
        Brigade out = new Brigade();
        StringBuilder rest = new StringBuilder();
        try {
            for (String piece : pieces) {
                ByteBuf in = Bytes.of(piece);
                try {
                    decoder.decode(in, out);
                    rest.append(Bytes.text(in));
                } finally {
                    in.release();
                }
            }
        } finally {
            String data = Bytes.drain(out);
            if (decoder.isDone()) {
                return new Outcome(data, true, rest.toString(), decoder.bodyBytes());
            }
        }
        return new Outcome(null, false, rest.toString(), decoder.bodyBytes());
    }

    private static Outcome decode(String... pieces) throws HttpException {
        return decode(HttpLimits.DEFAULT, pieces);
    }

    private static int statusOf(HttpLimits limits, String... pieces) {
        try {
            Outcome outcome = decode(limits, pieces);
            throw new AssertionError("accepted: " + outcome);
        } catch (HttpException e) {
            return e.status();
        }
    }

    @Test
    void decodesChunksAndStopsAfterTheTrailer() throws HttpException {
        Outcome outcome = decode(BODY + NEXT);

        assertThat(outcome.data()).isEqualTo(DATA);
        assertThat(outcome.done()).isTrue();
        assertThat(outcome.rest()).isEqualTo(NEXT);
        assertThat(outcome.bodyBytes()).isEqualTo(DATA.length());
    }

    @Test
    void decodesTheSameWhereverTheInputIsSplit() throws HttpException {
        String input = BODY + NEXT;
        for (int at = 0; at <= input.length(); at++) {
            Outcome outcome = decode(input.substring(0, at), input.substring(at));

            assertThat(outcome.data()).as("split at %d", at).isEqualTo(DATA);
            assertThat(outcome.rest()).as("split at %d", at).isEqualTo(NEXT);
        }
    }

    @Test
    void decodesTheSameWhereverTheInputIsSplitTwice() throws HttpException {
        String input = BODY;
        for (int first = 0; first <= input.length(); first += 8) {
            for (int second = first; second <= input.length(); second++) {
                Outcome outcome = decode(input.substring(0, first), input.substring(first, second),
                        input.substring(second));

                assertThat(outcome.data()).as("split at %d and %d", first, second).isEqualTo(DATA);
            }
        }
    }

    @Test
    void decodesOneByteAtATime() throws HttpException {
        String input = BODY + NEXT;
        String[] bytes = input.split("");

        Outcome outcome = decode(bytes);

        assertThat(outcome.data()).isEqualTo(DATA);
        assertThat(outcome.rest()).isEqualTo(NEXT);
    }

    @Test
    void reportsNotDoneUntilTheTrailerEnds() throws HttpException {
        assertThat(decode("5\r\nhello\r\n0\r\n").done()).isFalse();
        assertThat(decode("5\r\nhello\r\n0\r\n\r").done()).isFalse();
        assertThat(decode("5\r\nhello\r\n0\r\n\r\n").done()).isTrue();
    }

    @Test
    void emptyBodyIsTheLastChunkAlone() throws HttpException {
        Outcome outcome = decode("0\r\n\r\n");

        assertThat(outcome.done()).isTrue();
        assertThat(outcome.data()).isEmpty();
    }

    @Test
    void acceptsUpperAndLowerCaseHexAndLeadingZeros() throws HttpException {
        String data = "x".repeat(0xAB);

        assertThat(decode("00aB\r\n" + data + "\r\n0000\r\n\r\n").data()).isEqualTo(data);
    }

    @Test
    void emitsSlicesOfTheInputWithoutCopying() throws HttpException {
        ChunkedDecoder decoder = new ChunkedDecoder(HttpLimits.DEFAULT);
        ByteBuf in = Bytes.of("5\r\nhello\r\n0\r\n\r\n");
        try (Brigade out = new Brigade()) {
            decoder.decode(in, out);

            in.setByte(3, 'j');
            Bucket first = out.first();
            assertThat(first).isInstanceOf(DataBucket.class);
            assertThat(Bytes.text(((DataBucket) first).content())).isEqualTo("jello");
            assertThat(in.refCnt()).isEqualTo(2);
        } finally {
            in.release();
        }
        assertThat(in.refCnt()).isZero();
    }

    @Test
    void finishBeforeTheEndIsBadRequest() throws HttpException {
        ChunkedDecoder decoder = new ChunkedDecoder(HttpLimits.DEFAULT);
        ByteBuf in = Bytes.of("5\r\nhel");
        try (Brigade out = new Brigade()) {
            decoder.decode(in, out);
        } finally {
            in.release();
        }

        assertThatThrownBy(decoder::finish)
                .isInstanceOfSatisfying(HttpException.class, e -> assertThat(e.status()).isEqualTo(400));
    }

    // ---- malformed bodies

    static Stream<Arguments> malformed() {
        String ext4096 = ";" + "e".repeat(HttpLimits.CHUNK_EXTENSION_LIMIT - 1);
        return Stream.of(
                arguments("bare LF after size", "5\nhello\r\n0\r\n\r\n", 400),
                arguments("bare CR after size", "5\rhello\r\n0\r\n\r\n", 400),
                arguments("bare LF after data", "5\r\nhello\n0\r\n\r\n", 400),
                arguments("bare CR after data", "5\r\nhello\r0\r\n\r\n", 400),
                arguments("data longer than size", "5\r\nhelloX\r\n0\r\n\r\n", 400),
                arguments("data shorter than size", "5\r\nhell\r\n0\r\n\r\n", 400),
                arguments("CR CR LF after data", "5\r\nhello\r\r\n0\r\n\r\n", 400),
                arguments("no CRLF between chunks", "5\r\nhello5\r\nworld\r\n0\r\n\r\n", 400),
                arguments("empty size", "\r\nhello\r\n0\r\n\r\n", 400),
                arguments("negative size", "-5\r\nhello\r\n0\r\n\r\n", 400),
                arguments("plus sign", "+5\r\nhello\r\n0\r\n\r\n", 400),
                arguments("0x prefix", "0x5\r\nhello\r\n0\r\n\r\n", 400),
                arguments("leading space", " 5\r\nhello\r\n0\r\n\r\n", 400),
                arguments("leading tab", "\t5\r\nhello\r\n0\r\n\r\n", 400),
                arguments("trailing space without extension", "5 \r\nhello\r\n0\r\n\r\n", 400),
                arguments("non-hex digit", "5g\r\nhello\r\n0\r\n\r\n", 400),
                arguments("non-hex size", "g\r\nhello\r\n0\r\n\r\n", 400),
                arguments("underscore in size", "0_5\r\nhello\r\n0\r\n\r\n", 400),
                arguments("size of 2^64", "10000000000000000\r\n", 400),
                arguments("size of 2^63", "8000000000000000\r\n", 400),
                arguments("size of many digits", "f".repeat(40) + "\r\n", 400),
                arguments("too many leading zeros", "0".repeat(ChunkedDecoder.MAX_SIZE_DIGITS + 1) + "5\r\nhello\r\n0\r\n\r\n", 400),
                arguments("extension too long", "5" + ext4096 + "x\r\nhello\r\n0\r\n\r\n", 400),
                arguments("extension with NUL", "5;a=\u0000\r\nhello\r\n0\r\n\r\n", 400),
                arguments("extension with bare LF", "5;a\nhello\r\n0\r\n\r\n", 400),
                arguments("extension with bare CR", "5;a\rb\r\nhello\r\n0\r\n\r\n", 400),
                arguments("last chunk with bare LF", "5\r\nhello\r\n0\n\r\n", 400),
                arguments("trailer with bare LF", "0\r\nX: y\n\r\n", 400),
                arguments("trailer with bare CR", "0\r\nX: y\rZ: w\r\n\r\n", 400),
                arguments("end of trailers with bare LF", "0\r\nX: y\r\n\n", 400),
                arguments("trailer obs-fold", "0\r\nX: y\r\n z\r\n\r\n", 400),
                arguments("trailer without colon", "0\r\nNoColon\r\n\r\n", 400),
                arguments("trailer space before colon", "0\r\nX : y\r\n\r\n", 400),
                arguments("trailer with NUL", "0\r\nX: \u0000\r\n\r\n", 400),
                arguments("trailer too long", "0\r\nX: " + "v".repeat(8190) + "\r\n\r\n", 400),
                arguments("too many trailers", "0\r\n" + "X: y\r\n".repeat(101) + "\r\n", 400));
    }

    @ParameterizedTest(name = "{0} -> {2}")
    @MethodSource("malformed")
    void refusesMalformedBodies(String name, String input, int status) {
        assertThat(statusOf(HttpLimits.DEFAULT, input)).isEqualTo(status);
    }

    @ParameterizedTest(name = "{0} -> {2}, split anywhere")
    @MethodSource("malformed")
    void refusesMalformedBodiesWhereverSplit(String name, String input, int status) {
        for (int at = 0; at <= input.length(); at += Math.max(1, input.length() / 24)) {
            assertThat(statusOf(HttpLimits.DEFAULT, input.substring(0, at), input.substring(at)))
                    .as("split at %d", at)
                    .isEqualTo(status);
        }
    }

    @Test
    void extensionAtTheLimitIsAccepted() throws HttpException {
        String extension = ";" + "e".repeat(HttpLimits.CHUNK_EXTENSION_LIMIT - 1);

        assertThat(decode("5" + extension + "\r\nhello\r\n0" + extension + "\r\n\r\n").data()).isEqualTo("hello");
    }

    @Test
    void extensionLimitIsPerChunk() throws HttpException {
        String extension = ";" + "e".repeat(HttpLimits.CHUNK_EXTENSION_LIMIT - 1);
        String chunk = "1" + extension + "\r\nx\r\n";

        assertThat(decode(chunk.repeat(5) + "0\r\n\r\n").data()).isEqualTo("xxxxx");
    }

    @Test
    void trailersAtTheLimitsAreAccepted() throws HttpException {
        HttpLimits limits = HttpLimits.DEFAULT.withRequestFields(3).withRequestFieldSize(10);

        assertThat(decode(limits, "0\r\nA: 1234567\r\nB: 2\r\nC: 3\r\n\r\n").done()).isTrue();
        assertThat(statusOf(limits, "0\r\nA: 12345678\r\n\r\n")).isEqualTo(400);
        assertThat(statusOf(limits, "0\r\nA: 1\r\nB: 2\r\nC: 3\r\nD: 4\r\n\r\n")).isEqualTo(400);
    }

    // ---- LimitRequestBody

    @Test
    void bodyAtTheLimitIsAccepted() throws HttpException {
        HttpLimits limits = HttpLimits.DEFAULT.withRequestBody(11);

        assertThat(decode(limits, "5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n").data()).isEqualTo("hello world");
    }

    @Test
    void bodyOverTheLimitIsContentTooLarge() {
        HttpLimits limits = HttpLimits.DEFAULT.withRequestBody(10);

        assertThat(statusOf(limits, "5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n")).isEqualTo(413);
    }

    @Test
    void chunkOverTheLimitIsRefusedBeforeItsDataArrives() {
        HttpLimits limits = HttpLimits.DEFAULT.withRequestBody(1000);

        assertThat(statusOf(limits, "3e9\r\n")).isEqualTo(413);
    }

    @Test
    void hugeChunkSizeIsContentTooLargeUnderTheDefaultLimit() {
        assertThat(statusOf(HttpLimits.DEFAULT, "7fffffffffffffff\r\n")).isEqualTo(413);
    }

    @Test
    void limitOfZeroMeansUnlimited() throws HttpException {
        Outcome outcome = decode(HttpLimits.DEFAULT.withRequestBody(0), "7fffffffffffffff\r\nabc");

        assertThat(outcome.done()).isFalse();
        assertThat(outcome.bodyBytes()).isEqualTo(3);
    }

    @Test
    void refusesUseAfterAFailure() {
        ChunkedDecoder decoder = new ChunkedDecoder(HttpLimits.DEFAULT);
        ByteBuf bad = Bytes.of("zz\r\n");
        ByteBuf more = Bytes.of("0\r\n\r\n");
        try (Brigade out = new Brigade()) {
            assertThatThrownBy(() -> decoder.decode(bad, out)).isInstanceOf(HttpException.class);
            assertThatThrownBy(() -> decoder.decode(more, out)).isInstanceOf(IllegalStateException.class);
        } finally {
            bad.release();
            more.release();
        }
    }
}
