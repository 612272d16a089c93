package org.sluice.http.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * mod_rewrite's rules, through a real server: the recipes httpd configurations use, each
 * answered as httpd 2.4 answers the same configuration and request.
 */
class RewriteTest extends HttpServerTestBase {

    private static final String HTACCESS = "<Directory htdocs>\nAllowOverride FileInfo\n</Directory>\n";

    @Test
    void aFullUrlWithR301RedirectsPermanentlyAndKeepsTheQuery() throws Exception {
        start("RewriteEngine On\nRewriteRule ^/(.*)$ https://secure.example.com/$1 [R=301,L]\n");

        HttpResponse<String> response = get("/account/page?x=1");

        assertThat(response.statusCode()).isEqualTo(301);
        assertThat(response.headers().firstValue("Location")).hasValue("https://secure.example.com/account/page?x=1");
    }

    @Test
    void theWwwHostIsCanonicalisedWithTheConditionsBackReference() throws Exception {
        start("RewriteEngine On\nRewriteCond %{HTTP_HOST} ^www\\.(.+)$ [NC]\n"
                + "RewriteRule ^/(.*)$ http://%1/$1 [R=301,L]\n");
        htdocs("page.html", "page");

        assertThat(forHost("/page.html", "WWW.Example.com")).startsWith("HTTP/1.1 301 ")
                .contains("\r\nLocation: http://Example.com/page.html\r\n");
        assertThat(forHost("/page.html", "example.com")).startsWith("HTTP/1.1 200 ").endsWith("\r\n\r\npage");
    }

    @Test
    void aRuleInAnAccessFileSeesThePathInfoBelowAFile() throws Exception {
        start(HTACCESS);
        htdocs("d/.htaccess", "RewriteEngine On\nRewriteRule ^a\\.txt/more$ b.txt [L]\n");
        htdocs("d/a.txt", "A");
        htdocs("d/b.txt", "B");

        assertThat(get("/d/a.txt/more").body()).isEqualTo("B");
        assertThat(get("/d/a.txt/other").statusCode()).isEqualTo(404);
    }

    @Test
    void aRuleInAnAccessFileUnderAnAliasSeesThePathInfoBelowAFile() throws Exception {
        start("Alias /al/ aliased/\n<Directory aliased>\nAllowOverride FileInfo\nRequire all granted\n</Directory>\n");
        Path aliased = root.resolve("aliased");
        Files.createDirectories(aliased);
        Files.writeString(aliased.resolve(".htaccess"), "RewriteEngine On\nRewriteRule ^a\\.txt/more$ b.txt [L]\n");
        Files.writeString(aliased.resolve("a.txt"), "A");
        Files.writeString(aliased.resolve("b.txt"), "B");

        assertThat(get("/al/a.txt/more").body()).isEqualTo("B");
    }

    @Test
    void aFrontControllerInAnAccessFileServesWhatIsNotAFileOrDirectory() throws Exception {
        start(HTACCESS);
        htdocs("app/.htaccess", "RewriteEngine On\nRewriteCond %{REQUEST_FILENAME} !-f\n"
                + "RewriteCond %{REQUEST_FILENAME} !-d\nRewriteRule ^ index.php [L]\n");
        htdocs("app/index.php", "front");
        htdocs("app/style.css", "css");
        htdocs("app/assets/a.js", "js");

        assertThat(get("/app/users/42?tab=1").body()).isEqualTo("front");
        assertThat(get("/app/style.css").body()).isEqualTo("css");
        assertThat(get("/app/assets/a.js").body()).isEqualTo("js");
        assertThat(get("/app/assets").statusCode()).isEqualTo(301);
    }

    @Test
    void aLocalRewriteServesTheOtherFile() throws Exception {
        start("RewriteEngine On\nRewriteRule ^/old/(.*)$ /new/$1 [L]\n");
        htdocs("new/page.html", "new page");

        HttpResponse<String> response = get("/old/page.html");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("new page");
        assertThat(response.headers().firstValue("Content-Type")).hasValue("text/html");
    }

