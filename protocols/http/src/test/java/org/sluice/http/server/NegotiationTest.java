package org.sluice.http.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.sluice.config.ConfigException;
import org.sluice.testing.TestServer;

/**
 * mod_negotiation: {@code Options MultiViews}, {@code LanguagePriority} and
 * {@code ForceLanguagePriority}. The expected answers are httpd 2.4's on the same files.
 */
class NegotiationTest extends HttpServerTestBase {

    private static final String LANGUAGES = "AddLanguage en .en\nAddLanguage de .de\nAddLanguage fr .fr\n"
            + "AddCharset UTF-8 .utf8\nAddEncoding gzip .gz\n"
            + "<Directory htdocs>\nOptions +MultiViews\nLanguagePriority de en fr\n</Directory>\n";

    private void aboutPages() throws Exception {
        htdocs("about.html.en", "english\n");
        htdocs("about.html.de", "deutsch!\n");
        htdocs("about.html.fr", "fr\n");
    }

    @Test
    void theVariantInTheAcceptedLanguageIsServedWithContentLocationVaryAndTcn() throws Exception {
        start(LANGUAGES);
        aboutPages();

        HttpResponse<String> response = get("/about", "Accept-Language", "fr");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("fr\n");
        assertThat(response.headers().firstValue("Content-Location")).hasValue("about.html.fr");
        assertThat(response.headers().firstValue("Vary")).hasValue("negotiate,accept-language");
        assertThat(response.headers().firstValue("TCN")).hasValue("choice");
        assertThat(response.headers().firstValue("Content-Language")).hasValue("fr");
        assertThat(response.headers().firstValue("Content-Type")).hasValue("text/html");
    }

    @Test
    void withoutAcceptLanguageLanguagePriorityChooses() throws Exception {
        start(LANGUAGES);
        aboutPages();

        assertThat(get("/about").body()).isEqualTo("deutsch!\n");
    }

    @Test
    void aLanguageRangeMatchesItsSubtags() throws Exception {
        start(LANGUAGES + "AddLanguage en-gb .en-gb\n");
        htdocs("about.html.en-gb", "british\n");
        htdocs("about.html.de", "deutsch!\n");

        assertThat(get("/about", "Accept-Language", "en").body()).isEqualTo("british\n");
    }

    @Test
    void qValuesOfAcceptLanguageOrderTheLanguages() throws Exception {
        start(LANGUAGES);
        aboutPages();

        assertThat(get("/about", "Accept-Language", "de;q=0.5, en;q=0.8, fr;q=0.1").body()).isEqualTo("english\n");
    }

    @Test
    void noAcceptableLanguageIsNotAcceptableWithTheListOfVariants() throws Exception {
        start(LANGUAGES);
        aboutPages();

        HttpResponse<String> response = get("/about", "Accept-Language", "it");

        assertThat(response.statusCode()).isEqualTo(406);
        assertThat(response.headers().firstValue("Alternates")).hasValue("{\"about.html.de\" 1 {type text/html}"
                + " {language de} {length 9}}, {\"about.html.en\" 1 {type text/html} {language en} {length 8}},"
                + " {\"about.html.fr\" 1 {type text/html} {language fr} {length 3}}");
        assertThat(response.headers().firstValue("Vary")).hasValue("negotiate,accept-language");
        assertThat(response.headers().firstValue("TCN")).hasValue("list");
        assertThat(response.body()).isEqualTo("<!DOCTYPE HTML PUBLIC \"-//W3C//DTD HTML 4.01//EN\""
                + " \"http://www.w3.org/TR/html4/strict.dtd\">\n<html><head>\n<title>406 Not Acceptable</title>\n"
                + "</head><body>\n<h1>Not Acceptable</h1>\n<p>An appropriate representation of the requested resource"
                + " could not be found on this server.</p>\nAvailable variants:\n<ul>\n"
                + "<li><a href=\"about.html.de\">about.html.de</a> , type text/html, language de</li>\n"
                + "<li><a href=\"about.html.en\">about.html.en</a> , type text/html, language en</li>\n"
                + "<li><a href=\"about.html.fr\">about.html.fr</a> , type text/html, language fr</li>\n"
                + "</ul>\n</body></html>\n");
    }

    @Test
    void forceLanguagePriorityFallbackServesThePreferredLanguageInsteadOf406() throws Exception {
        start(LANGUAGES + "<Directory htdocs>\nForceLanguagePriority Fallback\n</Directory>\n");
        aboutPages();

        HttpResponse<String> response = get("/about", "Accept-Language", "it");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("deutsch!\n");
    }

    @Test
    void acceptChoosesTheType() throws Exception {
        start(LANGUAGES);
        htdocs("page.html", "plain\n");
        htdocs("page.txt", "textplain\n");

        HttpResponse<String> response = get("/page", "Accept", "text/plain");

        assertThat(response.body()).isEqualTo("textplain\n");
        assertThat(response.headers().firstValue("Vary")).hasValue("negotiate,accept");
        assertThat(get("/page").body()).isEqualTo("plain\n");
    }

    @Test
    void withEqualQualitiesTheSmallestVariantIsServed() throws Exception {
        start(LANGUAGES);
        htdocs("page.html", "plain\n");
        htdocs("page.txt", "textplain\n");

        assertThat(get("/page", "Accept", "text/*").body()).isEqualTo("plain\n");
    }

