package org.sluice.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import org.junit.jupiter.api.Test;
import org.sluice.brigade.Brigade;

class ContentLengthDecoderTest {

    @Test
    void takesExactlyTheLengthAndLeavesTheRest() throws HttpException {
        BodyDecoder decoder = BodyDecoder.create(BodyFraming.length(5), HttpLimits.DEFAULT);
        ByteBuf in = Bytes.of("helloGET / HTTP/1.1\r\n");
        Brigade out = new Brigade();
        try {
            decoder.decode(in, out);

            assertThat(decoder.isDone()).isTrue();
            assertThat(decoder.bodyBytes()).isEqualTo(5);
            assertThat(Bytes.text(in)).isEqualTo("GET / HTTP/1.1\r\n");
        } finally {
            in.release();
        }
        assertThat(Bytes.drain(out)).isEqualTo("hello");
    }

    @Test
    void collectsTheBodyWhereverTheInputIsSplit() throws HttpException {
        String input = "0123456789rest";
        for (int at = 0; at <= input.length(); at++) {
            BodyDecoder decoder = new ContentLengthDecoder(10, HttpLimits.DEFAULT);
            Brigade out = new Brigade();
            StringBuilder rest = new StringBuilder();
            for (String piece : new String[] {input.substring(0, at), input.substring(at)}) {
                ByteBuf in = Bytes.of(piece);
                try {
                    decoder.decode(in, out);
                    rest.append(Bytes.text(in));
                } finally {
                    in.release();
                }
            }
            assertThat(Bytes.drain(out)).as("split at %d", at).isEqualTo("0123456789");
            assertThat(rest).as("split at %d", at).hasToString("rest");
        }
    }

    @Test
    void noBodyIsDoneAtOnceAndTakesNothing() throws HttpException {
        BodyDecoder decoder = BodyDecoder.create(BodyFraming.NONE, HttpLimits.DEFAULT);
        ByteBuf in = Bytes.of("GET");
        try (Brigade out = new Brigade()) {
            assertThat(decoder.isDone()).isTrue();
            decoder.decode(in, out);
            assertThat(out.isEmpty()).isTrue();
            assertThat(in.readableBytes()).isEqualTo(3);
            decoder.finish();
        } finally {
            in.release();
        }
    }

    @Test
    void lengthOverTheLimitIsRefusedBeforeReading() {
        assertThatThrownBy(() -> BodyDecoder.create(BodyFraming.length(11), HttpLimits.DEFAULT.withRequestBody(10)))
                .isInstanceOfSatisfying(HttpException.class, e -> assertThat(e.status()).isEqualTo(413));
    }

    @Test
    void lengthAtTheLimitIsAccepted() throws HttpException {
        assertThat(BodyDecoder.create(BodyFraming.length(10), HttpLimits.DEFAULT.withRequestBody(10)).isDone()).isFalse();
    }

    @Test
    void defaultLimitIsOneGibibyte() {
        assertThatThrownBy(() -> BodyDecoder.create(BodyFraming.length(Long.MAX_VALUE), HttpLimits.DEFAULT))
                .isInstanceOfSatisfying(HttpException.class, e -> assertThat(e.status()).isEqualTo(413));
    }

    @Test
    void limitOfZeroMeansUnlimited() throws HttpException {
        assertThat(BodyDecoder.create(BodyFraming.length(Long.MAX_VALUE), HttpLimits.DEFAULT.withRequestBody(0))
                .isDone()).isFalse();
    }

    @Test
    void endOfInputInsideTheBodyIsBadRequest() throws HttpException {
        BodyDecoder decoder = BodyDecoder.create(BodyFraming.length(10), HttpLimits.DEFAULT);
        ByteBuf in = Bytes.of("abc");
        try (Brigade out = new Brigade()) {
            decoder.decode(in, out);
        } finally {
            in.release();
        }

        assertThatThrownBy(decoder::finish)
                .isInstanceOfSatisfying(HttpException.class, e -> assertThat(e.status()).isEqualTo(400))
                .hasMessageContaining("after 3 bytes");
    }

    @Test
    void chunkedFramingGetsAChunkedDecoder() throws HttpException {
        assertThat(BodyDecoder.create(BodyFraming.CHUNKED, HttpLimits.DEFAULT)).isInstanceOf(ChunkedDecoder.class);
    }
}
