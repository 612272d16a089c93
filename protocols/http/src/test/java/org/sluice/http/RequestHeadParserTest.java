package org.sluice.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RequestHeadParserTest {

    private static RequestHead parse(String raw) throws HttpException {
        return RequestFeeder.parse(raw);
    }

    private static int statusOf(String raw, HttpLimits limits) {
        try {
            RequestFeeder.parse(raw, limits);
        } catch (HttpException e) {
            return e.status();
        }
        throw new AssertionError("request was accepted: " + raw);
    }

    @Test
    void parsesASimpleGet() throws HttpException {
        RequestHead head = parse("GET /index.html HTTP/1.1\r\nHost: www.example.com\r\nAccept: */*\r\n\r\n");

        assertThat(head.method()).isEqualTo("GET");
        assertThat(head.target()).isEqualTo("/index.html");
        assertThat(head.targetForm()).isEqualTo(TargetForm.ORIGIN);
        assertThat(head.path()).isEqualTo("/index.html");
        assertThat(head.query()).isNull();
        assertThat(head.version()).isEqualTo(HttpVersion.HTTP_1_1);
        assertThat(head.host()).isEqualTo("www.example.com");
        assertThat(head.port()).isEqualTo(-1);
        assertThat(head.framing()).isEqualTo(BodyFraming.NONE);
        assertThat(head.keepAlive()).isTrue();
        assertThat(head.expectContinue()).isFalse();
        assertThat(head.requestLine()).isEqualTo("GET /index.html HTTP/1.1");
    }

    @Test
    void servesALaterHttp1MinorVersionAsHttp11() throws HttpException {
        assertThat(parse("GET / HTTP/1.2\r\nHost: a\r\n\r\n").version()).isEqualTo(HttpVersion.HTTP_1_1);
    }

    @Test
    void splitsPathAndQuery() throws HttpException {
        RequestHead head = parse("GET /a%20b/c?x=1&y=/?z HTTP/1.1\r\nHost: a\r\n\r\n");

        assertThat(head.path()).isEqualTo("/a%20b/c");
        assertThat(head.query()).isEqualTo("x=1&y=/?z");
    }

    @Test
    void keepsAnEmptyQuery() throws HttpException {
        assertThat(parse("GET /? HTTP/1.1\r\nHost: a\r\n\r\n").query()).isEmpty();
    }

    @Test
    void keepsHeadersInOrderWithCaseInsensitiveLookup() throws HttpException {
        RequestHead head = parse("GET / HTTP/1.1\r\nHost: a\r\nAccept: text/html\r\nX-Multi: 1\r\n"
                + "accept-language: en\r\nx-multi: 2\r\n\r\n");

        assertThat(head.headers().fields()).extracting(HttpHeaders.Field::name)
                .containsExactly("Host", "Accept", "X-Multi", "accept-language", "x-multi");
        assertThat(head.header("ACCEPT")).isEqualTo("text/html");
        assertThat(head.headers().all("x-MULTI")).containsExactly("1", "2");
        assertThat(head.headers().count("X-Multi")).isEqualTo(2);
        assertThat(head.headers().names()).containsExactly("host", "accept", "x-multi", "accept-language");
    }

    @Test
    void trimsOptionalWhitespaceAroundValues() throws HttpException {
        RequestHead head = parse("GET / HTTP/1.1\r\nHost:a\r\nX-A: \t spaced out \t \r\nX-B:\r\nX-C: in  side\r\n\r\n");

        assertThat(head.header("X-A")).isEqualTo("spaced out");
        assertThat(head.header("X-B")).isEmpty();
        assertThat(head.header("X-C")).isEqualTo("in  side");
    }

    @Test
    void keepsObsTextInValuesByteForByte() throws HttpException {
        assertThat(parse("GET / HTTP/1.1\r\nHost: a\r\nX-Name: caf\u00e9\u00ff\r\n\r\n").header("X-Name"))
                .isEqualTo("caf\u00e9\u00ff");
    }

    @Test
    void acceptsAnyTokenAsMethod() throws HttpException {
        assertThat(parse("M-SEARCH / HTTP/1.1\r\nHost: a\r\n\r\n").method())
                .isEqualTo("M-SEARCH");
        assertThat(parse("get / HTTP/1.1\r\nHost: a\r\n\r\n").method()).isEqualTo("get");
    }

    @Test
    void parsesHttp10WithoutHost() throws HttpException {
        RequestHead head = parse("GET / HTTP/1.0\r\n\r\n");

        assertThat(head.version()).isEqualTo(HttpVersion.HTTP_1_0);
        assertThat(head.host()).isNull();
        assertThat(head.keepAlive()).isFalse();
    }

    @Test
    void http10KeepsAliveOnlyWhenAsked() throws HttpException {
        assertThat(parse("GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n").keepAlive()).isTrue();
        assertThat(parse("GET / HTTP/1.0\r\nConnection: keep-alive, close\r\n\r\n").keepAlive()).isFalse();
    }

    @Test
    void http11ClosesOnlyWhenAsked() throws HttpException {
        assertThat(parse("GET / HTTP/1.1\r\nHost: a\r\nConnection: Upgrade, CLOSE\r\n\r\n").keepAlive()).isFalse();
        assertThat(parse("GET / HTTP/1.1\r\nHost: a\r\nConnection: closed\r\n\r\n").keepAlive()).isTrue();
    }

    @Test
    void hostIsLowerCasedAndSplitFromItsPort() throws HttpException {
        RequestHead head = parse("GET / HTTP/1.1\r\nHost: WWW.Example.COM:8080\r\n\r\n");

        assertThat(head.host()).isEqualTo("www.example.com");
        assertThat(head.port()).isEqualTo(8080);
    }

    @Test
    void aHostSeenBeforeParsesAlikeAndABadOneIsRefusedEveryTime() throws HttpException {
        for (int i = 0; i < 3; i++) {
            RequestHead head = parse("GET / HTTP/1.1\r\nHost: WWW.Example.COM:8080\r\n\r\n");
            assertThat(head.host()).isEqualTo("www.example.com");
            assertThat(head.port()).isEqualTo(8080);
            assertThatThrownBy(() -> parse("GET / HTTP/1.1\r\nHost: www.example.com:80x\r\n\r\n"))
                    .isInstanceOf(HttpException.class);
        }
    }

    @Test
    void aResetParserParsesTheNextHeadAsANewOneWould() throws HttpException {
        RequestHeadParser parser = new RequestHeadParser(HttpLimits.DEFAULT);
        RequestHead first = offerAll(parser, "POST /a HTTP/1.0\r\nHost: a\r\nX-One: 1\r\nContent-Length: 0\r\n\r\n");

        RequestHead second = offerAll(parser.reset(), "\r\nGET /b?q HTTP/1.1\r\nHost: b\r\n\r\n");

        assertThat(first.headers().get("X-One")).isEqualTo("1");
        assertThat(second.method()).isEqualTo("GET");
        assertThat(second.target()).isEqualTo("/b?q");
        assertThat(second.version()).isEqualTo(HttpVersion.HTTP_1_1);
        assertThat(second.headers().fields()).extracting(HttpHeaders.Field::name).containsExactly("Host");
        assertThat(second.host()).isEqualTo("b");
    }

    private static RequestHead offerAll(RequestHeadParser parser, String raw) throws HttpException {
        RequestHead head = null;
        for (String line : raw.split("(?<=\n)")) {
            assertThat(head).as("a head before the input ended").isNull();
            head = offer(parser, line);
        }
        return head;
    }

    @Test
    void aHeadInAHeapBufferParsesAsInADirectOne() throws HttpException {
        String raw = "get / HTTP/1.0\r\nHost: a\r\nhost-name: b\r\nAccept: */*\r\n\r\n";
        ByteBuf heap = Unpooled.copiedBuffer(raw, StandardCharsets.ISO_8859_1);
        RequestHeadParser parser = new RequestHeadParser(HttpLimits.DEFAULT);
        RequestHead head = null;
        try {
            for (int position = 0; head == null; ) {
                int lf = heap.indexOf(position, heap.writerIndex(), (byte) '\n');
                head = parser.offer(heap, position, lf + 1 - position);
                position = lf + 1;
            }
        } finally {
            heap.release();
        }

        RequestHead direct = parse(raw);
        assertThat(head.method()).isEqualTo("get").isEqualTo(direct.method());
        assertThat(head.version()).isEqualTo(HttpVersion.HTTP_1_0).isEqualTo(direct.version());
        assertThat(head.headers().fields()).extracting(HttpHeaders.Field::name)
                .containsExactly("Host", "host-name", "Accept")
                .isEqualTo(direct.headers().fields().stream().map(HttpHeaders.Field::name).toList());
    }

    @Test
    void acceptsIpHostsAndAnEmptyPort() throws HttpException {
        assertThat(parse("GET / HTTP/1.1\r\nHost: [::1]:80\r\n\r\n").host()).isEqualTo("[::1]");
        assertThat(parse("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").host()).isEqualTo("127.0.0.1");
        RequestHead emptyPort = parse("GET / HTTP/1.1\r\nHost: a:\r\n\r\n");
        assertThat(emptyPort.host()).isEqualTo("a");
        assertThat(emptyPort.port()).isEqualTo(-1);
    }

    @Test
    void absoluteFormHostOverridesHostHeader() throws HttpException {
        RequestHead head = parse("GET http://Other.Example:81/p/q?x HTTP/1.1\r\nHost: a\r\n\r\n");

        assertThat(head.targetForm()).isEqualTo(TargetForm.ABSOLUTE);
        assertThat(head.host()).isEqualTo("other.example");
        assertThat(head.port()).isEqualTo(81);
        assertThat(head.path()).isEqualTo("/p/q");
        assertThat(head.query()).isEqualTo("x");
        assertThat(head.header("Host")).isEqualTo("a");
    }

    @Test
    void absoluteFormWithoutPathMeansTheRoot() throws HttpException {
        RequestHead head = parse("GET HTTPS://a.example?q HTTP/1.1\r\nHost: a.example\r\n\r\n");

        assertThat(head.path()).isEqualTo("/");
        assertThat(head.query()).isEqualTo("q");
    }

    @Test
    void asteriskFormOnlyForOptions() throws HttpException {
        RequestHead head = parse("OPTIONS * HTTP/1.1\r\nHost: a\r\n\r\n");

        assertThat(head.targetForm()).isEqualTo(TargetForm.ASTERISK);
        assertThat(head.path()).isEqualTo("*");
        assertThat(head.host()).isEqualTo("a");
    }

    @Test
    void connectIsParsedWithItsAuthority() throws HttpException {
        RequestHead head = parse("CONNECT Server.Example:443 HTTP/1.1\r\nHost: server.example:443\r\n\r\n");

        assertThat(head.targetForm()).isEqualTo(TargetForm.AUTHORITY);
        assertThat(head.host()).isEqualTo("server.example");
        assertThat(head.port()).isEqualTo(443);
        assertThat(head.path()).isEmpty();
    }

    @Test
    void contentLengthFramesTheBody() throws HttpException {
        RequestHead head = parse("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 0042\r\n\r\n");

        assertThat(head.framing()).isEqualTo(BodyFraming.length(42));
        assertThat(head.framing().hasBody()).isTrue();
    }

    @Test
    void contentLengthMayBeTheLargestLong() throws HttpException {
        assertThat(parse("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 9223372036854775807\r\n\r\n").framing().length())
                .isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void contentLengthZeroHasNoBody() throws HttpException {
        BodyFraming framing = parse("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 0\r\n\r\n").framing();

        assertThat(framing).isEqualTo(BodyFraming.length(0));
        assertThat(framing.hasBody()).isFalse();
    }

    @Test
    void chunkedIsCaseInsensitiveAndMayCarryWhitespace() throws HttpException {
        assertThat(parse("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: Chunked\r\n\r\n").framing())
                .isEqualTo(BodyFraming.CHUNKED);
        assertThat(parse("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding:   chunked \t\r\n\r\n").framing())
                .isEqualTo(BodyFraming.CHUNKED);
    }

    @Test
    void lookalikeHeaderNamesDoNotFrameABody() throws HttpException {
        RequestHead head = parse("POST / HTTP/1.1\r\nHost: a\r\nTransfer_Encoding: chunked\r\nContent-Length_: 5\r\n\r\n");

        assertThat(head.framing()).isEqualTo(BodyFraming.NONE);
    }

    @Test
    void expectContinueIsNotedOnHttp11Only() throws HttpException {
        assertThat(parse("PUT / HTTP/1.1\r\nHost: a\r\nExpect: 100-Continue\r\nContent-Length: 1\r\n\r\n")
                .expectContinue()).isTrue();
        assertThat(parse("PUT / HTTP/1.0\r\nExpect: 100-continue\r\nContent-Length: 1\r\n\r\n")
                .expectContinue()).isFalse();
    }

    @Test
    void skipsAFewEmptyLinesBeforeTheRequestLine() throws HttpException {
        assertThat(parse("\r\n".repeat(10) + "GET / HTTP/1.1\r\nHost: a\r\n\r\n").method()).isEqualTo("GET");
    }

    @Test
    void startsOnlyWithTheRequestLine() throws HttpException {
        RequestHeadParser parser = new RequestHeadParser(HttpLimits.DEFAULT);
        offer(parser, "\r\n");
        assertThat(parser.hasStarted()).isFalse();
        offer(parser, "GET / HTTP/1.1\r\n");
        assertThat(parser.hasStarted()).isTrue();
        assertThat(parser.isComplete()).isFalse();
        offer(parser, "Host: a\r\n");
        assertThat(offer(parser, "\r\n")).isNotNull();
        assertThat(parser.isComplete()).isTrue();
    }

    @Test
    void refusesUseAfterCompletion() throws HttpException {
        RequestHeadParser parser = new RequestHeadParser(HttpLimits.DEFAULT);
        offer(parser, "GET / HTTP/1.0\r\n");
        offer(parser, "\r\n");

        assertThatThrownBy(() -> offer(parser, "\r\n")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void refusesUseAfterAFailure() throws HttpException {
        RequestHeadParser parser = new RequestHeadParser(HttpLimits.DEFAULT);
        assertThatThrownBy(() -> offer(parser, "GET / HTTP/1.1\n")).isInstanceOf(HttpException.class);

        assertThatThrownBy(() -> offer(parser, "GET / HTTP/1.1\r\n")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void doesNotConsumeOrReleaseTheLine() throws HttpException {
        RequestHeadParser parser = new RequestHeadParser(HttpLimits.DEFAULT);
        ByteBuf line = Bytes.of("GET / HTTP/1.1\r\n");
        try {
            parser.offer(line);
            assertThat(line.refCnt()).isEqualTo(1);
            assertThat(line.readableBytes()).isEqualTo(16);
        } finally {
            line.release();
        }
    }

    // ---- limits

    @Test
    void lineLimitIncludesTheCrlf() throws HttpException {
        HttpLimits limits = HttpLimits.DEFAULT.withRequestLine(100).withRequestFieldSize(50);
        RequestHeadParser parser = new RequestHeadParser(limits);
        assertThat(parser.lineLimit()).isEqualTo(102);
        offer(parser, "GET / HTTP/1.1\r\n");
        assertThat(parser.lineLimit()).isEqualTo(52);
    }

    @Test
    void requestLineAtTheLimitIsAccepted() throws HttpException {
        String line = "GET /" + Bytes.repeat('a', 8190 - 14) + " HTTP/1.1";
        assertThat(line).hasSize(8190);

        assertThat(parse(line + "\r\nHost: a\r\n\r\n").path()).hasSize(8190 - 13);
    }

    @Test
    void requestLineOverTheLimitIsUriTooLong() {
        String line = "GET /" + Bytes.repeat('a', 8191 - 14) + " HTTP/1.1";

        assertThat(statusOf(line + "\r\nHost: a\r\n\r\n", HttpLimits.DEFAULT)).isEqualTo(414);
    }

    @Test
    void requestLineOverTheLimitIsRefusedEvenWhenOfferedWhole() {
        RequestHeadParser parser = new RequestHeadParser(HttpLimits.DEFAULT.withRequestLine(20));

        assertThatThrownBy(() -> offer(parser, "GET /0123456789abc HTTP/1.1\r\n"))
                .isInstanceOfSatisfying(HttpException.class, e -> assertThat(e.status()).isEqualTo(414));
    }

    @Test
    void headerFieldOverTheLimitIsBadRequest() {
        String field = "X-Long: " + Bytes.repeat('v', 8191 - 8);

        assertThat(statusOf("GET / HTTP/1.1\r\nHost: a\r\n" + field + "\r\n\r\n", HttpLimits.DEFAULT))
                .isEqualTo(HttpStatus.FIELDS_EXCEEDED)
                .isEqualTo(400);
    }

    @Test
    void headerFieldAtTheLimitIsAccepted() throws HttpException {
        String field = "X-Long: " + Bytes.repeat('v', 8190 - 8);

        assertThat(parse("GET / HTTP/1.1\r\nHost: a\r\n" + field + "\r\n\r\n").header("X-Long")).hasSize(8182);
    }

    @Test
    void headerFieldOverTheLimitIsRefusedEvenWhenOfferedWhole() throws HttpException {
        RequestHeadParser parser = new RequestHeadParser(HttpLimits.DEFAULT.withRequestFieldSize(10));
        offer(parser, "GET / HTTP/1.1\r\n");

        assertThatThrownBy(() -> offer(parser, "X-Long: abc\r\n"))
                .isInstanceOfSatisfying(HttpException.class, e -> assertThat(e.status()).isEqualTo(400));
    }

    @Test
    void lineTooLongNamesTheLimitOfTheCurrentLine() throws HttpException {
        RequestHeadParser parser = new RequestHeadParser(HttpLimits.DEFAULT);
        assertThat(parser.lineTooLong().status()).isEqualTo(414);
        offer(parser, "GET / HTTP/1.1\r\n");
        assertThat(parser.lineTooLong().status()).isEqualTo(400);
        assertThat(parser.lineTooLong().reason()).contains("LimitRequestFieldSize");
    }

    @Test
    void fieldCountAtTheLimitIsAccepted() throws HttpException {
        String fields = "Host: a\r\n" + "X: y\r\n".repeat(99);

        assertThat(parse("GET / HTTP/1.1\r\n" + fields + "\r\n").headers().size()).isEqualTo(100);
    }

    @Test
    void fieldCountOverTheLimitIsBadRequest() {
        String fields = "Host: a\r\n" + "X: y\r\n".repeat(100);

        assertThat(statusOf("GET / HTTP/1.1\r\n" + fields + "\r\n", HttpLimits.DEFAULT)).isEqualTo(400);
    }

    @Test
    void fieldCountLimitOfZeroMeansUnlimited() throws HttpException {
        String fields = "Host: a\r\n" + "X: y\r\n".repeat(500);

        assertThat(RequestFeeder.parse("GET / HTTP/1.1\r\n" + fields + "\r\n", HttpLimits.DEFAULT.withRequestFields(0))
                .headers().size()).isEqualTo(501);
    }

    @Test
    void smallerConfiguredLimitsApply() {
        HttpLimits limits = HttpLimits.DEFAULT.withRequestFields(2);

        assertThat(statusOf("GET / HTTP/1.1\r\nHost: a\r\nA: 1\r\nB: 2\r\n\r\n", limits)).isEqualTo(400);
    }

    @Test
    void errorsSayWhatWasWrong() {
        assertThatThrownBy(() -> parse("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 1\r\nTransfer-Encoding: chunked\r\n\r\n"))
                .hasMessageContaining("400 Bad Request")
                .hasMessageContaining("Transfer-Encoding and Content-Length");
    }

    private static RequestHead offer(RequestHeadParser parser, String line) throws HttpException {
        ByteBuf buf = Bytes.of(line);
        try {
            return parser.offer(buf);
        } finally {
            buf.release();
        }
    }
}
