package org.sluice.http.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;
import org.sluice.config.ConfigException;
import org.sluice.testing.TestServer;

/**
 * mod_alias's regular-expression forms ({@code RedirectMatch}, {@code AliasMatch}) and the
 * redirects of sections and {@code .htaccess} files.
 */
class AliasTest extends HttpServerTestBase {

    // ---- RedirectMatch ----

    @Test
    void redirectMatchSubstitutesGroupsAndKeepsTheQuery() throws Exception {
        start("RedirectMatch permanent ^/old/(.*)\\.html$ http://example.com/new/$1\n");

        HttpResponse<String> response = get("/old/a%20b.html?x=1");

        assertThat(response.statusCode()).isEqualTo(301);
        assertThat(response.headers().firstValue("Location")).hasValue("http://example.com/new/a%20b?x=1");
        assertThat(get("/older/a.html").statusCode()).isEqualTo(404);
    }

    @Test
    void redirectMatchTargetWithItsOwnQueryDropsTheRequestsQuery() throws Exception {
        start("RedirectMatch ^/search/(\\w+)$ http://example.com/find?q=$1&from=old\n");

        HttpResponse<String> response = get("/search/cats?page=2");

        assertThat(response.statusCode()).isEqualTo(302);
        assertThat(response.headers().firstValue("Location")).hasValue("http://example.com/find?q=cats&from=old");
    }

    @Test
    void redirectMatchMatchesAnywhereUnlessAnchored() throws Exception {
        start("RedirectMatch 301 \\.php$ /index.html\nRedirectMatch gone /private/\n");

        HttpResponse<String> php = get("/deep/page.php");
        assertThat(php.statusCode()).isEqualTo(301);
        // a path target becomes an absolute URL, as Apache makes it
        assertThat(php.headers().firstValue("Location")).hasValue("http://127.0.0.1:" + port + "/index.html");
        assertThat(get("/a/private/b").statusCode()).isEqualTo(410);
    }

    @Test
    void redirectMatchWithAnEscapedDollarKeepsIt() throws Exception {
        start("RedirectMatch ^/price/(\\d+)$ http://example.com/\\$$1\n");

        assertThat(get("/price/5").headers().firstValue("Location")).hasValue("http://example.com/$5");
    }

    @Test
    void theFirstMatchingRedirectWinsInConfigurationOrder() throws Exception {
        start("RedirectMatch ^/a/(.*) http://first.example/$1\nRedirect /a http://second.example\n");

        assertThat(get("/a/x").headers().firstValue("Location")).hasValue("http://first.example/x");
    }

    @Test
    void redirectTempAndRedirectPermanent() throws Exception {
        start("RedirectTemp /t http://example.com/t\nRedirectPermanent /p http://example.com/p\n");

        HttpResponse<String> temp = get("/t/x");
        assertThat(temp.statusCode()).isEqualTo(302);
        assertThat(temp.headers().firstValue("Location")).hasValue("http://example.com/t/x");
        assertThat(get("/p").statusCode()).isEqualTo(301);
    }

    @Test
    void aPrefixEndingInASlashAsksForIt() throws Exception {
        Files.createDirectories(root.resolve("icons"));
        Files.writeString(root.resolve("icons/a.txt"), "icon");
        start("Alias /icons/ " + root.resolve("icons") + "/\nAlias /bare " + root.resolve("icons") + "\n"
                + "Redirect /moved/ http://example.com/new/\n");

        assertThat(get("/icons/a.txt").body()).isEqualTo("icon");
        // not an alias: the document root has no icons
        assertThat(get("/icons").statusCode()).isEqualTo(404);
        assertThat(get("/bare").statusCode()).isEqualTo(301);
        assertThat(get("/bare/a.txt").body()).isEqualTo("icon");
        assertThat(get("/moved/x").headers().firstValue("Location")).hasValue("http://example.com/new/x");
        assertThat(get("/moved").statusCode()).isEqualTo(404);
    }

    // ---- AliasMatch ----

    @Test
    void aliasMatchMapsGroupsToAFile() throws Exception {
        Files.createDirectories(root.resolve("manual/en"));
        Files.writeString(root.resolve("manual/en/intro.txt"), "the manual");
        start("AliasMatch ^/docs/(\\w+)/(.*)$ " + root.resolve("manual") + "/$1/$2\n");

        HttpResponse<String> response = get("/docs/en/intro.txt");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("the manual");
        assertThat(response.headers().firstValue("Content-Type")).hasValue("text/plain");
        assertThat(get("/docs/en/missing.txt").statusCode()).isEqualTo(404);
    }

    @Test
    void aliasMatchTargetRelativeToTheServerRoot() throws Exception {
        Files.createDirectories(root.resolve("assets"));
        Files.writeString(root.resolve("assets/logo.txt"), "logo");
        start("AliasMatch ^/static/(.*)$ assets/$1\n");

        assertThat(get("/static/logo.txt").body()).isEqualTo("logo");
    }

