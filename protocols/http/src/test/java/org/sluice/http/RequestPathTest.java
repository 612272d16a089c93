package org.sluice.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class RequestPathTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            /                       | /
            /index.html             | /index.html
            /a/b/c                  | /a/b/c
            /a/b/                   | /a/b/
            //a///b//               | /a/b/
            /./a/./b/.              | /a/b/
            /a/b/..                 | /a/
            /a/b/../c               | /a/c
            /a/b/../../c            | /c
            /a/..                   | /
            /a/../                  | /
            /a/%2e%2e/b             | /b
            /a/%2E%2E/b             | /b
            /a/.%2e/b               | /b
            /a/%2e/b                | /a/b
            /a%20b/c%3Fd            | /a b/c?d
            /%41%42%43              | /ABC
            /caf%C3%A9              | /café
            /%E2%82%AC              | /€
            /%252e%252e/x           | /%2e%2e/x
            /%25                    | /%
            /...                    | /...
            /..a/b..                | /..a/b..
            /a/..;/b                | /a/..;/b
            /a;b=c/d                | /a;b=c/d
            /a+b                    | /a+b
            /~user/                 | /~user/
            """)
    void normalizes(String raw, String normalized) throws HttpException {
        assertThat(RequestPath.normalize(raw)).isEqualTo(normalized);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            /a/b/                   | /a/b/
            /a b/c?d                | /a%20b/c%3Fd
            /café                   | /caf%C3%A9
            /%2e%2e/x               | /%252e%252e/x
            /~user/a;b=c,d@e:f+g&h  | /~user/a;b=c,d@e:f+g&h
            /#frag"<>               | /%23frag%22%3C%3E
            """)
    void encodesADecodedPathForTheWire(String decoded, String encoded) {
        assertThat(RequestPath.encode(decoded)).isEqualTo(encoded);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            /a%20b/caf%C3%A9
            /%25/x%3Fy
            """)
    void encodingUndoesNormalizing(String raw) throws HttpException {
        assertThat(RequestPath.encode(RequestPath.normalize(raw))).isEqualTo(raw);
    }

    static Stream<Arguments> refused() {
        return Stream.of(
                // climbing above the root
                arguments("/..", 400),
                arguments("/../", 400),
                arguments("/../etc/passwd", 400),
                arguments("/a/../../etc/passwd", 400),
                arguments("/a/b/../../../x", 400),
                arguments("/./../x", 400),
                arguments("//../x", 400),
                arguments("/%2e%2e/", 400),
                arguments("/%2e%2e/etc/passwd", 400),
                arguments("/%2E%2E/etc/passwd", 400),
                arguments("/%2e%2E", 400),
                arguments("/.%2e/etc/passwd", 400),
                arguments("/%2e./etc/passwd", 400),
                arguments("/a/%2e%2e/%2e%2e/etc", 400),
                // encoded separators
                arguments("/a/%2e%2e%2f..", 404),
                arguments("/a/%2e%2e%2F..", 404),
                arguments("/..%2f..%2fetc%2fpasswd", 404),
                arguments("/a%2fb", 404),
                arguments("/..%5c..", 404),
                arguments("/..%5C..%5Cwindows", 404),
                arguments("/a%00.html", 404),
                arguments("/%00", 404),
                // backslash
                arguments("/..\\..\\etc", 400),
                arguments("/a\\b", 400),
                // bad escapes
                arguments("/%", 400),
                arguments("/%2", 400),
                arguments("/%zz", 400),
                arguments("/%2g", 400),
                arguments("/%%32%65", 400),
                arguments("/%u002e%u002e/", 400),
                // not UTF-8, including overlong forms of '.' and '/'
                arguments("/%c0%ae%c0%ae/etc/passwd", 400),
                arguments("/%c0%ae%c0%ae%c0%afetc", 400),
                arguments("/%e0%80%ae%e0%80%ae/", 400),
                arguments("/%c0%af", 400),
                arguments("/%ff", 400),
                arguments("/%C3", 400),
                arguments("/%ed%a0%80", 400),
                // control characters
                arguments("/a%0ab", 400),
                arguments("/a%0d%0aSet-Cookie:x", 400),
                arguments("/a%7f", 400),
                arguments("/a\u0000b", 400),
                arguments("/a b", 400),
                // not a path
                arguments("", 400),
                arguments("a/b", 400),
                arguments("*", 400),
                arguments("%2f", 400));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("refused")
    void refuses(String raw, int status) {
        assertThatThrownBy(() -> RequestPath.normalize(raw))
                .isInstanceOfSatisfying(HttpException.class, e -> assertThat(e.status()).as(e.getMessage()).isEqualTo(status));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            /a/b/c/../../..
            /%2e%2e%2f%2e%2e
            /a/./b/../../c/./d/..
            /x//..//..
            """)
    void neverLeavesADotSegmentOrClimbsAboveTheRoot(String raw) {
        try {
            String normalized = RequestPath.normalize(raw);
            assertThat(normalized).startsWith("/").doesNotContain("/../", "/./", "//").doesNotEndWith("/..");
        } catch (HttpException e) {
            assertThat(e.status()).isIn(400, 404);
        }
    }
}
