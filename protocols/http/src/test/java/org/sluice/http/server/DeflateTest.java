package org.sluice.http.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.sluice.testing.TestServer;
import org.sluice.config.ConfigException;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.ParameterizedTest;

class DeflateTest extends HttpServerTestBase {

    private static final String TEXT = "All work and no play makes Jack a dull boy.\n".repeat(50);

    @Test
    void aCompressedResponseDecodesToTheFile() throws Exception {
        start("SetOutputFilter DEFLATE\n");
        htdocs("a.txt", TEXT);
        HttpResponse<byte[]> response = fetch("GET", "/a.txt", "Accept-Encoding", "gzip");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Encoding")).hasValue("gzip");
        assertThat(response.headers().firstValue("Vary")).hasValue("Accept-Encoding");
        assertThat(response.headers().firstValue("ETag")).hasValueSatisfying(e -> assertThat(e).endsWith("-gzip\""));
        assertThat(response.body().length).isLessThan(TEXT.length());
        assertThat(gunzip(response.body())).isEqualTo(TEXT);
    }

    @Test
    void withoutAcceptEncodingTheBodyIsSentAsItIsButVaries() throws Exception {
        start("SetOutputFilter DEFLATE\n");
        htdocs("a.txt", TEXT);
        HttpResponse<byte[]> response = fetch("GET", "/a.txt");
        assertThat(response.headers().firstValue("Content-Encoding")).isEmpty();
        assertThat(response.headers().firstValue("Vary")).hasValue("Accept-Encoding");
        assertThat(response.headers().firstValue("Content-Length")).hasValue(Integer.toString(TEXT.length()));
        assertThat(new String(response.body(), StandardCharsets.UTF_8)).isEqualTo(TEXT);
    }

    @Test
    void headGetsTheCompressedHeadersAndNoBody() throws Exception {
        start("SetOutputFilter DEFLATE\n");
        htdocs("a.txt", TEXT);
        String reply = raw("HEAD /a.txt HTTP/1.1\r\nHost: x\r\nAccept-Encoding: gzip\r\nConnection: close\r\n\r\n");
        assertThat(reply).startsWith("HTTP/1.1 200 OK\r\n").contains("Content-Encoding: gzip\r\n")
                .doesNotContain("Content-Length").endsWith("\r\n\r\n");
    }

    @Test
    void theGzipEtagRevalidatesTo304() throws Exception {
        start("SetOutputFilter DEFLATE\n");
        htdocs("a.txt", TEXT);
        String etag = fetch("GET", "/a.txt", "Accept-Encoding", "gzip").headers().firstValue("ETag").orElseThrow();
        HttpResponse<byte[]> again = fetch("GET", "/a.txt", "Accept-Encoding", "gzip", "If-None-Match", etag);
        assertThat(again.statusCode()).isEqualTo(304);
        assertThat(again.headers().firstValue("ETag")).hasValue(etag);
        assertThat(again.body()).isEmpty();
    }

    @Test
    void aRangeIsNotCompressed() throws Exception {
        start("SetOutputFilter DEFLATE\n");
        htdocs("a.txt", TEXT);
        HttpResponse<byte[]> response = fetch("GET", "/a.txt", "Accept-Encoding", "gzip", "Range", "bytes=0-9");
        assertThat(response.statusCode()).isEqualTo(206);
        assertThat(response.headers().firstValue("Content-Encoding")).isEmpty();
        assertThat(new String(response.body(), StandardCharsets.UTF_8)).isEqualTo(TEXT.substring(0, 10));
    }

    @Test
    void addOutputFilterByTypeCompressesOnlyThatType() throws Exception {
        start("AddOutputFilterByType DEFLATE text/html\n");
        htdocs("a.html", TEXT);
        htdocs("a.txt", TEXT);
        assertThat(fetch("GET", "/a.html", "Accept-Encoding", "gzip").headers().firstValue("Content-Encoding"))
                .hasValue("gzip");
        HttpResponse<byte[]> plain = fetch("GET", "/a.txt", "Accept-Encoding", "gzip");
        assertThat(plain.headers().firstValue("Content-Encoding")).isEmpty();
        assertThat(plain.headers().firstValue("Vary")).isEmpty();
    }