    @Test
    void qsaPutsTheSubstitutionsQueryBeforeTheRequests() throws Exception {
        start("RewriteEngine On\nRewriteRule ^/q/(\\w+)$ /show?name=$1 [QSA,R]\n"
                + "RewriteRule ^/r/(\\w+)$ /show?name=$1 [R]\n");

        assertThat(get("/q/bob?x=1").headers().firstValue("Location"))
                .hasValue("http://127.0.0.1:" + port + "/show?name=bob&x=1");
        assertThat(get("/r/bob?x=1").headers().firstValue("Location"))
                .hasValue("http://127.0.0.1:" + port + "/show?name=bob");
    }

    @Test
    void aTrailingQuestionMarkOrQsdDropsTheQuery() throws Exception {
        start("RewriteEngine On\nRewriteRule ^/a$ /x? [R,L]\nRewriteRule ^/b$ /x [QSD,R,L]\n"
                + "RewriteRule ^/c$ /x [R,L]\n");

        assertThat(get("/a?z=1").headers().firstValue("Location")).hasValue("http://127.0.0.1:" + port + "/x");
        assertThat(get("/b?z=1").headers().firstValue("Location")).hasValue("http://127.0.0.1:" + port + "/x");
        assertThat(get("/c?z=1").headers().firstValue("Location")).hasValue("http://127.0.0.1:" + port + "/x?z=1");
    }

    @Test
    void forbiddenAndGoneAnswerWithTheirStatus() throws Exception {
        start("RewriteEngine On\nRewriteRule ^/private - [F]\nRewriteRule ^/old - [G]\n"
                + "RewriteRule ^/missing /x [R=404]\n");

        assertThat(get("/private/a").statusCode()).isEqualTo(403);
        assertThat(get("/old").statusCode()).isEqualTo(410);
        assertThat(get("/missing").statusCode()).isEqualTo(404);
    }

    @Test
    void redirectStatusesAreThoseTheFlagNames() throws Exception {
        start("RewriteEngine On\nRewriteRule ^/a$ /x [R]\nRewriteRule ^/b$ /x [R=permanent]\n"
                + "RewriteRule ^/c$ /x [R=303]\nRewriteRule ^/d$ /x [R=307]\nRewriteRule ^/e$ /x [R=308]\n");

        assertThat(get("/a").statusCode()).isEqualTo(302);
        assertThat(get("/b").statusCode()).isEqualTo(301);
        assertThat(get("/c").statusCode()).isEqualTo(303);
        assertThat(get("/d").statusCode()).isEqualTo(307);
        assertThat(get("/e").statusCode()).isEqualTo(308);
    }

    @Test
    void aRuleThatDoesNotApplySkipsTheRulesChainedToIt() throws Exception {
        start("RewriteEngine On\nRewriteRule ^/chain(.*)$ /c1$1 [C]\nRewriteRule ^/c1(.*)$ /chained.txt [L]\n"
                + "RewriteRule ^/c1(.*)$ /unchained.txt [L]\n");
        htdocs("chained.txt", "chained");
        htdocs("unchained.txt", "unchained");

        assertThat(get("/chain-x").body()).isEqualTo("chained");
        assertThat(get("/c1-x").body()).isEqualTo("unchained");
    }

    @Test
    void skipJumpsOverTheNextRules() throws Exception {
        start("RewriteEngine On\nRewriteRule ^/skip$ - [S=1]\nRewriteRule ^/skip$ /one.txt [L]\n"
                + "RewriteRule ^/skip$ /two.txt [L]\n");
        htdocs("one.txt", "one");
        htdocs("two.txt", "two");

        assertThat(get("/skip").body()).isEqualTo("two");
    }

    @Test
    void anEnvironmentVariableARuleSetsFeedsHeaderEnv() throws Exception {
        start("Header always set X-Flag yes env=FLAG\nRewriteEngine On\n"
                + "RewriteRule ^/flag$ /a.txt [E=FLAG:on,L]\n");
        htdocs("a.txt", "a");

        assertThat(get("/flag").headers().firstValue("X-Flag")).hasValue("yes");
        assertThat(get("/a.txt").headers().firstValue("X-Flag")).isEmpty();
    }

