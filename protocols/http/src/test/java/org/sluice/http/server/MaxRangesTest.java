package org.sluice.http.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.sluice.config.ConfigException;
import org.sluice.testing.TestServer;

/**
 * Core's {@code MaxRanges}, answered as Apache httpd 2.4.71 answers the same requests: more
 * ranges than it allows (after those that overlap or touch are merged) get the whole file.
 */
class MaxRangesTest extends HttpServerTestBase {

    private static final String SECTIONS = """
            DocumentRoot htdocs
            <Directory htdocs/none>
              MaxRanges none
            </Directory>
            <Directory htdocs/one>
              MaxRanges 1
            </Directory>
            <Directory htdocs/two>
              MaxRanges 2
            </Directory>
            """;

    @Test
    void noneServesTheWholeFileAndSaysRangesAreNotAccepted() throws Exception {
        start(SECTIONS);
        htdocs("none/a.txt", "hello world");

        HttpResponse<String> response = get("/none/a.txt", "Range", "bytes=0-3");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("hello world");
        assertThat(response.headers().firstValue("Accept-Ranges")).hasValue("none");
        assertThat(response.headers().firstValue("Content-Range")).isEmpty();
    }

    @Test
    void noneStillAnswersARangeBeyondTheEndWith416() throws Exception {
        start(SECTIONS);
        htdocs("none/a.txt", "hello world");

        assertThat(get("/none/a.txt", "Range", "bytes=100-").statusCode()).isEqualTo(416);
    }

    @Test
    void aNumberServesOneRange() throws Exception {
        start(SECTIONS);
        htdocs("one/a.txt", "hello world");

        HttpResponse<String> response = get("/one/a.txt", "Range", "bytes=0-3");

        assertThat(response.statusCode()).isEqualTo(206);
        assertThat(response.body()).isEqualTo("hell");
        assertThat(response.headers().firstValue("Accept-Ranges")).hasValue("bytes");
    }

    @Test
    void moreRangesThanAllowedGetTheWholeFile() throws Exception {
        htdocs("one/a.txt", "hello world");
        htdocs("two/a.txt", "hello world");
        start(SECTIONS);

        assertThat(get("/one/a.txt", "Range", "bytes=0-1,4-5").statusCode()).isEqualTo(200);
        // ranges that touch are one range
        assertThat(get("/one/a.txt", "Range", "bytes=0-1,2-3").body()).isEqualTo("hell");
        HttpResponse<String> two = get("/two/a.txt", "Range", "bytes=0-1,4-5");
        assertThat(two.statusCode()).isEqualTo(206);
        assertThat(two.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("multipart/byteranges; boundary="));
        assertThat(get("/two/a.txt", "Range", "bytes=0-0,2-2,4-4").statusCode()).isEqualTo(200);
    }

    @Test
    void zeroIsRefused() {
        assertThatThrownBy(() -> TestServer.check(root, "LoadModule http\nMaxRanges 0\n"))
                .isInstanceOfSatisfying(ConfigException.class, e -> {
                    assertThat(e.getMessage())
                            .isEqualTo("MaxRanges requires 'none', 'default', 'unlimited' or a positive integer");
                    assertThat(e.location().line()).isEqualTo(2);
                });
    }
}
