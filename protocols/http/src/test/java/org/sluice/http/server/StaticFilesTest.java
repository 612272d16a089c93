package org.sluice.http.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

class StaticFilesTest extends HttpServerTestBase {

    @Test
    void servesAFileWithValidators() throws Exception {
        start("");
        htdocs("hello.html", "<p>hello</p>\n");
        HttpResponse<String> response = get("/hello.html");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("<p>hello</p>\n");
        assertThat(response.headers().firstValue("Content-Type")).hasValue("text/html");
        assertThat(response.headers().firstValue("Content-Length")).hasValue("13");
        assertThat(response.headers().firstValue("ETag")).hasValueSatisfying(e -> assertThat(e).matches("\"d-[0-9a-f]+\""));
        assertThat(response.headers().firstValue("Last-Modified")).isPresent();
    }

    @Test
    void aFileAskedForAsADirectoryIsNotFoundSoAUrlRuleAnchoredAtItsEndCannotBeSkipped() throws Exception {
        start("<LocationMatch \"\\.bak$\">\nRequire all denied\n</LocationMatch>\n"
                + "Alias /aliased/ \"" + root.resolve("other") + "/\"\n");
        htdocs("x.bak", "secret");
        htdocs("a.txt", "AAA");
        Files.createDirectories(root.resolve("other"));
        Files.writeString(root.resolve("other/b.txt"), "BBB");

        assertThat(get("/x.bak").statusCode()).isEqualTo(403);
        HttpResponse<String> slashed = get("/x.bak/");
        assertThat(slashed.statusCode()).isEqualTo(404);
        assertThat(slashed.body()).doesNotContain("secret");
        assertThat(get("/a.txt/").statusCode()).isEqualTo(404);
        assertThat(get("/aliased/b.txt/").statusCode()).isEqualTo(404);
        assertThat(get("/a.txt").body()).isEqualTo("AAA");
        assertThat(get("/aliased/b.txt").body()).isEqualTo("BBB");
    }