    @Test
    void addOutputFilterByTypeMatchesTheTypeAHandlerSetsItself() throws Exception {
        start(TestHandlersModule.LOAD + "AddOutputFilterByType DEFLATE text/html\n"
                + "<Location /generated>\nSetHandler html-writer\n</Location>\n");
        HttpResponse<byte[]> response = fetch("GET", "/generated/page.txt", "Accept-Encoding", "gzip");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
        assertThat(response.headers().firstValue("Content-Encoding")).hasValue("gzip");
        assertThat(gunzip(response.body())).isEqualTo(TestHandlersModule.TEXT);
    }

    @Test
    void addOutputFilterByTypeSkipsATypeTheHandlerReplaced() throws Exception {
        start(TestHandlersModule.LOAD + "AddOutputFilterByType DEFLATE text/plain\n"
                + "<Location /api>\nSetHandler json-writer\n</Location>\n");
        // type_checker says text/plain for a .txt name; the handler answers application/json
        HttpResponse<byte[]> response = fetch("GET", "/api/data.txt", "Accept-Encoding", "gzip");
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(response.headers().firstValue("Content-Encoding")).isEmpty();
        assertThat(response.headers().firstValue("Vary")).isEmpty();
        assertThat(new String(response.body(), StandardCharsets.UTF_8)).isEqualTo(TestHandlersModule.TEXT);
    }