    @Test
    void aliasMatchCannotLeaveTheDirectoryItsTargetNames() throws Exception {
        Files.createDirectories(root.resolve("manual"));
        Files.writeString(root.resolve("secret.txt"), "secret");
        start("AliasMatch ^/m/x(.*)y$ " + root.resolve("manual") + "/$1/secret.txt\n");

        HttpResponse<String> response = get("/m/x..y");

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.body()).doesNotContain("secret\n");
    }

    @Test
    void redirectsComeBeforeAliases() throws Exception {
        Files.createDirectories(root.resolve("other"));
        Files.writeString(root.resolve("other/x.txt"), "aliased");
        start("AliasMatch ^/both/(.*)$ " + root.resolve("other") + "/$1\nRedirectMatch ^/both/(.*)$ http://example.com/$1\n");

        assertThat(get("/both/x.txt").statusCode()).isEqualTo(302);
    }

    // ---- redirects in sections and access files ----

    @Test
    void redirectInADirectorySection() throws Exception {
        start("<Directory " + root.resolve("htdocs/old") + ">\nRedirect /old http://example.com/new\n</Directory>\n");
        htdocs("old/a.txt", "old");
        htdocs("b.txt", "b");

        HttpResponse<String> response = get("/old/a.txt?v=2");

        assertThat(response.statusCode()).isEqualTo(302);
        assertThat(response.headers().firstValue("Location")).hasValue("http://example.com/new/a.txt?v=2");
        assertThat(get("/b.txt").body()).isEqualTo("b");
    }

    @Test
    void redirectWithOnlyAUrlInALocationSendsAllItCoversThere() throws Exception {
        start("<Location /one>\nRedirect permanent http://example.com/two\n</Location>\n"
                + "<Location /three>\nRedirect http://example.com/four?from=three\n</Location>\n");

        HttpResponse<String> one = get("/one/deeper?x=1");
        assertThat(one.statusCode()).isEqualTo(301);
        assertThat(one.headers().firstValue("Location")).hasValue("http://example.com/two?x=1");
        HttpResponse<String> three = get("/three?x=1");
        assertThat(three.statusCode()).isEqualTo(302);
        assertThat(three.headers().firstValue("Location")).hasValue("http://example.com/four?from=three");
    }

    @Test
    void redirectMatchInALocationSection() throws Exception {
        start("<Location /legacy>\nRedirectMatch permanent ^/legacy/(.*)$ http://example.com/$1\n</Location>\n");

        HttpResponse<String> response = get("/legacy/page");

        assertThat(response.statusCode()).isEqualTo(301);
        assertThat(response.headers().firstValue("Location")).hasValue("http://example.com/page");
    }

    @Test
    void theInnerSectionsRedirectIsTriedFirst() throws Exception {
        start("<Location />\nRedirectMatch ^/(.*)$ http://outer.example/$1\n</Location>\n"
                + "<Location /inner>\nRedirectMatch ^/(.*)$ http://inner.example/$1\n</Location>\n");

        assertThat(get("/inner/x").headers().firstValue("Location")).hasValue("http://inner.example/inner/x");
        assertThat(get("/other").headers().firstValue("Location")).hasValue("http://outer.example/other");
    }

    @Test
    void redirectInAnAccessFileUnderAllowOverrideFileInfo() throws Exception {
        start("<Directory " + root.resolve("htdocs") + ">\nAllowOverride FileInfo\n</Directory>\n");
        htdocs("moved/.htaccess", "RedirectMatch 301 ^/moved/(.*)$ http://example.com/$1\n"
                + "RedirectPermanent /elsewhere http://example.com/e\n");

        HttpResponse<String> response = get("/moved/page.html");

        assertThat(response.statusCode()).isEqualTo(301);
        assertThat(response.headers().firstValue("Location")).hasValue("http://example.com/page.html");
    }

    @Test
    void redirectInAnAccessFileNeedsFileInfo() throws Exception {
        start("<Directory " + root.resolve("htdocs") + ">\nAllowOverride AuthConfig\n</Directory>\n");
        htdocs("moved/.htaccess", "Redirect /moved http://example.com/\n");
        htdocs("moved/a.txt", "a");

        assertThat(get("/moved/a.txt").statusCode()).isEqualTo(500);
    }

    @Test
    void aPatternThatBacktracksWithoutEndIsGivenUpAndOthersAreStillServed() throws Exception {
        start("<Directory " + root.resolve("htdocs") + ">\nAllowOverride FileInfo\n</Directory>\n");
        htdocs("slow/.htaccess", "RedirectMatch ^/slow/(a*)*\\1b$ http://example.com/\n");
        htdocs("a.txt", "AAA");

        assertThat(get("/slow/" + "a".repeat(40)).statusCode()).isEqualTo(500);
        assertThat(get("/a.txt").body()).isEqualTo("AAA");
    }

    // ---- configuration errors ----

    @Test
    void aBadRegularExpressionIsAnErrorAtItsLine() {
        assertThatThrownBy(() -> TestServer.check(root, "LoadModule http\nAliasMatch ^/(unclosed /srv/$1\n"))
                .isInstanceOfSatisfying(ConfigException.class, e -> {
                    assertThat(e.location().line()).isEqualTo(2);
                    assertThat(e.getMessage()).startsWith(
                            "AliasMatch: the regular expression '^/(unclosed' could not be compiled: ");
                });
    }

    @Test
    void redirectToANonUrlIsAnErrorAtItsLine() {
        assertThatThrownBy(() -> TestServer.check(root,
                "LoadModule http\n<Location /a>\nRedirectTemp /a relative/path\n</Location>\n"))
                .isInstanceOfSatisfying(ConfigException.class, e -> {
                    assertThat(e.location().line()).isEqualTo(3);
                    assertThat(e.getMessage()).isEqualTo("Redirect to non-URL 'relative/path'");
                });
    }

    @Test
    void aliasMatchIsNotAllowedInASection() {
        assertThatThrownBy(() -> TestServer.check(root,
                "LoadModule http\n<Location /a>\nAliasMatch ^/a(.*) /srv$1\n</Location>\n"))
                .isInstanceOfSatisfying(ConfigException.class, e -> {
                    assertThat(e.location().line()).isEqualTo(3);
                    assertThat(e.getMessage()).isEqualTo("AliasMatch not allowed in <Location> context");
                });
    }
}