    @Test
    void conditionsJoinedByOrNeedOnlyOne() throws Exception {
        start("RewriteEngine On\nRewriteCond %{HTTP_USER_AGENT} bot [NC,OR]\nRewriteCond %{HTTP_REFERER} spam\n"
                + "RewriteRule ^/ - [F]\n");
        htdocs("a.txt", "a");

        assertThat(get("/a.txt", "User-Agent", "GoogleBot").statusCode()).isEqualTo(403);
        assertThat(get("/a.txt", "Referer", "http://spam.example/").statusCode()).isEqualTo(403);
        assertThat(get("/a.txt", "User-Agent", "curl").statusCode()).isEqualTo(200);
    }

    @Test
    void aConditionOnAHeaderAddsItToVaryUnlessNv() throws Exception {
        start("RewriteEngine On\nRewriteCond %{HTTP:Accept} text\nRewriteRule ^/v$ /a.txt [L]\n"
                + "RewriteCond %{HTTP:Accept} text [NV]\nRewriteRule ^/nv$ /a.txt [L]\n");
        htdocs("a.txt", "a");

        assertThat(get("/v", "Accept", "text/html").headers().firstValue("Vary")).hasValue("Accept");
        assertThat(get("/nv", "Accept", "text/html").headers().firstValue("Vary")).isEmpty();
    }

    @Test
    void lexicographicAndIntegerConditionsCompare() throws Exception {
        start("RewriteEngine On\nRewriteCond %{QUERY_STRING} >m\nRewriteRule ^/gt$ /a.txt [L]\n"
                + "RewriteCond %{QUERY_STRING} -gt10\nRewriteRule ^/int$ /a.txt [L]\n"
                + "RewriteCond %{HTTP_HOST} =localhost\nRewriteRule ^/eq$ /a.txt [L]\n");
        htdocs("a.txt", "a");

        assertThat(get("/gt?zz").statusCode()).isEqualTo(200);
        assertThat(get("/gt?a").statusCode()).isEqualTo(404);
        assertThat(get("/int?11").statusCode()).isEqualTo(200);
        assertThat(get("/int?9").statusCode()).isEqualTo(404);
        assertThat(forHost("/eq", "localhost")).startsWith("HTTP/1.1 200 ");
        assertThat(forHost("/eq", "localhost:" + port)).startsWith("HTTP/1.1 404 ");
    }

    @Test
    void theTypeFlagSetsTheContentType() throws Exception {
        start("RewriteEngine On\nRewriteRule ^/data$ /a.txt [T=application/x-custom,L]\n");
        htdocs("a.txt", "a");

        assertThat(get("/data").headers().firstValue("Content-Type")).hasValue("application/x-custom");
    }

    @Test
    void passThroughHandsThePathToAlias() throws Exception {
        Files.createDirectories(root.resolve("elsewhere"));
        Files.writeString(root.resolve("elsewhere/f.txt"), "aliased");
        start("Alias /al " + root.resolve("elsewhere") + "\nRewriteEngine On\n"
                + "RewriteRule ^/pt/(.*)$ /al/$1 [PT]\nRewriteRule ^/nopt/(.*)$ /al/$1\n");

        assertThat(get("/pt/f.txt").body()).isEqualTo("aliased");
        // without PT the path is mapped under the DocumentRoot, as in httpd
        assertThat(get("/nopt/f.txt").statusCode()).isEqualTo(404);
    }

    @Test
    void aRelativeRedirectInAnAccessFileFollowsRewriteBase() throws Exception {
        start(HTACCESS);
        htdocs("blog/.htaccess", "RewriteEngine On\nRewriteBase /blog/\n"
                + "RewriteRule ^old-(\\w+)$ $1.html [R=301,L]\nRewriteRule ^p/(\\w+)$ $1.html [L]\n");
        htdocs("blog/post.html", "post");

        assertThat(get("/blog/old-post?x=1").headers().firstValue("Location"))
                .hasValue("http://127.0.0.1:" + port + "/blog/post.html?x=1");
        assertThat(get("/blog/p/post").body()).isEqualTo("post");
    }

    @Test
    void aDirectorySectionRewritesThePathBelowIt() throws Exception {
        start("<Directory htdocs/dir>\nRewriteEngine On\nRewriteRule ^y\\.html$ x.html [L]\n</Directory>\n");
        htdocs("dir/x.html", "x");

        assertThat(get("/dir/y.html").body()).isEqualTo("x");
    }

