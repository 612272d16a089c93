package org.sluice.http.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.sluice.config.ConfigException;
import org.sluice.testing.TestServer;

/** mod_mime's directives and AddDefaultCharset: what a file's extensions put on its response. */
class MimeTest extends HttpServerTestBase {

    private static final String TEXT = "All work and no play makes Jack a dull boy.\n".repeat(50);

    // ---- AddDefaultCharset ----

    @Test
    void addDefaultCharsetOnAddsIso88591ToTextPlain() throws Exception {
        start("AddDefaultCharset On\n");
        htdocs("hello.txt", "hello\n");
        assertThat(type(get("/hello.txt"))).isEqualTo("text/plain; charset=iso-8859-1");
    }

    @Test
    void addDefaultCharsetNamesTheCharsetToAdd() throws Exception {
        start("AddDefaultCharset utf-8\n");
        htdocs("page.html", "<p>hello</p>\n");
        assertThat(type(get("/page.html"))).isEqualTo("text/html; charset=utf-8");
    }

    @Test
    void addDefaultCharsetLeavesTypesOtherThanTextPlainAndHtmlAlone() throws Exception {
        start("AddDefaultCharset On\n");
        htdocs("image.png", "not really a png\n");
        assertThat(type(get("/image.png"))).isEqualTo("image/png");
    }

    @Test
    void addDefaultCharsetKeepsACharsetTheTypeAlreadyHas() throws Exception {
        start("AddDefaultCharset On\nAddType \"text/html; charset=utf-8\" .page\n");
        htdocs("a.page", "<p>hello</p>\n");
        assertThat(type(get("/a.page"))).isEqualTo("text/html; charset=utf-8");
    }

    @Test
    void addDefaultCharsetFollowsTheParametersOfTheType() throws Exception {
        start("AddDefaultCharset utf-8\nAddType \"text/plain; format=flowed\" .flow\n");
        htdocs("a.flow", "hello\n");
        assertThat(type(get("/a.flow"))).isEqualTo("text/plain; format=flowed; charset=utf-8");
    }

    @Test
    void addDefaultCharsetOffInASectionTurnsItOffThere() throws Exception {
        start("AddDefaultCharset On\n<Directory htdocs/raw>\nAddDefaultCharset Off\n</Directory>\n");
        htdocs("raw/a.txt", "hello\n");
        htdocs("a.txt", "hello\n");
        assertThat(type(get("/raw/a.txt"))).isEqualTo("text/plain");
        assertThat(type(get("/a.txt"))).isEqualTo("text/plain; charset=iso-8859-1");
    }

    @Test
    void addDefaultCharsetAppliesToATypeAHandlerSets() throws Exception {
        start(TestHandlersModule.LOAD + "AddDefaultCharset On\n<Location /echo>\nSetHandler method-echo\n</Location>\n");
        assertThat(type(get("/echo"))).isEqualTo("text/plain; charset=iso-8859-1");
    }

    @Test
    void addDefaultCharsetLeavesErrorPagesWithTheirOwnCharset() throws Exception {
        start("AddDefaultCharset utf-8\n");
        HttpResponse<String> response = get("/missing.html");
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(type(response)).isEqualTo("text/html; charset=iso-8859-1");
    }

    @Test
    void addDefaultCharsetIsInheritedByHtaccessAndSwitchedOffThere() throws Exception {
        start("AddDefaultCharset On\n<Directory htdocs>\nAllowOverride FileInfo\n</Directory>\n");
        htdocs("plain/.htaccess", "AddDefaultCharset Off\n");
        htdocs("plain/a.txt", "hello\n");
        assertThat(type(get("/plain/a.txt"))).isEqualTo("text/plain");
    }

    // ---- AddCharset, AddEncoding, AddLanguage, DefaultLanguage ----

    @Test
    void addCharsetAddsTheCharsetOfAnExtensionInLowerCase() throws Exception {
        start("AddCharset UTF-8 .utf8\n");
        htdocs("notes.utf8.txt", "hello\n");
        assertThat(type(get("/notes.utf8.txt"))).isEqualTo("text/plain; charset=utf-8");
    }

