package org.sluice.http.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.sluice.config.ConfigException;
import org.sluice.testing.TestServer;

/**
 * Core directives httpd 2.4 configurations carry that change nothing here, accepted and checked
 * as httpd checks them: {@code DefaultType} (deprecated in httpd 2.4 too) and
 * {@code LimitXMLRequestBody} (no handler of Sluice reads XML bodies).
 */
class CoreCompatibilityTest extends HttpServerTestBase {

    @Test
    void defaultTypeGivesNoTypeToAFileWithoutOne() throws Exception {
        start("DefaultType text/plain\n");
        htdocs("noext", "hi");

        HttpResponse<String> response = get("/noext");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).isEmpty();
    }

    @Test
    void defaultTypeNoneIsAcceptedInAnAccessFile() throws Exception {
        start("<Directory htdocs>\nAllowOverride FileInfo\n</Directory>\n");
        htdocs(".htaccess", "DefaultType None\n");
        htdocs("a.txt", "hi");

        assertThat(get("/a.txt").statusCode()).isEqualTo(200);
    }

    @Test
    void limitXmlRequestBodyTakesANonNegativeNumber() {
        assertThatThrownBy(() -> TestServer.check(root, "LoadModule http\nLimitXMLRequestBody -1\n"))
                .isInstanceOfSatisfying(ConfigException.class, e -> {
                    assertThat(e.getMessage()).isEqualTo("LimitXMLRequestBody requires a non-negative integer.");
                    assertThat(e.location().line()).isEqualTo(2);
                });
    }

    @Test
    void limitXmlRequestBodyIsAcceptedInASection() throws Exception {
        TestServer.check(root, "LoadModule http\n<Location /dav>\nLimitXMLRequestBody 1000000\n</Location>\n");
    }
}
