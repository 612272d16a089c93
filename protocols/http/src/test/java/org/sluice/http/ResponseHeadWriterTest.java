package org.sluice.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class ResponseHeadWriterTest {

    private static final ByteBufAllocator ALLOC = PooledByteBufAllocator.DEFAULT;
    private static final Instant RFC_EXAMPLE = Instant.parse("1994-11-06T08:49:37Z");
    private static final String RFC_DATE = "Sun, 06 Nov 1994 08:49:37 GMT";

    private final ResponseHeadWriter writer =
            new ResponseHeadWriter(new HttpDate(Clock.fixed(RFC_EXAMPLE, ZoneOffset.UTC)), ServerTokens.PRODUCT_ONLY);

    private String write(ResponseHead head) {
        ByteBuf bytes = writer.write(head, ALLOC);
        try {
            return Bytes.text(bytes);
        } finally {
            bytes.release();
        }
    }

    @Test
    void writesStatusLineDateServerAndFieldsInOrder() {
        HttpHeaders headers = HttpHeaders.builder()
                .add("Content-Type", "text/plain")
                .add("Content-Length", "5")
                .add("Vary", "Accept")
                .add("Vary", "Accept-Encoding")
                .build();

        assertThat(write(ResponseHead.of(200, headers))).isEqualTo("HTTP/1.1 200 OK\r\n"
                + "Date: " + RFC_DATE + "\r\n"
                + "Server: Sluice\r\n"
                + "Content-Type: text/plain\r\n"
                + "Content-Length: 5\r\n"
                + "Vary: Accept\r\n"
                + "Vary: Accept-Encoding\r\n"
                + "\r\n");
    }

    @Test
    void keepsDateAndServerTheHandlerSet() {
        HttpHeaders headers = HttpHeaders.builder().add("server", "Custom").add("DATE", "then").build();

        assertThat(write(ResponseHead.of(304, headers)))
                .isEqualTo("HTTP/1.1 304 Not Modified\r\nserver: Custom\r\nDATE: then\r\n\r\n");
    }

    @Test
    void usesTheStandardReasonPhrases() {
        assertThat(write(ResponseHead.of(404, HttpHeaders.empty()))).startsWith("HTTP/1.1 404 Not Found\r\n");
        assertThat(write(ResponseHead.of(414, HttpHeaders.empty()))).startsWith("HTTP/1.1 414 URI Too Long\r\n");
        assertThat(write(ResponseHead.of(505, HttpHeaders.empty())))
                .startsWith("HTTP/1.1 505 HTTP Version Not Supported\r\n");
    }

    @Test
    void unknownStatusGetsAnEmptyReasonPhrase() {
        assertThat(write(ResponseHead.of(599, HttpHeaders.empty()))).startsWith("HTTP/1.1 599 \r\n");
    }

    @Test
    void writesTheVersionItIsGiven() {
        ResponseHead head = new ResponseHead(HttpVersion.HTTP_1_0, 200, "Fine", HttpHeaders.empty());

        assertThat(write(head)).startsWith("HTTP/1.0 200 Fine\r\n");
    }

    @Test
    void writesObsTextAsSingleBytes() {
        HttpHeaders headers = HttpHeaders.builder().add("X-Name", "caf\u00e9").build();
        ByteBuf bytes = writer.write(ResponseHead.of(200, headers), ALLOC);
        try {
            int at = Bytes.text(bytes).indexOf("caf") + 3;
            assertThat(bytes.getByte(at) & 0xff).isEqualTo(0xe9);
        } finally {
            bytes.release();
        }
    }

    @Test
    void refusesCrLfInAValue() {
        HttpHeaders headers = HttpHeaders.builder()
                .add("Location", "/a\r\nSet-Cookie: session=stolen")
                .build();

        assertThatThrownBy(() -> writer.write(ResponseHead.of(302, headers), ALLOC))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("response splitting");
    }

    @Test
    void refusesALoneLfOrCrInAValue() {
        for (String value : new String[] {"a\nb", "a\rb", "a\u0000b", "a\u007fb"}) {
            HttpHeaders headers = HttpHeaders.builder().add("X", value).build();

            assertThatThrownBy(() -> writer.write(ResponseHead.of(200, headers), ALLOC))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void refusesCharactersBeyondLatin1() {
        HttpHeaders headers = HttpHeaders.builder().add("X", "\u20ac").build();

        assertThatThrownBy(() -> writer.write(ResponseHead.of(200, headers), ALLOC))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("U+20AC");
    }

    @Test
    void refusesANameThatIsNotAToken() {
        for (String name : new String[] {"X\r\nY", "X Y", "X:", "X\u00e9"}) {
            HttpHeaders headers = HttpHeaders.builder().add(name, "v").build();

            assertThatThrownBy(() -> writer.write(ResponseHead.of(200, headers), ALLOC))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageNotContaining("\r");
        }
    }

    @Test
    void refusesCrLfInTheReasonPhrase() {
        ResponseHead head = new ResponseHead(HttpVersion.HTTP_1_1, 200, "OK\r\nX: y", HttpHeaders.empty());

        assertThatThrownBy(() -> writer.write(head, ALLOC)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void allowsTabsInValues() {
        HttpHeaders headers = HttpHeaders.builder().add("X", "a\tb").build();

        assertThat(write(ResponseHead.of(200, headers))).contains("X: a\tb\r\n");
    }

    @Test
    void statusMustHaveThreeDigits() {
        assertThatThrownBy(() -> ResponseHead.of(99, HttpHeaders.empty())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ResponseHead.of(1000, HttpHeaders.empty())).isInstanceOf(IllegalArgumentException.class);
    }
}