    @Test
    void addCharsetReplacesTheCharsetOfTheType() throws Exception {
        start("AddType \"text/html; charset=iso-8859-1; level=1\" .old\nAddCharset utf-8 .u\n");
        htdocs("page.old.u", "hello\n");
        assertThat(type(get("/page.old.u"))).isEqualTo("text/html; charset=utf-8; level=1");
    }

    @Test
    void forceTypeReplacesTheTypeAndItsExtensionCharset() throws Exception {
        start("AddCharset utf-8 .html\nAddLanguage en .en\n<Directory htdocs/forced>\nForceType text/plain\n</Directory>\n");
        htdocs("forced/page.html.en", "hello\n");
        HttpResponse<String> response = get("/forced/page.html.en");
        assertThat(type(response)).isEqualTo("text/plain");
        assertThat(response.headers().firstValue("Content-Language")).hasValue("en");
    }

    @Test
    void addEncodingSetsContentEncodingAndKeepsTheTypeOfTheOtherExtension() throws Exception {
        start("AddType application/x-tar .tar\nAddEncoding x-gzip .gz\n");
        htdocs("archive.tar.gz", "not really gzip\n");
        HttpResponse<String> response = get("/archive.tar.gz");
        assertThat(type(response)).isEqualTo("application/x-tar");
        assertThat(response.headers().firstValue("Content-Encoding")).hasValue("x-gzip");
    }

    @Test
    void everyEncodingIsListedInTheOrderOfTheExtensions() throws Exception {
        start("AddEncoding gzip .gz\nAddEncoding compress .Z\n");
        htdocs("data.txt.Z.gz", "twice\n");
        assertThat(get("/data.txt.Z.gz").headers().allValues("Content-Encoding")).containsExactly("compress, gzip");
    }

    @Test
    void deflateLeavesAFileWithAnEncodingAsItIs() throws Exception {
        start("SetOutputFilter DEFLATE\nAddEncoding gzip .gz\n");
        htdocs("page.html.gz", TEXT);
        HttpResponse<String> response = get("/page.html.gz", "Accept-Encoding", "gzip");
        assertThat(response.headers().allValues("Content-Encoding")).containsExactly("gzip");
        assertThat(response.headers().firstValue("Vary")).isEmpty();
        assertThat(response.body()).isEqualTo(TEXT);
    }

    @Test
    void addLanguageSetsContentLanguageWhereverTheExtensionIs() throws Exception {
        start("AddLanguage en .en\n");
        htdocs("page.html.en", "hello\n");
        htdocs("page.en.html", "hello\n");
        for (String path : new String[] {"/page.html.en", "/page.en.html"}) {
            HttpResponse<String> response = get(path);
            assertThat(type(response)).isEqualTo("text/html");
            assertThat(response.headers().firstValue("Content-Language")).hasValue("en");
        }
    }

    @Test
    void severalLanguagesAreJoinedWithCommas() throws Exception {
        start("AddLanguage fr .fr\nAddLanguage de .de\n");
        htdocs("page.html.fr.de", "bonjour, hallo\n");
        assertThat(get("/page.html.fr.de").headers().allValues("Content-Language")).containsExactly("fr,de");
    }

    @Test
    void defaultLanguageAppliesToAFileWithoutALanguageExtension() throws Exception {
        start("AddLanguage en .en\nDefaultLanguage it\n");
        htdocs("a.txt", "ciao\n");
        htdocs("b.txt.en", "hello\n");
        assertThat(get("/a.txt").headers().firstValue("Content-Language")).hasValue("it");
        assertThat(get("/b.txt.en").headers().firstValue("Content-Language")).hasValue("en");
    }

