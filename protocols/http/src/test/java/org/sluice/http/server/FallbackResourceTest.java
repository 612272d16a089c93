package org.sluice.http.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sluice.config.ConfigException;
import org.sluice.testing.TestServer;

/** mod_dir's {@code FallbackResource}: what maps to no file is served from one local URL. */
class FallbackResourceTest extends HttpServerTestBase {

    private static final String APP = "<Directory htdocs/app>\nFallbackResource /app/index.html\n</Directory>\n";

    @Test
    void aMissingPathIsServedTheFallbackWithItsOwnStatus() throws Exception {
        start(APP);
        htdocs("app/index.html", "<p>app</p>");

        HttpResponse<String> response = get("/app/users/42?tab=2");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("<p>app</p>");
        assertThat(response.headers().firstValue("Content-Type")).hasValue("text/html");
    }

    @Test
    void anExistingFileIsServedItself() throws Exception {
        start(APP);
        htdocs("app/index.html", "<p>app</p>");
        htdocs("app/style.css", "p {}");

        assertThat(get("/app/style.css").body()).isEqualTo("p {}");
    }

    @Test
    void outsideItsSectionAMissingPathIsNotFound() throws Exception {
        start(APP);
        htdocs("app/index.html", "<p>app</p>");

        assertThat(get("/elsewhere").statusCode()).isEqualTo(404);
    }

    @Test
    void aPathBelowAnExistingFileIsNotFound() throws Exception {
        start(APP);
        htdocs("app/index.html", "<p>app</p>");
        htdocs("app/page.html", "page");

        // httpd sees path info on an existing file there, not a missing one
        assertThat(get("/app/page.html/more").statusCode()).isEqualTo(404);
    }

    @Test
    void aDirectoryWithoutAnIndexIsServedTheFallback() throws Exception {
        start(APP);
        htdocs("app/index.html", "<p>app</p>");
        Files.createDirectories(root.resolve("htdocs/app/empty"));

        assertThat(get("/app/empty/").body()).isEqualTo("<p>app</p>");
        assertThat(get("/app/empty").statusCode()).isEqualTo(301);
    }

    @Test
    void disabledInASubdirectoryTurnsItOff() throws Exception {
        start(APP + "<Directory htdocs/app/static>\nFallbackResource disabled\n</Directory>\n");
        htdocs("app/index.html", "<p>app</p>");
        Files.createDirectories(root.resolve("htdocs/app/static"));

        assertThat(get("/app/static/missing.js").statusCode()).isEqualTo(404);
        assertThat(get("/app/other").statusCode()).isEqualTo(200);
    }

    @Test
    void aPathWithAHandlerIsNotFallenBackFrom() throws Exception {
        start(APP + "AddHandler cgi-script .cgi\n");
        htdocs("app/index.html", "<p>app</p>");

        assertThat(get("/app/run.cgi").statusCode()).isEqualTo(404);
    }

    @Test
    void aRelativeUrlIsTakenFromTheRequestedDirectory() throws Exception {
        start("<Directory htdocs/rel>\nFallbackResource fallback.txt\n</Directory>\n");
        htdocs("rel/fallback.txt", "top");
        htdocs("rel/in/fallback.txt", "inner");

        assertThat(get("/rel/x").body()).isEqualTo("top");
        assertThat(get("/rel/in/x").body()).isEqualTo("inner");
    }

    @Test
    void aMissingFallbackEndsInAServerError() throws Exception {
        start("<Directory htdocs/app>\nFallbackResource /app/nothere.html\n</Directory>\n");
        Files.createDirectories(root.resolve("htdocs/app"));

        // it falls back to itself until the limit of internal redirects, as in httpd
        assertThat(get("/app/x").statusCode()).isEqualTo(500);
    }

    @Test
    void limitInternalRecursionSetsHowManyInternalRedirectsARequestMayTake() throws Exception {
        // each round of the directory's rule takes one "a" off: 14 internal redirects to a.txt
        String rules = "<Directory htdocs>\nRewriteEngine on\nRewriteBase /\nRewriteRule ^a(a+)\\.txt$ $1.txt\n</Directory>\n";
        String path = "/" + "a".repeat(15) + ".txt";
        htdocs("a.txt", "a");
        start(rules);
        assertThat(get(path).statusCode()).isEqualTo(500);
        stop();
        start("LimitInternalRecursion 20 5\n" + rules);
        assertThat(get(path).body()).isEqualTo("a");
    }

    @Test
    void aFallbackRefusedIsTheOriginalRequestsErrorWithItsErrorDocument() throws Exception {
        start(APP + "<Files index.html>\nRequire all denied\n</Files>\nErrorDocument 403 \"no entry\"\n");
        htdocs("app/index.html", "<p>app</p>");

        HttpResponse<String> response = get("/app/x");

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.body()).isEqualTo("no entry");
    }

    @Test
    void theLogShowsTheRequestLineAndTheFallbackAsItsPath() throws Exception {
        start("LogFormat \"%r|%U|%s|%>s\" fb\nCustomLog logs/fb_log fb\n" + APP);
        htdocs("app/index.html", "<p>app</p>");

        get("/app/deep/link");

        Path log = root.resolve("logs/fb_log");
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(log) && !Files.readAllLines(log).isEmpty());
        assertThat(Files.readAllLines(log)).isEqualTo(List.of("GET /app/deep/link HTTP/1.1|/app/index.html|200|200"));
    }

    @Test
    void anAccessFileMaySetItUnderAllowOverrideIndexes() throws Exception {
        start("<Directory htdocs/app>\nAllowOverride Indexes\n</Directory>\n");
        htdocs("app/index.html", "<p>app</p>");
        htdocs("app/.htaccess", "FallbackResource /app/index.html\n");

        assertThat(get("/app/route").body()).isEqualTo("<p>app</p>");
    }

    @Test
    void withoutAnArgumentItIsRefusedAtItsLine() {
        assertThatThrownBy(() -> TestServer.check(root, "LoadModule http\n\nFallbackResource\n"))
                .isInstanceOfSatisfying(ConfigException.class, e -> {
                    assertThat(e.getMessage()).isEqualTo("FallbackResource takes one argument, Set a default handler");
                    assertThat(e.location().line()).isEqualTo(3);
                });
    }
}
