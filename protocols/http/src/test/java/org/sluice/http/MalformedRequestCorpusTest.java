package org.sluice.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Requests that must be refused, each with the exact status. Most are request-smuggling shapes:
 * inputs that some other HTTP parser reads with a different body length than the strict one.
 */
class MalformedRequestCorpusTest {

    private static final String POST = "POST / HTTP/1.1\r\nHost: example.com\r\n";
    private static final String GET = "GET / HTTP/1.1\r\nHost: example.com\r\n";

    static Stream<Arguments> corpus() {
        return Stream.of(
                // ---- ambiguous framing
                arguments("CL then TE", POST + "Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n", 400),
                arguments("TE then CL", POST + "Transfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n", 400),
                arguments("CL zero and TE", POST + "Content-Length: 0\r\nTransfer-Encoding: chunked\r\n\r\n", 400),
                arguments("TE on HTTP/1.0", "POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n", 400),
                arguments("TE and CL on HTTP/1.0", "POST / HTTP/1.0\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n", 400),
                // ---- Transfer-Encoding obfuscations
                arguments("TE xchunked", POST + "Transfer-Encoding: xchunked\r\n\r\n", 400),
                arguments("TE chunkedx", POST + "Transfer-Encoding: chunkedx\r\n\r\n", 400),
                arguments("TE chunked, identity", POST + "Transfer-Encoding: chunked, identity\r\n\r\n", 400),
                arguments("TE identity", POST + "Transfer-Encoding: identity\r\n\r\n", 400),
                arguments("TE gzip alone", POST + "Transfer-Encoding: gzip\r\n\r\n", 400),
                arguments("TE gzip then chunked", POST + "Transfer-Encoding: gzip, chunked\r\n\r\n", 501),
                arguments("TE unknown then chunked", POST + "Transfer-Encoding: xchunked, chunked\r\n\r\n", 501),
                arguments("TE gzip field then chunked field", POST + "Transfer-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n\r\n", 501),
                arguments("TE chunked twice in a list", POST + "Transfer-Encoding: chunked, chunked\r\n\r\n", 400),
                arguments("TE chunked in two fields", POST + "Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n", 400),
                arguments("TE chunked then identity fields", POST + "Transfer-Encoding: chunked\r\nTransfer-Encoding: identity\r\n\r\n", 400),
                arguments("TE chunked with a parameter", POST + "Transfer-Encoding: chunked;q=1\r\n\r\n", 400),
                arguments("TE empty", POST + "Transfer-Encoding:\r\n\r\n", 400),
                arguments("TE empty element before", POST + "Transfer-Encoding: ,chunked\r\n\r\n", 400),
                arguments("TE empty element after", POST + "Transfer-Encoding: chunked,\r\n\r\n", 400),
                arguments("TE quoted", POST + "Transfer-Encoding: \"chunked\"\r\n\r\n", 400),
                arguments("TE vertical tab", POST + "Transfer-Encoding: chunked\u000b\r\n\r\n", 400),
                arguments("TE form feed", POST + "Transfer-Encoding: \u000cchunked\r\n\r\n", 400),
                arguments("TE NUL", POST + "Transfer-Encoding: chunked\u0000\r\n\r\n", 400),
                arguments("TE non-ASCII lookalike", POST + "Transfer-Encoding: chunk\u00e9d\r\n\r\n", 400),
                arguments("TE space before colon", POST + "Transfer-Encoding : chunked\r\n\r\n", 400),
                arguments("TE tab before colon", POST + "Transfer-Encoding\t: chunked\r\n\r\n", 400),
                arguments("TE line starting with space", POST + " Transfer-Encoding: chunked\r\n\r\n", 400),
                arguments("TE value folded", POST + "Transfer-Encoding:\r\n chunked\r\n\r\n", 400),
                arguments("TE value folded with tab", POST + "Transfer-Encoding: gzip,\r\n\tchunked\r\n\r\n", 400),
                arguments("TE after bare CR", POST + "X: y\rTransfer-Encoding: chunked\r\n\r\n", 400),
                arguments("TE after bare LF", POST + "X: y\nTransfer-Encoding: chunked\r\n\r\n", 400),
                // ---- Content-Length
                arguments("CL duplicated, same value", POST + "Content-Length: 5\r\nContent-Length: 5\r\n\r\n", 400),
                arguments("CL duplicated, other value", POST + "Content-Length: 5\r\nContent-Length: 6\r\n\r\n", 400),
                arguments("CL list, same values", POST + "Content-Length: 5, 5\r\n\r\n", 400),
                arguments("CL list, other values", POST + "Content-Length: 5,6\r\n\r\n", 400),
                arguments("CL negative", POST + "Content-Length: -1\r\n\r\n", 400),
                arguments("CL plus sign", POST + "Content-Length: +5\r\n\r\n", 400),
                arguments("CL hex", POST + "Content-Length: 0x10\r\n\r\n", 400),
                arguments("CL exponent", POST + "Content-Length: 1e3\r\n\r\n", 400),
                arguments("CL decimal point", POST + "Content-Length: 5.0\r\n\r\n", 400),
                arguments("CL inner space", POST + "Content-Length: 5 5\r\n\r\n", 400),
                arguments("CL empty", POST + "Content-Length:\r\n\r\n", 400),
                arguments("CL overflowing long", POST + "Content-Length: 9223372036854775808\r\n\r\n", 400),
                arguments("CL overflowing far", POST + "Content-Length: 99999999999999999999999\r\n\r\n", 400),
                arguments("CL space before colon", POST + "Content-Length : 5\r\n\r\n", 400),
                arguments("CL superscript digit", POST + "Content-Length: \u00b9\r\n\r\n", 400),
                // ---- field syntax
                arguments("header without colon", GET + "NoColonHere\r\n\r\n", 400),
                arguments("header with empty name", GET + ": value\r\n\r\n", 400),
                arguments("space in name", GET + "Bad Name: value\r\n\r\n", 400),
                arguments("non-token in name", GET + "Bad(Name): value\r\n\r\n", 400),
                arguments("NUL in value", GET + "X-Test: a\u0000b\r\n\r\n", 400),
                arguments("DEL in value", GET + "X-Test: a\u007fb\r\n\r\n", 400),
                arguments("ESC in value", GET + "X-Test: a\u001bb\r\n\r\n", 400),
                arguments("bare CR in value", GET + "X-Test: a\rb\r\n\r\n", 400),
                arguments("bare CR ending a header", GET + "X-Test: a\r\r\n\r\n", 400),
                arguments("bare LF ending a header", GET + "X-Test: a\n\r\n", 400),
                arguments("bare LF ending the head", GET + "\n", 400),
                arguments("obs-fold", GET + "X-Test: a\r\n b\r\n\r\n", 400),
                arguments("first header folded", "GET / HTTP/1.1\r\n Host: example.com\r\n\r\n", 400),
                // ---- request line
                arguments("two spaces after method", "GET  / HTTP/1.1\r\nHost: a\r\n\r\n", 400),
                arguments("two spaces before version", "GET /  HTTP/1.1\r\nHost: a\r\n\r\n", 400),
                arguments("trailing space", "GET / HTTP/1.1 \r\nHost: a\r\n\r\n", 400),
                arguments("leading space", " GET / HTTP/1.1\r\nHost: a\r\n\r\n", 400),
                arguments("tab after method", "GET\t/ HTTP/1.1\r\nHost: a\r\n\r\n", 400),
                arguments("tab before version", "GET /\tHTTP/1.1\r\nHost: a\r\n\r\n", 400),
                arguments("bare LF after request line", "GET / HTTP/1.1\nHost: a\r\n\r\n", 400),
                arguments("bare CR in request line", "GET /\r HTTP/1.1\r\nHost: a\r\n\r\n", 400),
                arguments("HTTP/0.9 request", "GET /\r\n", 400),
                arguments("method only", "GET\r\n", 400),
                arguments("lowercase version", "GET / http/1.1\r\nHost: a\r\n\r\n", 400),
                arguments("mixed case version", "GET / Http/1.1\r\nHost: a\r\n\r\n", 400),
                arguments("version without minor", "GET / HTTP/1\r\nHost: a\r\n\r\n", 400),
                arguments("version two-digit minor", "GET / HTTP/1.10\r\nHost: a\r\n\r\n", 400),
                arguments("version two-digit major", "GET / HTTP/11.1\r\nHost: a\r\n\r\n", 400),
                arguments("version with junk", "GET / HTTP/1.1x\r\nHost: a\r\n\r\n", 400),
                arguments("version HTTP/2.0", "GET / HTTP/2.0\r\nHost: a\r\n\r\n", 505),
                arguments("version HTTP/3.0", "GET / HTTP/3.0\r\nHost: a\r\n\r\n", 505),
                arguments("version HTTP/0.9", "GET / HTTP/0.9\r\n\r\n", 505),
                arguments("method not a token", "G@T / HTTP/1.1\r\nHost: a\r\n\r\n", 400),
                arguments("fragment in target", "GET /a#b HTTP/1.1\r\nHost: a\r\n\r\n", 400),
                arguments("DEL in target", "GET /a\u007f HTTP/1.1\r\nHost: a\r\n\r\n", 400),
                arguments("non-ASCII in target", "GET /caf\u00e9 HTTP/1.1\r\nHost: a\r\n\r\n", 400),
                arguments("NUL in target", "GET /a\u0000 HTTP/1.1\r\nHost: a\r\n\r\n", 400),
                arguments("relative target", "GET index.html HTTP/1.1\r\nHost: a\r\n\r\n", 400),
                arguments("asterisk with GET", "GET * HTTP/1.1\r\nHost: a\r\n\r\n", 400),
                arguments("ftp absolute target", "GET ftp://a/ HTTP/1.1\r\nHost: a\r\n\r\n", 400),
                arguments("absolute target with userinfo", "GET http://user:pw@a/ HTTP/1.1\r\nHost: a\r\n\r\n", 400),
                arguments("absolute target without host", "GET http:///etc HTTP/1.1\r\nHost: a\r\n\r\n", 400),
                arguments("authority target without CONNECT", "GET a.example:443 HTTP/1.1\r\nHost: a\r\n\r\n", 400),
                arguments("CONNECT with origin target", "CONNECT / HTTP/1.1\r\nHost: a\r\n\r\n", 400),
                arguments("CONNECT without port", "CONNECT a.example HTTP/1.1\r\nHost: a\r\n\r\n", 400),
                arguments("too many empty lines first", "\r\n".repeat(11) + "GET / HTTP/1.1\r\nHost: a\r\n\r\n", 400),
                arguments("input ends mid-line", "GET / HTTP/1.1\r\nHost: a", 400),
                // ---- Host
                arguments("missing Host on HTTP/1.1", "GET / HTTP/1.1\r\n\r\n", 400),
                arguments("two Hosts", "GET / HTTP/1.1\r\nHost: a\r\nHost: a\r\n\r\n", 400),
                arguments("two different Hosts", "GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", 400),
                arguments("two Hosts on HTTP/1.0", "GET / HTTP/1.0\r\nHost: a\r\nHost: b\r\n\r\n", 400),
                arguments("Host in a list", "GET / HTTP/1.1\r\nHost: a, b\r\n\r\n", 400),
                arguments("empty Host", "GET / HTTP/1.1\r\nHost:\r\n\r\n", 400),
                arguments("Host with space", "GET / HTTP/1.1\r\nHost: a b\r\n\r\n", 400),
                arguments("Host with slash", "GET / HTTP/1.1\r\nHost: a/b\r\n\r\n", 400),
                arguments("Host with userinfo", "GET / HTTP/1.1\r\nHost: user@a\r\n\r\n", 400),
                arguments("Host with percent", "GET / HTTP/1.1\r\nHost: a%2eb\r\n\r\n", 400),
                arguments("Host with bad port", "GET / HTTP/1.1\r\nHost: a:http\r\n\r\n", 400),
                arguments("Host with port out of range", "GET / HTTP/1.1\r\nHost: a:65536\r\n\r\n", 400),
                arguments("Host with two ports", "GET / HTTP/1.1\r\nHost: a:80:80\r\n\r\n", 400),
                arguments("Host with unclosed IPv6", "GET / HTTP/1.1\r\nHost: [::1\r\n\r\n", 400),
                arguments("Host with IPvFuture", "GET / HTTP/1.1\r\nHost: [v1.x]\r\n\r\n", 400),
                arguments("Host with space before colon", "GET / HTTP/1.1\r\nHost : a\r\n\r\n", 400),
                // ---- Expect
                arguments("unknown expectation", GET + "Expect: 200-ok\r\n\r\n", 417));
    }

    @ParameterizedTest(name = "{0} -> {2}")
    @MethodSource("corpus")
    void isRefusedWithTheExactStatus(String name, String request, int status) {
        assertThatThrownBy(() -> RequestFeeder.parse(request))
                .isInstanceOfSatisfying(HttpException.class, e -> assertThat(e.status())
                        .as(e.getMessage())
                        .isEqualTo(status));
    }
}
