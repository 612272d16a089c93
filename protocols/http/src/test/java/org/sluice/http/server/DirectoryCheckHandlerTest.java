package org.sluice.http.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/**
 * mod_dir for a directory with a handler of its own ({@code SetHandler}): redirected to its
 * slash, then served its index unless {@code DirectoryCheckHandler On} leaves it to the handler.
 * The test handler {@code error-page} names the path of the request that stands for the one
 * received.
 */
class DirectoryCheckHandlerTest extends HttpServerTestBase {

    private static final String HANDLED = TestHandlersModule.LOAD + "<Location /handled>\nSetHandler error-page\n</Location>\n";

    @Test
    void aDirectoryWithAHandlerIsRedirectedToItsSlash() throws Exception {
        start(HANDLED);
        htdocs("handled/index.html", "index");

        HttpResponse<String> response = get("/handled?x=1");

        assertThat(response.statusCode()).isEqualTo(301);
        assertThat(response.headers().firstValue("Location")).hasValue("http://127.0.0.1:" + port + "/handled/?x=1");
    }

    @Test
    void byDefaultItsIndexIsLookedUpAndTheHandlerServesIt() throws Exception {
        start(HANDLED);
        htdocs("handled/index.html", "index");

        assertThat(get("/handled/").body()).isEqualTo("the error page for /handled/index.html\n");
    }

    @Test
    void onLeavesTheDirectoryToItsHandler() throws Exception {
        start(HANDLED + "<Directory htdocs/handled>\nDirectoryCheckHandler On\n</Directory>\n");
        htdocs("handled/index.html", "index");

        assertThat(get("/handled/").body()).isEqualTo("the error page for /handled/\n");
        assertThat(get("/handled").statusCode()).isEqualTo(301);
    }

    @Test
    void withDirectorySlashOffTheHandlerAnswersWithoutTheSlash() throws Exception {
        start(HANDLED + "<Directory htdocs/handled>\nDirectorySlash Off\n</Directory>\n");
        htdocs("handled/index.html", "index");

        assertThat(get("/handled").body()).isEqualTo("the error page for /handled\n");
    }
}
