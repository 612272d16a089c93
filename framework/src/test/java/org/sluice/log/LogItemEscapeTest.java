package org.sluice.log;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@link LogItem#appendEscaped} writes what Apache's {@code ap_escape_logitem} writes. */
class LogItemEscapeTest {

    private static String escaped(String text) {
        StringBuilder line = new StringBuilder("[");
        LogItem.appendEscaped(line, text);
        return line.append(']').toString();
    }

    private static String escapedWire(String text) {
        StringBuilder line = new StringBuilder();
        LogItem.appendEscaped(line, text, ISO_8859_1);
        return line.toString();
    }

    @Test
    void printableAsciiIsWrittenAsItIs() {
        assertThat(escaped("GET /a.txt?x=1&y=%20 HTTP/1.1")).isEqualTo("[GET /a.txt?x=1&y=%20 HTTP/1.1]");
        assertThat(escaped("")).isEqualTo("[]");
    }

    @Test
    void quoteAndBackslashGetABackslash() {
        assertThat(escaped("say \"hi\" \\o/")).isEqualTo("[say \\\"hi\\\" \\\\o/]");
    }

    @Test
    void controlsHaveTheirCEscapesOrHex() {
        assertThat(escaped("a\tb\nc\rd\be\u000bf\u0001g\u007fh")).isEqualTo("[a\\tb\\nc\\rd\\be\\vf\\x01g\\x7fh]");
    }

    @Test
    void bytesReadOffTheWireAreEscapedOneByOne() {
        // a header value keeps each byte as one character: 0xFF stays one byte
        assertThat(escapedWire("caf\u00e9 \u00ff")).isEqualTo("caf\\xe9 \\xff");
    }

    @Test
    void otherTextIsEscapedAsItsUtf8Bytes() {
        assertThat(escaped("Jos\u00e9")).isEqualTo("[Jos\\xc3\\xa9]");
        assertThat(escaped("\u20ac")).isEqualTo("[\\xe2\\x82\\xac]");
        assertThat(escaped("\ud83d\ude00!")).isEqualTo("[\\xf0\\x9f\\x98\\x80!]");
        // beyond U+00FF there is no byte to stand for: UTF-8 either way
        assertThat(escapedWire("\u20ac")).isEqualTo("\\xe2\\x82\\xac");
    }
}
