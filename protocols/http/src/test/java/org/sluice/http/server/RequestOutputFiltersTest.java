package org.sluice.http.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Per-request output filters ({@code SetOutputFilter}) live exactly as long as the request that
 * added them: an internal redirect drops the filters of the request it leaves, and nothing is
 * left on the connection for the next request. The test module's {@code MARK} filter adds one
 * {@code X-Mark} field per response it sees.
 */
class RequestOutputFiltersTest extends HttpServerTestBase {

    private static final String CLOSE = "Connection: close\r\n";

    @Test
    void aDirectoryIndexResponsePassesTheFilterOnce() throws Exception {
        start(TestHandlersModule.LOAD + "SetOutputFilter MARK\n");
        htdocs("index.html", "index");

        List<String> responses = responses(raw(request("/", "") + request("/", CLOSE)));

        assertThat(responses).hasSize(2).allSatisfy(r -> assertThat(count(r, "X-Mark: ")).isEqualTo(1));
    }

    @Test
    void anErrorDocumentResponsePassesTheFilterOnce() throws Exception {
        start(TestHandlersModule.LOAD + "SetOutputFilter MARK\nErrorDocument 404 /404.html\n");
        htdocs("404.html", "not here");

        List<String> responses = responses(raw(request("/missing", "") + request("/missing", CLOSE)));

        assertThat(responses).hasSize(2).allSatisfy(r -> {
            assertThat(r).startsWith("HTTP/1.1 404 ").endsWith("not here");
            assertThat(count(r, "X-Mark: ")).isEqualTo(1);
        });
    }

    @Test
    void aFailedErrorDocumentLeavesNoFilterForTheNextRequest() throws Exception {
        start(TestHandlersModule.LOAD + "SetOutputFilter MARK\nErrorDocument 404 /no-such-page.html\n");
        htdocs("a.txt", "AAA");

        List<String> responses = responses(raw(request("/missing", "") + request("/a.txt", CLOSE)));

        assertThat(responses).hasSize(2);
        assertThat(responses.get(0)).startsWith("HTTP/1.1 404 ");
        assertThat(count(responses.get(0), "X-Mark: ")).isLessThanOrEqualTo(1);
        assertThat(responses.get(1)).startsWith("HTTP/1.1 200 ").endsWith("AAA");
        assertThat(count(responses.get(1), "X-Mark: ")).isEqualTo(1);
    }

    private static String request(String path, String extra) {
        return "GET " + path + " HTTP/1.1\r\nHost: x\r\n" + extra + "\r\n";
    }

    /** The responses of a pipelined exchange, split at each status line. */
    private static List<String> responses(String reply) {
        List<String> parts = new ArrayList<>();
        int start = reply.indexOf("HTTP/1.1 ");
        while (start >= 0) {
            int next = reply.indexOf("HTTP/1.1 ", start + 1);
            parts.add(next < 0 ? reply.substring(start) : reply.substring(start, next));
            start = next;
        }
        return parts;
    }
}