    @Test
    void anErrorResponseHasNoEncodingNorLanguage() throws Exception {
        start("AddEncoding gzip .gz\nDefaultLanguage it\n");
        HttpResponse<String> response = get("/missing.html.gz");
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("Content-Encoding")).isEmpty();
        assertThat(response.headers().firstValue("Content-Language")).isEmpty();
    }

    @Test
    void aNotModifiedResponseHasNoTypeEncodingNorLanguage() throws Exception {
        start("AddDefaultCharset On\nAddEncoding gzip .gz\nAddLanguage en .en\n");
        htdocs("page.html.en.gz", "hello\n");
        String etag = get("/page.html.en.gz").headers().firstValue("ETag").orElseThrow();
        String reply = raw("GET /page.html.en.gz HTTP/1.1\r\nHost: x\r\nIf-None-Match: " + etag
                + "\r\nConnection: close\r\n\r\n");
        assertThat(reply).startsWith("HTTP/1.1 304 ").doesNotContain("Content-Type")
                .doesNotContain("Content-Encoding").doesNotContain("Content-Language");
    }

    @Test
    void headGetsTheEncodingAndLanguageOfGet() throws Exception {
        start("AddEncoding gzip .gz\nAddLanguage en .en\n");
        htdocs("page.html.en.gz", "hello\n");
        String reply = raw("HEAD /page.html.en.gz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        assertThat(reply).contains("\r\nContent-Encoding: gzip\r\n").contains("\r\nContent-Language: en\r\n");
    }

    // ---- extensions ----

    @Test
    void extensionsMatchInAnyCaseWithOrWithoutTheirDot() throws Exception {
        start("AddLanguage EN En\nAddEncoding gzip .GZ\n");
        htdocs("PAGE.HTML.en.Gz", "hello\n");
        HttpResponse<String> response = get("/PAGE.HTML.en.Gz");
        assertThat(type(response)).isEqualTo("text/html");
        assertThat(response.headers().firstValue("Content-Language")).hasValue("en");
        assertThat(response.headers().firstValue("Content-Encoding")).hasValue("gzip");
    }

    @Test
    void aLeadingDotIsPartOfTheBaseName() throws Exception {
        start("");
        htdocs(".png", "a hidden file named png\n");
        htdocs("..x.png", "an image\n");
        assertThat(get("/.png").headers().firstValue("Content-Type")).isEmpty();
        assertThat(type(get("/..x.png"))).isEqualTo("image/png");
    }

    // ---- Remove* ----

    @Test
    void removeTypeAlsoTakesAwayTheTypesConfigType() throws Exception {
        start("<Directory htdocs/untyped>\nRemoveType .txt\n</Directory>\n");
        htdocs("untyped/a.txt", "hello\n");
        htdocs("a.txt", "hello\n");
        assertThat(get("/untyped/a.txt").headers().firstValue("Content-Type")).isEmpty();
        assertThat(type(get("/a.txt"))).isEqualTo("text/plain");
    }

    @Test
    void removeLanguageUndoesAnInheritedLanguageInASubdirectory() throws Exception {
        start("AddLanguage en .en\nDefaultLanguage it\n<Directory htdocs/sub>\nRemoveLanguage .en\n</Directory>\n");
        htdocs("sub/page.html.en", "hello\n");
        assertThat(get("/sub/page.html.en").headers().firstValue("Content-Language")).hasValue("it");
    }

    @Test
    void removeCharsetAndRemoveEncodingUndoInheritedMappings() throws Exception {
        start("AddCharset utf-8 .utf8\nAddEncoding gzip .gz\n"
                + "<Directory htdocs/sub>\nRemoveCharset utf8\nRemoveEncoding .gz\n</Directory>\n");
        htdocs("sub/a.utf8.txt.gz", "hello\n");
        HttpResponse<String> response = get("/sub/a.utf8.txt.gz");
        assertThat(type(response)).isEqualTo("text/plain");
        assertThat(response.headers().firstValue("Content-Encoding")).isEmpty();
    }

    @Test
    void removeHandlerInHtaccessServesTheFileItself() throws Exception {
        start(TestHandlersModule.LOAD + "AddHandler json-writer .txt\n<Directory htdocs>\nAllowOverride FileInfo\n</Directory>\n");
        htdocs("api/a.txt", "hello\n");
        htdocs("static/.htaccess", "RemoveHandler .txt\n");
        htdocs("static/a.txt", "hello\n");
        assertThat(type(get("/api/a.txt"))).isEqualTo("application/json");
        HttpResponse<String> response = get("/static/a.txt");
        assertThat(type(response)).isEqualTo("text/plain");
        assertThat(response.body()).isEqualTo("hello\n");
    }

    @Test
    void removeOutputFilterUndoesAnInheritedAddOutputFilter() throws Exception {
        start("AddOutputFilter DEFLATE .txt\n<Directory htdocs/sub>\nRemoveOutputFilter .txt\n</Directory>\n");
        htdocs("a.txt", TEXT);
        htdocs("sub/a.txt", TEXT);
        assertThat(get("/a.txt", "Accept-Encoding", "gzip").headers().firstValue("Content-Encoding")).hasValue("gzip");
        assertThat(get("/sub/a.txt", "Accept-Encoding", "gzip").headers().firstValue("Content-Encoding")).isEmpty();
    }

    @Test
    void aRemoveTakesAwayTheMappingOfItsOwnSectionWhateverTheOrder() throws Exception {
        start("<Directory htdocs/sub>\nRemoveLanguage .fr\nAddLanguage fr .fr\n</Directory>\n");
        htdocs("sub/a.txt.fr", "bonjour\n");
        assertThat(get("/sub/a.txt.fr").headers().firstValue("Content-Language")).isEmpty();
    }

    @Test
    void aSubdirectoryMayAddAgainWhatItsParentRemoved() throws Exception {
        start("AddLanguage fr .fr\n<Directory htdocs/a>\nRemoveLanguage .fr\n</Directory>\n"
                + "<Directory htdocs/a/b>\nAddLanguage fr-ca .fr\n</Directory>\n");
        htdocs("a/b/c.txt.fr", "bonjour\n");
        htdocs("a/c.txt.fr", "bonjour\n");
        assertThat(get("/a/b/c.txt.fr").headers().firstValue("Content-Language")).hasValue("fr-ca");
        assertThat(get("/a/c.txt.fr").headers().firstValue("Content-Language")).isEmpty();
    }

    // ---- configuration ----

    @Test
    void ifModuleMimeBlocksApply() throws Exception {
        start("<IfModule mod_mime.c>\nAddLanguage en .en\n</IfModule>\n<IfModule !mime_module>\nAddLanguage de .en\n</IfModule>\n");
        htdocs("a.txt.en", "hello\n");
        assertThat(get("/a.txt.en").headers().firstValue("Content-Language")).hasValue("en");
    }

    @Test
    void aModMimeDirectiveSluiceLacksIsRefusedInIfModuleMime() {
        assertRefused("<IfModule mod_mime.c>\nMultiviewsMatch Any\n</IfModule>", 2,
                "Invalid command 'MultiviewsMatch', perhaps misspelled or defined by a module not included in the"
                        + " server configuration");
    }

    @Test
    void missingArgumentsAreRefusedWithHttpdsMessages() {
        assertRefused("AddCharset utf-8", 1,
                "AddCharset requires at least two arguments, a charset (e.g., iso-2022-jp), followed by one or more"
                        + " file extensions");
        assertRefused("AddEncoding gzip", 1,
                "AddEncoding requires at least two arguments, an encoding (e.g., gzip), followed by one or more"
                        + " file extensions");
        assertRefused("AddLanguage", 1,
                "AddLanguage requires at least two arguments, a language (e.g., fr), followed by one or more"
                        + " file extensions");
        assertRefused("RemoveType", 1, "RemoveType requires at least one argument, one or more file extensions");
        assertRefused("DefaultLanguage en fr", 1,
                "DefaultLanguage takes one argument, language to use for documents with no other language file"
                        + " extension");
        assertRefused("AddDefaultCharset", 1,
                "AddDefaultCharset takes one argument, The name of the default charset to add to any Content-Type"
                        + " without one or 'Off' to disable");
    }

    private static String type(HttpResponse<String> response) {
        return response.headers().firstValue("Content-Type").orElse(null);
    }

    /** {@code config} after a first line that loads the module: its line {@code line + 1}. */
    private void assertRefused(String config, int line, String message) {
        assertThatThrownBy(() -> TestServer.check(root, "LoadModule http\n" + config + "\n"))
                .isInstanceOfSatisfying(ConfigException.class, e -> {
                    assertThat(e.getMessage()).isEqualTo(message);
                    assertThat(e.location().line()).isEqualTo(line + 1);
                });
    }
}