    @Test
    void aSmallFileChangedOnDiskIsServedFresh() throws Exception {
        start("");
        java.nio.file.Path file = htdocs("c.txt", "first");
        java.time.Instant then = java.time.Instant.now().minusSeconds(60);
        Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.from(then));
        assertThat(get("/c.txt").body()).isEqualTo("first");
        assertThat(get("/c.txt").body()).isEqualTo("first");
        Files.writeString(file, "other");
        Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.from(then.plusSeconds(1)));
        assertThat(get("/c.txt").body()).isEqualTo("other");
        Files.writeString(file, "longer now");
        assertThat(get("/c.txt").body()).isEqualTo("longer now");
        assertThat(get("/c.txt", "Range", "bytes=2-4").body()).isEqualTo("nge");
    }

    @Test
    void eachRequestOnAKeptAliveConnectionSeesTheFileAsItWasWhenItWasSent() throws Exception {
        start("");
        java.nio.file.Path file = root.resolve("htdocs/d.txt");
        java.time.Instant then = java.time.Instant.now().minusSeconds(60);
        String request = "GET /d.txt HTTP/1.1\r\nHost: localhost\r\n\r\n";
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            java.io.InputStream in = socket.getInputStream();
            for (int i = 0; i < 20; i++) {
                // settled files (an old time) are kept in memory: only a fresh look at the file tells
                htdocs("d.txt", "version " + i);
                Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.from(then.plusSeconds(i)));
                socket.getOutputStream().write(request.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                assertThat(readResponse(in)).startsWith("HTTP/1.1 200 ").endsWith("\r\n\r\nversion " + i);

                Files.delete(file);
                socket.getOutputStream().write(request.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                assertThat(readResponse(in)).startsWith("HTTP/1.1 404 ");
            }
        }
    }

    @Test
    void headHasTheHeadersButNoBody() throws Exception {
        start("");
        htdocs("a.txt", "some text");
        String reply = raw("HEAD /a.txt HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        assertThat(reply).startsWith("HTTP/1.1 200 OK\r\n").contains("Content-Length: 9\r\n").endsWith("\r\n\r\n");
    }

    @Test
    void conditionalRequestsGet304And412() throws Exception {
        start("");
        htdocs("a.txt", "some text");
        HttpResponse<String> first = get("/a.txt");
        String etag = first.headers().firstValue("ETag").orElseThrow();
        String modified = first.headers().firstValue("Last-Modified").orElseThrow();
        assertThat(get("/a.txt", "If-None-Match", etag).statusCode()).isEqualTo(304);
        assertThat(get("/a.txt", "If-Modified-Since", modified).statusCode()).isEqualTo(304);
        assertThat(get("/a.txt", "If-None-Match", "\"other\"").statusCode()).isEqualTo(200);
        assertThat(get("/a.txt", "If-Match", "\"other\"").statusCode()).isEqualTo(412);
        assertThat(get("/a.txt", "If-Unmodified-Since", "Sat, 01 Jan 2000 00:00:00 GMT").statusCode()).isEqualTo(412);
        assertThat(get("/a.txt", "If-Match", etag).statusCode()).isEqualTo(200);
        // "*" names any tag only as the whole field, as httpd reads it
        assertThat(get("/a.txt", "If-None-Match", "*").statusCode()).isEqualTo(304);
        assertThat(get("/a.txt", "If-None-Match", "W/\"x\", *").statusCode()).isEqualTo(200);
        assertThat(get("/a.txt", "If-Match", "\"x\", *").statusCode()).isEqualTo(412);
    }

    @Test
    void aFailedPreconditionIsAnEmpty412WithTheFilesFieldsAsFromHttpdsDefaultHandler() throws Exception {
        start("");
        htdocs("a.txt", "some text");
        String reply = raw("GET /a.txt HTTP/1.1\r\nHost: x\r\nConnection: close\r\nIf-Match: \"other\"\r\n\r\n");
        assertThat(reply).startsWith("HTTP/1.1 412 ").contains("\r\nContent-Length: 0\r\n")
                .contains("\r\nContent-Type: text/plain\r\n").contains("\r\nETag: ").endsWith("\r\n\r\n");
    }

    @Test
    void anIfModifiedSinceLaterThanTheRequestIsIgnored() throws Exception {
        start("");
        htdocs("a.txt", "some text");
        assertThat(get("/a.txt", "If-Modified-Since", "Thu, 01 Jan 2099 00:00:00 GMT")
                .statusCode()).isEqualTo(200);
    }

    @Test
    void postIsServedTheFileAsHttpdsDefaultHandlerServesIt() throws Exception {
        start("");
        htdocs("a.txt", "some text");
        htdocs("idx/index.html", "index");
        Files.createDirectories(root.resolve("htdocs/empty"));
        String post = "POST %s HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: 3\r\n\r\nx=1";
        assertThat(raw(post.formatted("/a.txt"))).startsWith("HTTP/1.1 200 ").endsWith("\r\n\r\nsome text");
        assertThat(raw(post.formatted("/idx/"))).startsWith("HTTP/1.1 200 ").endsWith("\r\n\r\nindex");
        assertThat(raw(post.formatted("/idx"))).startsWith("HTTP/1.1 301 ");
        // no listing for POST (mod_autoindex lists for GET), and no file to serve
        assertThat(raw(post.formatted("/empty/"))).startsWith("HTTP/1.1 404 ");
        assertThat(raw(post.formatted("/none.txt"))).startsWith("HTTP/1.1 404 ");
        // a tag that matches fails a POST: 412, not 304
        assertThat(raw("POST /a.txt HTTP/1.1\r\nHost: x\r\nConnection: close\r\nIf-None-Match: *\r\n"
                + "Content-Length: 0\r\n\r\n")).startsWith("HTTP/1.1 412 ");
    }

    @Test
    void singleRangesArePartialAndUnsatisfiableIs416() throws Exception {
        start("");
        htdocs("digits.txt", "0123456789");
        HttpResponse<String> partial = get("/digits.txt", "Range", "bytes=2-4");
        assertThat(partial.statusCode()).isEqualTo(206);
        assertThat(partial.body()).isEqualTo("234");
        assertThat(partial.headers().firstValue("Content-Range")).hasValue("bytes 2-4/10");
        assertThat(get("/digits.txt", "Range", "bytes=-3").body()).isEqualTo("789");
        HttpResponse<String> unsatisfiable = get("/digits.txt", "Range", "bytes=20-");
        assertThat(unsatisfiable.statusCode()).isEqualTo(416);
        assertThat(unsatisfiable.headers().firstValue("Content-Range")).hasValue("bytes */10");
        // empty list elements count for nothing
        HttpResponse<String> listed = get("/digits.txt", "Range", "bytes=0-4, ,");
        assertThat(listed.statusCode()).isEqualTo(206);
        assertThat(listed.body()).isEqualTo("01234");
    }

    @Test
    void severalRangesAreAMultipartBodyAsHttpdSendsIt() throws Exception {
        start("");
        htdocs("digits.txt", "0123456789");
        String reply = raw("GET /digits.txt HTTP/1.1\r\nHost: x\r\nConnection: close\r\nRange: bytes=0-1,4-5\r\n\r\n");
        String type = reply.substring(reply.indexOf("Content-Type: ") + 14, reply.indexOf("\r\n", reply.indexOf("Content-Type: ")));
        assertThat(type).matches("multipart/byteranges; boundary=[0-9a-f]{16}");
        String boundary = type.substring(type.indexOf('=') + 1);
        String body = "\r\n--" + boundary + "\r\nContent-type: text/plain\r\nContent-range: bytes 0-1/10\r\n\r\n01"
                + "\r\n--" + boundary + "\r\nContent-type: text/plain\r\nContent-range: bytes 4-5/10\r\n\r\n45"
                + "\r\n--" + boundary + "--\r\n";
        assertThat(reply).startsWith("HTTP/1.1 206 ").contains("\r\nContent-Length: " + body.length() + "\r\n")
                .doesNotContain("Content-Range").endsWith("\r\n\r\n" + body);
    }

    @Test
    void severalRangesFromALargeFileAreSentFromTheFile() throws Exception {
        start("");
        StringBuilder content = new StringBuilder();
        for (int i = 0; content.length() < 3_000_000; i++) {
            content.append(i).append('\n');
        }
        htdocs("big.txt", content.toString());
        String reply = raw("GET /big.txt HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                + "Range: bytes=10-19,2000000-2000009,-5\r\n\r\n");
        assertThat(reply).startsWith("HTTP/1.1 206 ")
                .contains("Content-range: bytes 10-19/" + content.length() + "\r\n\r\n" + content.substring(10, 20) + "\r\n--")
                .contains("\r\n\r\n" + content.substring(2_000_000, 2_000_010) + "\r\n--")
                .contains("\r\n\r\n" + content.substring(content.length() - 5) + "\r\n--");
    }

    @Test
    void aSuffixRangeOfAnEmptyFileGetsTheWholeEmptyFile() throws Exception {
        start("");
        htdocs("empty.txt", "");

        HttpResponse<String> response = get("/empty.txt", "Range", "bytes=-5");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEmpty();
        assertThat(get("/empty.txt", "Range", "bytes=0-").statusCode()).isEqualTo(416);
    }

    @Test
    void directoriesGetTheirIndexOrARedirect() throws Exception {
        start("");
        htdocs("docs/index.html", "index!");
        assertThat(get("/docs/").body()).isEqualTo("index!");
        HttpResponse<String> redirect = get("/docs");
        assertThat(redirect.statusCode()).isEqualTo(301);
        assertThat(redirect.headers().firstValue("Location")).hasValue("http://127.0.0.1:" + port + "/docs/");
    }

    @Test
    void theSlashRedirectNamesTheHostAndPortTheClientAskedFor() throws Exception {
        start("");
        htdocs("docs/index.html", "index!");

        String response = raw("GET /docs?x=1 HTTP/1.1\r\nHost: www.example.org:8000\r\nConnection: close\r\n\r\n");

        assertThat(response).startsWith("HTTP/1.1 301 ").contains("\r\nLocation: http://www.example.org:8000/docs/?x=1\r\n");
    }

    @Test
    void portEightyIsLeftOutOfRedirects() throws Exception {
        start("");
        htdocs("docs/index.html", "index!");

        String response = raw("GET /docs HTTP/1.1\r\nHost: www.example.org:80\r\nConnection: close\r\n\r\n");

        assertThat(response).contains("\r\nLocation: http://www.example.org/docs/\r\n");
    }

    @Test
    void withoutAPortFromTheClientRedirectsUseServerNamesPortNotTheListenersOne() throws Exception {
        start("<VirtualHost 127.0.0.1:*>\nServerName mapped.example\n</VirtualHost>\n"
                + "<VirtualHost 127.0.0.1:*>\nServerName proxied.example:8443\n</VirtualHost>\n");
        htdocs("docs/index.html", "index!");

        // behind a port mapping the listener's port is not one the client can reach
        assertThat(raw("GET /docs HTTP/1.1\r\nHost: mapped.example\r\nConnection: close\r\n\r\n"))
                .contains("\r\nLocation: http://mapped.example/docs/\r\n");
        assertThat(raw("GET /docs HTTP/1.1\r\nHost: proxied.example\r\nConnection: close\r\n\r\n"))
                .contains("\r\nLocation: http://proxied.example:8443/docs/\r\n");
    }

    @Test
    void directoryWithoutIndexIsForbiddenUnlessIndexesIsOn() throws Exception {
        start("<Directory htdocs/open>\nOptions +Indexes\n</Directory>\n");
        htdocs("closed/a.txt", "a");
        htdocs("open/b.txt", "b");
        assertThat(get("/closed/").statusCode()).isEqualTo(403);
        HttpResponse<String> listing = get("/open/");
        assertThat(listing.statusCode()).isEqualTo(200);
        assertThat(listing.body()).contains("<h1>Index of /open</h1>").contains("href=\"b.txt\"");
    }

    @Test
    void missingFileIs404() throws Exception {
        start("");
        HttpResponse<String> response = get("/nothing-here");
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.body()).contains("<title>404 Not Found</title>");
    }

    @Test
    void aliasMapsAPathOutsideTheDocumentRoot() throws Exception {
        Files.createDirectories(root.resolve("other"));
        Files.writeString(root.resolve("other/x.txt"), "aliased");
        start("Alias /stuff " + root.resolve("other") + "\n");
        assertThat(get("/stuff/x.txt").body()).isEqualTo("aliased");
    }

    @Test
    void theSamePathUnderTwoRootsIsTwoFiles() throws Exception {
        Files.createDirectories(root.resolve("one"));
        Files.createDirectories(root.resolve("two"));
        Files.writeString(root.resolve("one/same.txt"), "from one");
        Files.writeString(root.resolve("two/same.txt"), "from two");
        start("<VirtualHost 127.0.0.1:*>\nServerName one.example\nDocumentRoot one\n"
                + "Alias /two-alias " + root.resolve("two") + "\n</VirtualHost>\n"
                + "<VirtualHost 127.0.0.1:*>\nServerName two.example\nDocumentRoot two\n</VirtualHost>\n");
        for (int i = 0; i < 3; i++) {
            assertThat(bodyOf("one.example", "/same.txt")).isEqualTo("from one");
            assertThat(bodyOf("two.example", "/same.txt")).isEqualTo("from two");
            assertThat(bodyOf("one.example", "/two-alias/same.txt")).isEqualTo("from two");
        }
    }

    private String bodyOf(String host, String path) throws Exception {
        String response = raw("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n");
        assertThat(response).startsWith("HTTP/1.1 200 ");
        return response.substring(response.indexOf("\r\n\r\n") + 4);
    }

    @Test
    void redirectVariants() throws Exception {
        start("Redirect /old http://example.com/new\nRedirect permanent /perm http://example.com/p\n"
                + "Redirect seeother /see /elsewhere\nRedirect gone /gone\n");
        HttpResponse<String> temp = get("/old/page?x=1");
        assertThat(temp.statusCode()).isEqualTo(302);
        assertThat(temp.headers().firstValue("Location")).hasValue("http://example.com/new/page?x=1");
        assertThat(get("/perm").statusCode()).isEqualTo(301);
        assertThat(get("/see").statusCode()).isEqualTo(303);
        assertThat(get("/gone/x").statusCode()).isEqualTo(410);
    }

    @Test
    void aRedirectOfTheWholeSiteKeepsOneSlash() throws Exception {
        start("Redirect permanent / https://www.example.com/\n");
        assertThat(get("/a/b?x=1").headers().firstValue("Location")).hasValue("https://www.example.com/a/b?x=1");
        assertThat(get("/").headers().firstValue("Location")).hasValue("https://www.example.com/");
    }

    @Test
    void anAliasOfTheWholeSiteMapsBelowItsTarget() throws Exception {
        Files.createDirectories(root.resolve("elsewhere"));
        Files.writeString(root.resolve("elsewhere/e.txt"), "e");
        start("Alias / " + root.resolve("elsewhere") + "/\n<Directory " + root.resolve("elsewhere") + ">\n"
                + "Require all granted\n</Directory>\n");
        assertThat(get("/e.txt").body()).isEqualTo("e");
    }

    @Test
    void errorDocumentVariants() throws Exception {
        start("ErrorDocument 404 /missing.html\nErrorDocument 403 \"no way\"\n"
                + "ErrorDocument 410 http://example.com/gone\nRedirect gone /gone\n");
        htdocs("missing.html", "custom missing page");
        htdocs("closed/a.txt", "a");
        HttpResponse<String> missing = get("/nope");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.body()).isEqualTo("custom missing page");
        // the page's own fields, as httpd's default handler gives them; no condition applies to it
        assertThat(missing.headers().firstValue("ETag")).isPresent();
        assertThat(missing.headers().firstValue("Last-Modified")).isPresent();
        String etag = missing.headers().firstValue("ETag").orElseThrow();
        assertThat(get("/nope", "If-None-Match", etag).statusCode()).isEqualTo(404);
        HttpResponse<String> forbidden = get("/closed/");
        assertThat(forbidden.statusCode()).isEqualTo(403);
        assertThat(forbidden.body()).isEqualTo("no way");
        HttpResponse<String> gone = get("/gone");
        assertThat(gone.statusCode()).isEqualTo(302);
        assertThat(gone.headers().firstValue("Location")).hasValue("http://example.com/gone");
    }

    @Test
    void aModuleHandlerServesMethodsTheServerDoesNotKnow() throws Exception {
        start(TestHandlersModule.LOAD + "<Location /purge>\nSetHandler method-echo\n</Location>\n"
                + "<Location /purge/locked>\n<LimitExcept GET>\nRequire all denied\n</LimitExcept>\n</Location>\n");
        assertThat(raw("PURGE /purge/a HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"))
                .startsWith("HTTP/1.1 200 ").contains("\r\n\r\n6\r\nPURGE\n\r\n0\r\n");
        // access is checked first, as in httpd: refused, not unknown
        assertThat(raw("PURGE /purge/locked/a HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"))
                .startsWith("HTTP/1.1 403 ");
    }

    @Test
    void otherMethodsOnFilesAre405WithAllowAndUnknownOnesAre501() throws Exception {
        start("");
        htdocs("a.txt", "a");
        HttpResponse<String> post = send("DELETE", "/a.txt");
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(post.headers().firstValue("Allow")).hasValue("GET,POST,OPTIONS,HEAD,TRACE");
        assertThat(raw("FOO /a.txt HTTP/1.1\r\nHost: x\r\n\r\n")).startsWith("HTTP/1.1 501 ")
                .contains("\r\nAllow: GET,POST,OPTIONS,HEAD,TRACE\r\n");
        // as httpd's default handler: the method is looked at before the file
        assertThat(send("DELETE", "/missing.txt").statusCode()).isEqualTo(405);
        assertThat(raw("FOO /missing.txt HTTP/1.1\r\nHost: x\r\n\r\n")).startsWith("HTTP/1.1 501 ");
        HttpResponse<String> options = send("OPTIONS", "/a.txt");
        assertThat(options.statusCode()).isEqualTo(200);
        assertThat(options.headers().firstValue("Allow")).hasValue("GET,POST,OPTIONS,HEAD,TRACE");
    }

    @Test
    void headerDirectiveChangesSuccessfulResponses() throws Exception {
        start("Header set X-Test hello\nHeader always set X-Always yes\n");
        htdocs("a.txt", "a");
        HttpResponse<String> ok = get("/a.txt");
        assertThat(ok.headers().firstValue("X-Test")).hasValue("hello");
        HttpResponse<String> missing = get("/none");
        assertThat(missing.headers().firstValue("X-Test")).isEmpty();
        assertThat(missing.headers().firstValue("X-Always")).hasValue("yes");
    }

    @Test
    void headerCannotChangeTheFramingButCanChangeTheType() throws Exception {
        start("<Location /short>\nHeader set Content-Length 3\nHeader unset Content-Type\n</Location>\n"
                + "<Location /typed>\nHeader set Content-Type \"text/x-mine\"\n</Location>\n");
        htdocs("short/h.txt", "Hello, world\n");
        htdocs("typed/t.txt", "typed");
        htdocs("a.txt", "AAA");

        // a second request on the same connection: a wrong length would run into its answer
        String replies = raw("GET /short/h.txt HTTP/1.1\r\nHost: x\r\n\r\n"
                + "GET /a.txt HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");

        String first = replies.substring(0, replies.indexOf("HTTP/1.1", 1));
        assertThat(first).contains("Content-Length: 13\r\n").doesNotContain("Content-Type").endsWith("Hello, world\n");
        assertThat(replies.substring(first.length())).startsWith("HTTP/1.1 200 ").endsWith("AAA");
        assertThat(get("/typed/t.txt").headers().allValues("Content-Type")).containsExactly("text/x-mine");
    }

    @Test
    void conditionsReadEveryLineOfAListAndEveryDateForm() throws Exception {
        start("");
        java.nio.file.Path file = htdocs("c.txt", "conditional");
        java.time.Instant modified = java.time.Instant.parse("2020-05-17T10:11:12Z");
        Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.from(modified));
        String etag = get("/c.txt").headers().firstValue("ETag").orElseThrow();

        String request = "GET /c.txt HTTP/1.1\r\nHost: x\r\nConnection: close\r\n";
        assertThat(raw(request + "If-Match: \"other\"\r\nIf-Match: " + etag + "\r\n\r\n")).startsWith("HTTP/1.1 200 ");
        assertThat(raw(request + "If-None-Match: \"other\"\r\nIf-None-Match: " + etag + "\r\n\r\n"))
                .startsWith("HTTP/1.1 304 ");
        assertThat(raw(request + "If-Modified-Since: Sunday, 17-May-20 10:11:12 GMT\r\n\r\n")).startsWith("HTTP/1.1 304 ");
        assertThat(raw(request + "If-Modified-Since: Sun May 17 10:11:12 2020\r\n\r\n")).startsWith("HTTP/1.1 304 ");
        assertThat(raw(request + "If-Unmodified-Since: Sat May 16 10:11:12 2020\r\n\r\n")).startsWith("HTTP/1.1 412 ");
        assertThat(raw(request + "Range: bytes=0-3\r\nIf-Range: Sun May 17 10:11:12 2020\r\n\r\n"))
                .startsWith("HTTP/1.1 206 ").endsWith("cond");
    }

    @Test
    void forceTypeAndAddTypeInSections() throws Exception {
        start("AddType application/x-thing .thing\n<Files special.txt>\nForceType text/x-special\n</Files>\n");
        htdocs("a.thing", "t");
        htdocs("special.txt", "s");
        assertThat(get("/a.thing").headers().firstValue("Content-Type")).hasValue("application/x-thing");
        assertThat(get("/special.txt").headers().firstValue("Content-Type")).hasValue("text/x-special");
    }
}