    @Test
    void theServersOwnErrorPageIsNotCompressedAsInHttpd() throws Exception {
        start("AddOutputFilterByType DEFLATE text/html text/plain\nSetOutputFilter DEFLATE\n");
        // httpd starts an error response on its protocol filters: the request's are left out
        HttpResponse<byte[]> response = fetch("GET", "/missing.html", "Accept-Encoding", "gzip");
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("Content-Encoding")).isEmpty();
        assertThat(new String(response.body(), java.nio.charset.StandardCharsets.ISO_8859_1))
                .contains("<h1>Not Found</h1>");
    }

    @Test
    void aLocalErrorDocumentIsCompressedByTypeOnlyWithFilterErrordocsAsModFilterDoes() throws Exception {
        htdocs("oops.html", "<p>" + "oops ".repeat(200) + "</p>");
        htdocs("plain.html", "<p>" + "oops ".repeat(200) + "</p>");
        start("AddOutputFilterByType DEFLATE text/html\nErrorDocument 404 /plain.html\n"
                + "<Location /errordocs>\nErrorDocument 404 /oops.html\n</Location>\n"
                + "SetEnvIf Request_URI ^/oops\\.html$ filter-errordocs\n");
        // mod_filter's types apply to a 200 only
        HttpResponse<byte[]> plain = fetch("GET", "/missing.html", "Accept-Encoding", "gzip");
        assertThat(plain.statusCode()).isEqualTo(404);
        assertThat(plain.headers().firstValue("Content-Encoding")).isEmpty();
        HttpResponse<byte[]> asked = fetch("GET", "/errordocs/missing.html", "Accept-Encoding", "gzip");
        assertThat(asked.statusCode()).isEqualTo(404);
        assertThat(asked.headers().firstValue("Content-Encoding")).hasValue("gzip");
        assertThat(gunzip(asked.body())).contains("oops oops");
    }

    @Test
    void byTypeFiltersLastOneResponseOnAKeptAliveConnection() throws Exception {
        start(TestHandlersModule.LOAD + "AddOutputFilterByType DEFLATE text/html\n"
                + "<Location /generated>\nSetHandler html-writer\n</Location>\n");
        htdocs("a.txt", TEXT);
        String reply = raw("GET /generated HTTP/1.1\r\nHost: x\r\nAccept-Encoding: gzip\r\n\r\n"
                + "GET /a.txt HTTP/1.1\r\nHost: x\r\nAccept-Encoding: gzip\r\nConnection: close\r\n\r\n");
        assertThat(count(reply, "HTTP/1.1 200 OK")).isEqualTo(2);
        assertThat(count(reply, "Content-Encoding: gzip")).isEqualTo(1);
        assertThat(reply).endsWith(TEXT);
    }

    @Test
    void addOutputFilterChoosesByExtension() throws Exception {
        start("<Directory " + root.resolve("htdocs") + ">\nAddOutputFilter DEFLATE .txt\n</Directory>\n");
        htdocs("a.txt", TEXT);
        htdocs("a.html", TEXT);
        HttpResponse<byte[]> txt = fetch("GET", "/a.txt", "Accept-Encoding", "gzip");
        assertThat(gunzip(txt.body())).isEqualTo(TEXT);
        assertThat(fetch("GET", "/a.html", "Accept-Encoding", "gzip").headers().firstValue("Content-Encoding"))
                .isEmpty();
    }

    @Test
    void keepAliveGoesOnAfterACompressedResponse() throws Exception {
        start("SetOutputFilter DEFLATE\n");
        htdocs("a.txt", TEXT);
        for (int i = 0; i < 3; i++) {
            assertThat(gunzip(fetch("GET", "/a.txt", "Accept-Encoding", "gzip").body())).isEqualTo(TEXT);
        }
    }

    @Test
    void aDirectoryIndexIsCompressedOnceAndTheNextRequestToo() throws Exception {
        start("SetOutputFilter DEFLATE\n");
        htdocs("index.html", TEXT);
        htdocs("a.txt", TEXT);
        HttpResponse<byte[]> index = fetch("GET", "/", "Accept-Encoding", "gzip");
        assertThat(gunzip(index.body())).isEqualTo(TEXT);
        HttpResponse<byte[]> next = fetch("GET", "/a.txt");
        assertThat(next.headers().firstValue("Content-Encoding")).isEmpty();
        assertThat(new String(next.body(), StandardCharsets.UTF_8)).isEqualTo(TEXT);
    }

    @Test
    void compressionLevelAndEtagFollowTheServersSettings() throws Exception {
        // text that compresses better with more effort: level 1 leaves it measurably larger
        StringBuilder varied = new StringBuilder();
        java.util.Random random = new java.util.Random(7);
        for (int i = 0; i < 4000; i++) {
            varied.append("word").append(random.nextInt(200)).append(i % 7 == 0 ? '\n' : ' ');
        }
        htdocs("v.txt", varied.toString());
        start("SetOutputFilter DEFLATE\nDeflateCompressionLevel 1\nDeflateAlterETag Remove\n");
        HttpResponse<byte[]> fast = fetch("GET", "/v.txt", "Accept-Encoding", "gzip");
        assertThat(gunzip(fast.body())).isEqualTo(varied.toString());
        assertThat(fast.headers().firstValue("ETag")).isEmpty();
        reload("SetOutputFilter DEFLATE\nDeflateCompressionLevel 9\nDeflateBufferSize 1000\n");
        // the kept-alive connection answers once more under the old settings, and closes
        fetch("GET", "/v.txt", "Accept-Encoding", "gzip");
        HttpResponse<byte[]> small = fetch("GET", "/v.txt", "Accept-Encoding", "gzip");
        assertThat(gunzip(small.body())).isEqualTo(varied.toString());
        assertThat(small.body().length).isLessThan(fast.body().length);
        assertThat(small.headers().firstValue("ETag")).hasValueSatisfying(e -> assertThat(e).endsWith("-gzip\""));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "DeflateCompressionLevel 10|Compression Level must be between 1 and 9",
        "DeflateCompressionLevel x|Compression Level must be between 1 and 9",
        "DeflateBufferSize 0|DeflateBufferSize should be positive",
        "DeflateAlterETag Weak|DeflateAlterETAG accepts only 'NoChange', 'AddSuffix', and 'Remove'",
    })
    void deflateSettingsAreCheckedAtTheirLine(String directive, String message) {
        assertThatThrownBy(() -> TestServer.check(root, "LoadModule http\n" + directive + "\n"))
                .isInstanceOfSatisfying(ConfigException.class, e -> {
                    assertThat(e.location().line()).isEqualTo(2);
                    assertThat(e.getMessage()).startsWith(message);
                });
    }

    private HttpResponse<byte[]> fetch(String method, String path, String... headers) throws Exception {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10)).method(method, HttpRequest.BodyPublishers.noBody());
        for (int i = 0; i < headers.length; i += 2) {
            builder.header(headers[i], headers[i + 1]);
        }
        return client.send(builder.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static String gunzip(byte[] bytes) throws Exception {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