    @Test
    void aCharsetTheClientDoesNotAcceptIsNotAcceptable() throws Exception {
        start(LANGUAGES);
        htdocs("cs.html.utf8", "c\n");

        HttpResponse<String> response = get("/cs", "Accept-Charset", "iso-8859-1");

        assertThat(response.statusCode()).isEqualTo(406);
        assertThat(response.headers().firstValue("Alternates"))
                .hasValue("{\"cs.html.utf8\" 1 {type text/html} {charset utf-8} {length 2}}");
        assertThat(response.headers().firstValue("Vary")).hasValue("negotiate");
    }

    @Test
    void anEncodedVariantTakesTheCodingNameTheClientUses() throws Exception {
        start(LANGUAGES.replace("AddEncoding gzip", "AddEncoding x-gzip"));
        htdocs("only.html.gz", "x");

        assertThat(get("/only", "Accept-Encoding", "gzip").headers().firstValue("Content-Encoding")).hasValue("gzip");
        assertThat(get("/only").headers().firstValue("Content-Encoding")).hasValue("x-gzip");
    }

    @Test
    void aPostIsNegotiatedWithoutContentLocationOrTcn() throws Exception {
        start(LANGUAGES);
        aboutPages();

        HttpResponse<String> response = send("POST", "/about", "Accept-Language", "en");

        assertThat(response.body()).isEqualTo("english\n");
        assertThat(response.headers().firstValue("Vary")).hasValue("accept-language");
        assertThat(response.headers().firstValue("Content-Location")).isEmpty();
        assertThat(response.headers().firstValue("TCN")).isEmpty();
    }

    @Test
    void theEtagNamesTheVariantListToo() throws Exception {
        start(LANGUAGES);
        aboutPages();

        assertThat(get("/about").headers().firstValue("ETag")).hasValueSatisfying(
                tag -> assertThat(tag).matches("\"9-[0-9a-f]+;[0-9a-f]+\""));
    }

    @Test
    void aVariantInADeniedFilesSectionIsNotOffered() throws Exception {
        start(LANGUAGES + "<Files \"secret.html\">\nRequire all denied\n</Files>\n");
        // the smaller, chosen if it were offered
        htdocs("secret.html", "s\n");
        htdocs("secret.txt", "open\n");

        HttpResponse<String> response = get("/secret");

        assertThat(response.body()).isEqualTo("open\n");
        assertThat(response.headers().firstValue("Content-Location")).hasValue("secret.txt");
    }

    @Test
    void aFileWithAnUnknownExtensionIsNoVariant() throws Exception {
        start(LANGUAGES);
        htdocs("unk.foo", "foo\n");
        htdocs("about.bak", "old\n");
        htdocs("about.html.en", "english\n");

        assertThat(get("/unk").statusCode()).isEqualTo(404);
        assertThat(get("/about").body()).isEqualTo("english\n");
    }

    @Test
    void onlyWhereMultiViewsAppliesIsAMissingFileNegotiated() throws Exception {
        start(LANGUAGES + "<Directory htdocs/plain>\nOptions -MultiViews\n</Directory>\n");
        aboutPages();
        htdocs("plain/about.html.en", "english\n");

        assertThat(get("/about").statusCode()).isEqualTo(200);
        assertThat(get("/plain/about").statusCode()).isEqualTo(404);
    }

    @Test
    void anExistingFileIsServedItselfAndItsNameWithoutExtensionIsNegotiated() throws Exception {
        start(LANGUAGES);
        htdocs("page.html", "plain\n");
        htdocs("page.html.en", "english\n");

        HttpResponse<String> existing = get("/page.html", "Accept-Language", "en");
        HttpResponse<String> negotiated = get("/page", "Accept-Language", "en");

        assertThat(existing.body()).isEqualTo("plain\n");
        assertThat(existing.headers().firstValue("Vary")).isEmpty();
        assertThat(negotiated.body()).isEqualTo("english\n");
    }

    @Test
    void aDirectoryIndexIsNegotiated() throws Exception {
        start(LANGUAGES + "DirectoryIndex index\n");
        htdocs("idx/index.html.en", "idx en\n");
        htdocs("idx/index.html.de", "idx de\n");

        HttpResponse<String> response = get("/idx/", "Accept-Language", "en");

        assertThat(response.body()).isEqualTo("idx en\n");
        assertThat(response.headers().firstValue("Content-Location")).hasValue("index.html.en");
        assertThat(response.headers().firstValue("ETag")).hasValueSatisfying(tag -> assertThat(tag).doesNotContain(";"));
    }

    @Test
    void forceLanguagePriorityRefusesNoneWithAnotherOption() {
        assertThatThrownBy(() -> TestServer.check(root, "LoadModule http\nForceLanguagePriority Prefer None\n"))
                .isInstanceOfSatisfying(ConfigException.class, e -> {
                    assertThat(e.getMessage()).contains("Cannot combine ForceLanguagePriority options with None");
                    assertThat(e.location().line()).isEqualTo(2);
                });
        assertThatThrownBy(() -> TestServer.check(root, "LoadModule http\nForceLanguagePriority None Fallback\n"))
                .hasMessageContaining("Cannot combine ForceLanguagePriority options None and Fallback");
    }

    @Test
    void forceLanguagePriorityRefusesAnUnknownWord() {
        assertThatThrownBy(() -> TestServer.check(root, "LoadModule http\nForceLanguagePriority Always\n"))
                .hasMessageContaining("Invalid ForceLanguagePriority option Always");
    }

    @Test
    void negotiationModuleIsProvided() throws Exception {
        TestServer.check(root, "LoadModule http\n"
                + "LoadModule negotiation_module /usr/lib/apache2/modules/mod_negotiation.so\n"
                + "<IfModule mod_negotiation.c>\nLanguagePriority en\nForceLanguagePriority Prefer Fallback\n"
                + "</IfModule>\n");
    }
}
