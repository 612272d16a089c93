package org.sluice.http.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * mod_rewrite's flags {@code B} (and {@code B=}, {@code BNP}, {@code BNE}, {@code BCTLS}),
 * {@code N} and {@code CO}, through a real server, answered as httpd 2.4 answers the same
 * configuration and request.
 */
class RewriteFlagsTest extends HttpServerTestBase {

    @Test
    void aProxyRuleWithoutTheProxyModuleIsForbidden() throws Exception {
        start("RewriteEngine On\nRewriteRule ^/p/(.*) http://127.0.0.1:9/$1 [P]\n");

        assertThat(get("/p/x").statusCode()).isEqualTo(403);
    }

    @Test
    void bEscapesTheBackReferencesOfTheDecodedPath() throws Exception {
        start("RewriteEngine On\nRewriteRule ^/b/(.*) /show?t=$1 [B,R,NE,L]\n");

        assertThat(location("/b/a%20b%26c/d%3F")).endsWith("/show?t=a+b%26c%2fd%3f");
    }

    @Test
    void bWithCharactersEscapesOnlyThose() throws Exception {
        start("RewriteEngine On\nRewriteRule ^/b/(.*) /show?t=$1 [B=&?,R,NE,L]\n");

        assertThat(location("/b/a%26c/d%3F_.x")).endsWith("/show?t=a%26c/d%3f_.x");
    }

    @Test
    void bnpEscapesABlankAsPercent20() throws Exception {
        start("RewriteEngine On\nRewriteRule ^/b/(.*) /show/$1 [B,BNP,R,NE,L]\n");

        assertThat(location("/b/a%20b")).endsWith("/show/a%20b");
    }

    @Test
    void bneLeavesItsCharactersAlone() throws Exception {
        start("RewriteEngine On\nRewriteRule ^/b/(.*) /show?t=$1 [B,BNE=/,R,NE,L]\n");

        assertThat(location("/b/a/b%26")).endsWith("/show?t=a/b%26");
    }

    @Test
    void bctlsEscapesOnlyControlsAndBlanks() throws Exception {
        start("RewriteEngine On\nRewriteCond %{HTTP:X-Term} (.*)\nRewriteRule ^/b$ /show?t=%1 [BCTLS,R,NE,L]\n");

        String response = raw("GET /b HTTP/1.1\r\nHost: localhost\r\nX-Term: a b/c&\td\r\nConnection: close\r\n\r\n");

        assertThat(response).contains("/show?t=a+b/c&%09d\r\n");
    }

    @Test
    void bEscapesTheConditionsBackReferencesToo() throws Exception {
        start("RewriteEngine On\nRewriteCond %{QUERY_STRING} ^q=(.*)$\nRewriteRule ^/c$ /show/%1? [B,R,NE,L]\n");

        assertThat(location("/c?q=a%20b")).endsWith("/show/a%2520b");
    }

    @Test
    void nStartsTheRulesAgainWithTheRewrittenPath() throws Exception {
        start("RewriteEngine On\nRewriteRule ^/n/x(.*) /n/$1 [N]\nRewriteRule ^/n/$ /one.txt [L]\n");
        htdocs("one.txt", "one");

        assertThat(get("/n/xxxx").body()).isEqualTo("one");
    }

    @Test
    void nWithAMaximumAnswers500WhenTheRoundsReachIt() throws Exception {
        start("RewriteEngine On\nRewriteRule ^/n/x(.*) /n/$1 [N=5]\nRewriteRule ^/n/$ /one.txt [L]\n");
        htdocs("one.txt", "one");

        assertThat(get("/n/xxx").statusCode()).isEqualTo(200);
        assertThat(get("/n/xxxx").statusCode()).isEqualTo(500);
    }

    @Test
    void aRuleThatStartsTheRulesAgainForeverAnswers500() throws Exception {
        start("RewriteEngine On\nRewriteRule ^/loop$ /loop [N]\n");

        assertThat(get("/loop").statusCode()).isEqualTo(500);
    }

    @Test
    void coSetsACookieInHttpdsFormat() throws Exception {
        start("RewriteEngine On\nRewriteRule ^/co$ - [CO=id:$0:.example.com:10:/app:true:1:Lax]\n");
        htdocs("co", "co");

        Instant before = Instant.now().minusSeconds(1);
        HttpResponse<String> response = get("/co");
        Instant after = Instant.now().plusSeconds(1);

        String cookie = response.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(cookie).matches("id=/co; path=/app; domain=.example.com; expires=[^;]+ GMT; secure; HttpOnly;"
                + " SameSite=Lax");
        String date = cookie.replaceAll(".*expires=([^;]+);.*", "$1");
        Instant expires = ZonedDateTime.parse(date,
                DateTimeFormatter.ofPattern("EEE, dd-MMM-yyyy HH:mm:ss 'GMT'", Locale.ROOT).withZone(
                        java.time.ZoneOffset.UTC)).toInstant();
        assertThat(expires).isBetween(before.plus(Duration.ofMinutes(10)), after.plus(Duration.ofMinutes(10)));
    }

    @Test
    void aCookieWithoutTheOptionalFieldsIsASessionCookieForTheWholeSite() throws Exception {
        start("RewriteEngine On\nRewriteRule ^/co$ - [CO=n:v:.example.com:0:/p:no:no:false]\n"
                + "RewriteRule ^/co$ - [CO=m:v:.example.com]\n");
        htdocs("co", "co");

        assertThat(get("/co").headers().allValues("Set-Cookie"))
                .containsExactly("n=v; path=/p; domain=.example.com", "m=v; path=/; domain=.example.com");
    }

    @Test
    void aCookieNameIsSetOncePerRequest() throws Exception {
        start("RewriteEngine On\nRewriteRule ^/co$ - [CO=n:first:d,CO=n:second:d]\n");
        htdocs("co", "co");

        assertThat(get("/co").headers().allValues("Set-Cookie")).containsExactly("n=first; path=/; domain=d");
    }

    @Test
    void aCookieStartingWithASemicolonIsSeparatedBySemicolons() throws Exception {
        start("RewriteEngine On\nRewriteRule ^/co$ - [CO=;n;a:b;dom;;;secure]\n");
        htdocs("co", "co");

        // as httpd, empty fields are skipped: "secure" is read as the lifetime
        assertThat(get("/co").headers().allValues("Set-Cookie")).containsExactly("n=a:b; path=/; domain=dom");
    }

    @Test
    void aCookieIsSentWithAnErrorStatusToo() throws Exception {
        start("RewriteEngine On\nRewriteRule ^/co$ - [CO=e:1:d,F]\n");

        HttpResponse<String> response = get("/co");

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.headers().allValues("Set-Cookie")).containsExactly("e=1; path=/; domain=d");
    }

    private String location(String path) throws Exception {
        return get(path).headers().firstValue("Location").orElse("(none)");
    }
}
