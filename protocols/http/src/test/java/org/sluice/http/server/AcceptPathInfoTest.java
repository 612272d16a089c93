package org.sluice.http.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.sluice.config.ConfigException;
import org.sluice.testing.TestServer;

/**
 * Core's {@code AcceptPathInfo}: a path that goes on after a file's name ({@code /a.txt/more}).
 * The answers are those of Apache httpd 2.4.71 on the same configuration, but for
 * {@code Off} under a handler other than the default one, which Sluice refuses too.
 */
class AcceptPathInfoTest extends HttpServerTestBase {

    private static final String SECTIONS = """
            DocumentRoot htdocs
            <Directory htdocs/on>
              AcceptPathInfo On
            </Directory>
            <Directory htdocs/off>
              AcceptPathInfo Off
            </Directory>
            """;

    @Test
    void onServesTheFileThePathGoesOnFrom() throws Exception {
        start(SECTIONS);
        htdocs("on/a.txt", "hello");

        HttpResponse<String> response = get("/on/a.txt/more/still");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("hello");
        assertThat(response.headers().firstValue("Content-Type")).hasValue("text/plain");
    }

    @Test
    void expressionsSeeThePathInfo() throws Exception {
        start(SECTIONS + "Header set X-Path-Info \"expr=%{PATH_INFO}\"\n");
        htdocs("on/a.txt", "hello");

        assertThat(get("/on/a.txt/more/still").headers().firstValue("X-Path-Info")).hasValue("/more/still");
    }

    @Test
    void onServesAFileAskedForWithATrailingSlash() throws Exception {
        start(SECTIONS);
        htdocs("on/a.txt", "hello");

        assertThat(get("/on/a.txt/").statusCode()).isEqualTo(200);
    }

    @Test
    void theSectionsOfTheFileApplyToAPathBelowIt() throws Exception {
        start(SECTIONS + "<Files a.txt>\nRequire all denied\n</Files>\n");
        htdocs("on/a.txt", "hello");

        assertThat(get("/on/a.txt/more").statusCode()).isEqualTo(403);
    }

    @Test
    void anAccessFileCanTurnItOnUnderFileInfo() throws Exception {
        start("DocumentRoot htdocs\n<Directory htdocs>\nAllowOverride FileInfo\n</Directory>\n");
        htdocs("ht/.htaccess", "AcceptPathInfo On\n");
        htdocs("ht/a.txt", "hello");

        assertThat(get("/ht/a.txt/more").body()).isEqualTo("hello");
    }

    @Test
    void offRefusesPathInfoWhateverTheHandler() throws Exception {
        start(SECTIONS + "<Files a.txt>\nSetHandler server-status\n</Files>\n");
        htdocs("off/a.txt", "hello");
        htdocs("other/a.txt", "hello");

        assertThat(get("/other/a.txt/more").statusCode()).isEqualTo(200);
        assertThat(get("/off/a.txt/more").statusCode()).isEqualTo(404);
    }

    @Test
    void aWordOtherThanOnOffOrDefaultIsRefused() {
        assertThatThrownBy(() -> TestServer.check(root, "LoadModule http\nAcceptPathInfo maybe\n"))
                .isInstanceOfSatisfying(ConfigException.class, e -> {
                    assertThat(e.getMessage()).isEqualTo("AcceptPathInfo must be set to on, off or default");
                    assertThat(e.location().line()).isEqualTo(2);
                });
    }
}
