package org.sluice.http.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.sluice.config.ConfigException;
import org.sluice.testing.TestServer;

/**
 * Core's {@code HttpProtocolOptions}. Sluice's parser is always strict and speaks HTTP/1.0 and
 * 1.1 only: the words that say so are accepted, those that would loosen it refused;
 * {@code RegisteredMethods} answers an unknown method 501 as soon as the request line is read,
 * and closes, as Apache httpd 2.4.71 does.
 */
class HttpProtocolOptionsTest extends HttpServerTestBase {

    private static final String DENIED = "DocumentRoot htdocs\n<Directory htdocs>\nRequire all denied\n</Directory>\n";

    @Test
    void registeredMethodsAnswersAnUnknownMethodBeforeAccessControlAndCloses() throws Exception {
        start("HttpProtocolOptions RegisteredMethods\n" + DENIED);
        htdocs("a.txt", "hello");

        String answer = raw("FOO /a.txt HTTP/1.1\r\nHost: localhost\r\n\r\nGET /a.txt HTTP/1.1\r\nHost: localhost\r\n\r\n");

        assertThat(answer).startsWith("HTTP/1.1 501 Not Implemented\r\n").contains("\r\nConnection: close\r\n")
                .contains("FOO not supported for current URL.");
        assertThat(count(answer, "HTTP/1.1 ")).isEqualTo(1);
    }

    @Test
    void registeredMethodsLetsTheMethodsOfHttpAndWebDavThrough() throws Exception {
        start("HttpProtocolOptions RegisteredMethods\n" + DENIED);
        htdocs("a.txt", "hello");

        assertThat(raw("PROPFIND /a.txt HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"))
                .startsWith("HTTP/1.1 403 Forbidden\r\n");
    }

    @Test
    void theDefaultsAreAccepted() throws Exception {
        start("HttpProtocolOptions Strict LenientMethods Require1.0\n" + DENIED);

        assertThat(raw("FOO /a.txt HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"))
                .startsWith("HTTP/1.1 403 Forbidden\r\n");
    }

    @Test
    void unsafeIsRefusedSayingParsingIsAlwaysStrict() {
        assertRefused("HttpProtocolOptions Unsafe", "HttpProtocolOptions Unsafe is not supported: Sluice always parses"
                + " requests strictly (RFC 9112) and answers HTTP/1.0 and 1.1 only, as 'Strict' and 'Require1.0' say;"
                + " remove 'Unsafe'");
    }

    @Test
    void allow09IsRefused() {
        assertRefused("HttpProtocolOptions Allow0.9", "HttpProtocolOptions Allow0.9 is not supported: Sluice always"
                + " parses requests strictly (RFC 9112) and answers HTTP/1.0 and 1.1 only, as 'Strict' and"
                + " 'Require1.0' say; remove 'Allow0.9'");
    }

    @Test
    void registeredAndLenientMethodsExcludeEachOther() {
        assertRefused("HttpProtocolOptions RegisteredMethods LenientMethods",
                "HttpProtocolOptions 'RegisteredMethods' and 'LenientMethods' are mutually exclusive");
    }

    @Test
    void anUnknownWordIsRefused() {
        assertRefused("HttpProtocolOptions Sloppy", "HttpProtocolOptions accepts 'Unsafe' or 'Strict' (default),"
                + " 'RegisteredMethods' or 'LenientMethods' (default), and 'Require1.0' or 'Allow0.9' (default)");
    }

    private void assertRefused(String line, String message) {
        assertThatThrownBy(() -> TestServer.check(root, "LoadModule http\n" + line + "\n"))
                .isInstanceOfSatisfying(ConfigException.class, e -> {
                    assertThat(e.getMessage()).isEqualTo(message);
                    assertThat(e.location().line()).isEqualTo(2);
                });
    }
}
