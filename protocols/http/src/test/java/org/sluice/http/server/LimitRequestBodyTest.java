package org.sluice.http.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.sluice.config.ConfigException;
import org.sluice.testing.TestServer;

/**
 * {@code LimitRequestBody} as in Apache 2.4: allowed in the server, a virtual host, any section
 * and {@code .htaccess}, and applied with the configuration of the request's directory. A
 * {@code Content-Length} over the limit is answered 413 before a byte of the body is read: the
 * requests here that are refused send only their head.
 */
class LimitRequestBodyTest extends HttpServerTestBase {

    private static String post(String path, long length) {
        return "POST " + path + " HTTP/1.1\r\nHost: x\r\nContent-Length: " + length + "\r\n\r\n";
    }

    /** A GET whose body the static handler reads off, then a request that closes. */
    private static String getWithBody(String path, int length) {
        return "GET " + path + " HTTP/1.1\r\nHost: x\r\nContent-Length: " + length + "\r\n\r\n" + "b".repeat(length)
                + "GET " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
    }

    @Test
    void directoryLimitRefusesADeclaredLengthBeforeReadingTheBody() throws Exception {
        start("<Directory " + root.resolve("htdocs/small") + ">\nLimitRequestBody 10\n</Directory>\n");
        htdocs("small/a.txt", "AAA");
        htdocs("a.txt", "AAA");

        assertThat(raw(post("/small/a.txt", 11))).startsWith("HTTP/1.1 413 ").contains("Connection: close");
        assertThat(count(raw(getWithBody("/a.txt", 11)), "HTTP/1.1 200 OK")).isEqualTo(2);
        assertThat(count(raw(getWithBody("/small/a.txt", 10)), "HTTP/1.1 200 OK")).isEqualTo(2);
    }

    @Test
    void chunkedBodyOverTheDirectoryLimitIs413() throws Exception {
        start("<Directory " + root.resolve("htdocs/small") + ">\nLimitRequestBody 10\n</Directory>\n");
        htdocs("small/a.txt", "AAA");

        String reply = raw("GET /small/a.txt HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "6\r\nhello \r\n6\r\nworld!\r\n0\r\n\r\n");

        assertThat(reply).startsWith("HTTP/1.1 413 ").contains("Connection: close").doesNotContain("AAA");
    }

    @Test
    void directoryLimitOverridesTheServerLimitBothWays() throws Exception {
        start("LimitRequestBody 10\n<Directory " + root.resolve("htdocs/uploads") + ">\nLimitRequestBody 0\n</Directory>\n");
        htdocs("uploads/a.txt", "AAA");
        htdocs("a.txt", "AAA");

        assertThat(raw(post("/a.txt", 11))).startsWith("HTTP/1.1 413 ");
        assertThat(count(raw(getWithBody("/uploads/a.txt", 1000)), "HTTP/1.1 200 OK")).isEqualTo(2);
    }

    @Test
    void locationLimitApplies() throws Exception {
        start("<Location /api>\nLimitRequestBody 5\n</Location>\n");
        htdocs("api/a.txt", "AAA");
        htdocs("a.txt", "AAA");

        assertThat(raw(post("/api/a.txt", 6))).startsWith("HTTP/1.1 413 ");
        assertThat(raw(post("/api/missing", 6))).startsWith("HTTP/1.1 413 ");
        assertThat(count(raw(getWithBody("/a.txt", 6)), "HTTP/1.1 200 OK")).isEqualTo(2);
    }

    @Test
    void filesLimitApplies() throws Exception {
        start("<Files \"*.txt\">\nLimitRequestBody 5\n</Files>\n");
        htdocs("a.txt", "AAA");
        htdocs("a.html", "AAA");

        assertThat(raw(post("/a.txt", 6))).startsWith("HTTP/1.1 413 ");
        assertThat(count(raw(getWithBody("/a.html", 6)), "HTTP/1.1 200 OK")).isEqualTo(2);
    }

    @Test
    void virtualHostLimitApplies() throws Exception {
        start("<VirtualHost 127.0.0.1:*>\nServerName small.example\nLimitRequestBody 5\n</VirtualHost>\n");
        htdocs("a.txt", "AAA");

        String refused = raw("POST /a.txt HTTP/1.1\r\nHost: small.example\r\nContent-Length: 6\r\n\r\n");
        assertThat(refused).startsWith("HTTP/1.1 413 ");
    }

    @Test
    void accessFileLimitAppliesUnderAnyAllowOverrideClass() throws Exception {
        start("<Directory " + root.resolve("htdocs") + ">\nAllowOverride Limit\n</Directory>\n");
        htdocs("small/.htaccess", "LimitRequestBody 5\n");
        htdocs("small/a.txt", "AAA");
        htdocs("a.txt", "AAA");

        assertThat(raw(post("/small/a.txt", 6))).startsWith("HTTP/1.1 413 ");
        assertThat(count(raw(getWithBody("/a.txt", 6)), "HTTP/1.1 200 OK")).isEqualTo(2);
    }

    @Test
    void errorDocumentAnswersA413() throws Exception {
        start("<Location /api>\nLimitRequestBody 5\nErrorDocument 413 \"too big for /api\"\n</Location>\n");

        String reply = raw(post("/api/x", 6));

        assertThat(reply).startsWith("HTTP/1.1 413 ").endsWith("too big for /api");
    }

    @Test
    void defaultLimitIsOneGibibyte() throws Exception {
        start("");
        htdocs("a.txt", "AAA");

        assertThat(raw(post("/a.txt", (1L << 30) + 1))).startsWith("HTTP/1.1 413 ");
        // at the limit: not refused; the body is not asked for (too big to discard) and the
        // connection closes after the answer
        String atLimit = raw("PUT /a.txt HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: "
                + (1L << 30) + "\r\n\r\n");
        assertThat(atLimit).startsWith("HTTP/1.1 405 ").doesNotContain("100 Continue");
    }

    @Test
    void aNegativeLimitIsAConfigurationErrorAtItsLine() {
        assertThatThrownBy(() -> TestServer.check(root, "LoadModule http\n<Location /x>\nLimitRequestBody -1\n</Location>\n"))
                .isInstanceOfSatisfying(ConfigException.class, e -> {
                    assertThat(e.location().line()).isEqualTo(3);
                    assertThat(e.getMessage()).isEqualTo("LimitRequestBody takes a whole number of at least 0, not '-1'");
                });
    }
}