    @Test
    void aRuleThatRewritesForeverEndsAtTheLimitOfInternalRedirects() throws Exception {
        start(HTACCESS);
        htdocs("loop/.htaccess", "RewriteEngine On\nRewriteRule ^(.*)$ x/$1\n");

        assertThat(get("/loop/a").statusCode()).isEqualTo(500);
    }

    @Test
    void endStopsTheRulesOfTheInternalRedirectToo() throws Exception {
        start(HTACCESS);
        htdocs("endt/.htaccess", "RewriteEngine On\nRewriteRule ^a$ target.html [END]\n"
                + "RewriteRule ^target\\.html$ - [F]\nRewriteRule ^b$ target.html [L]\n");
        htdocs("endt/target.html", "target");

        assertThat(get("/endt/a").body()).isEqualTo("target");
        assertThat(get("/endt/b").statusCode()).isEqualTo(403);
    }

    @Test
    void aQuestionMarkFromTheRequestPathIsRefused() throws Exception {
        start("RewriteEngine On\nRewriteRule ^/unsafe/(.*)$ /a.txt$1 [L]\n");
        htdocs("a.txt", "a");

        // %3F decoded into the path must not become a query (httpd's UnsafeAllow3F)
        assertThat(get("/unsafe/%3Fx").statusCode()).isEqualTo(403);
    }

    @Test
    void aRedirectEscapesThePathUnlessNe() throws Exception {
        start("RewriteEngine On\nRewriteRule ^/esc$ http://example.com/a\\ b#frag [R,L]\n"
                + "RewriteRule ^/ne$ http://example.com/x#frag [R,NE,L]\n");

        assertThat(get("/esc").headers().firstValue("Location")).hasValue("http://example.com/a%20b%23frag");
        assertThat(get("/ne").headers().firstValue("Location")).hasValue("http://example.com/x#frag");
    }

    @Test
    void aVirtualHostDoesNotInheritTheMainServersRulesUnlessAsked() throws Exception {
        start("RewriteEngine On\nRewriteRule ^/main$ /a.txt [L]\n"
                + "<VirtualHost *:" + port + ">\nServerName plain.test\nRewriteRule ^/own$ /a.txt [L]\n</VirtualHost>\n"
                + "<VirtualHost *:" + port + ">\nServerName inherit.test\nRewriteOptions Inherit\n</VirtualHost>\n");
        htdocs("a.txt", "a");

        assertThat(forHost("/own", "plain.test")).startsWith("HTTP/1.1 200 ");
        assertThat(forHost("/main", "plain.test")).startsWith("HTTP/1.1 404 ");
        assertThat(forHost("/main", "inherit.test")).startsWith("HTTP/1.1 200 ");
    }

    @Test
    void engineOffInALocationTurnsTheServersRulesOffThere() throws Exception {
        start("RewriteEngine On\nRewriteRule ^/(a|b)$ /a.txt [L]\n<Location /b>\nRewriteEngine Off\n</Location>\n");
        htdocs("a.txt", "a");

        assertThat(get("/a").statusCode()).isEqualTo(200);
        assertThat(get("/b").statusCode()).isEqualTo(404);
    }

    @Test
    void withoutRewriteEngineOnTheRulesDoNothing() throws Exception {
        start("RewriteRule ^/a$ /a.txt [L]\n");
        htdocs("a.txt", "a");

        assertThat(get("/a").statusCode()).isEqualTo(404);
    }

    @Test
    void anIfModuleModRewriteSectionApplies() throws Exception {
        start(HTACCESS);
        htdocs("m/.htaccess", "<IfModule mod_rewrite.c>\nRewriteEngine On\nRewriteRule ^old$ new.txt [L]\n</IfModule>\n");
        htdocs("m/new.txt", "new");

        assertThat(get("/m/old").body()).isEqualTo("new");
    }

    @Test
    void anAccessFileNeedsFileInfoForItsRules() throws Exception {
        start("<Directory htdocs>\nAllowOverride Indexes\n</Directory>\n");
        htdocs("x/.htaccess", "RewriteEngine On\n");
        htdocs("x/a.txt", "a");

        assertThat(get("/x/a.txt").statusCode()).isEqualTo(500);
    }

    /** The raw response to a GET of {@code path} with {@code host} as its Host field. */
    private String forHost(String path, String host) throws Exception {
        return raw("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n");
    }
}
