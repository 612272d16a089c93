package org.sluice.http.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.sluice.config.ConfigException;
import org.sluice.testing.TestServer;

/** core's {@code FileETag}: which of a file's inode, size and modification time make its ETag. */
class FileETagTest extends HttpServerTestBase {

    /** 2021-01-01T00:00:00.123456Z in microseconds, hex. */
    private static final Instant MTIME = Instant.ofEpochSecond(1_609_459_200L, 123_456_000L);
    private static final String MTIME_HEX = Long.toHexString(1_609_459_200_123_456L);

    private Path file(String name) throws Exception {
        Path file = htdocs(name, "twelve bytes");
        Files.setLastModifiedTime(file, FileTime.from(MTIME));
        return file;
    }

    private static String inodeHex(Path file) throws Exception {
        return Long.toHexString(((Number) Files.getAttribute(file, "unix:ino")).longValue());
    }

    @Test
    void allPutsTheInodeFirst() throws Exception {
        start("FileETag All\n");
        Path file = file("a.txt");

        assertThat(get("/a.txt").headers().firstValue("ETag"))
                .hasValue("\"" + inodeHex(file) + "-c-" + MTIME_HEX + "\"");
    }

    @Test
    void relativeWordsChangeWhatASectionInherits() throws Exception {
        start("FileETag INode MTime\n<Directory htdocs/sub>\nFileETag +Size -MTime\n</Directory>\n");
        Path file = file("sub/a.txt");

        assertThat(get("/sub/a.txt").headers().firstValue("ETag")).hasValue("\"" + inodeHex(file) + "-c\"");
    }

    @Test
    void noneSendsNoTagAndConditionsFallBackOnTheDate() throws Exception {
        start("<Directory htdocs/plain>\nFileETag None\n</Directory>\n");
        file("plain/a.txt");

        HttpResponse<String> response = get("/plain/a.txt");
        assertThat(response.headers().firstValue("ETag")).isEmpty();
        String lastModified = response.headers().firstValue("Last-Modified").orElseThrow();

        assertThat(get("/plain/a.txt", "If-Modified-Since", lastModified).statusCode()).isEqualTo(304);
        assertThat(get("/plain/a.txt", "If-None-Match", "*").statusCode()).isEqualTo(304);
        assertThat(get("/plain/a.txt", "If-Match", "\"c-" + MTIME_HEX + "\"").statusCode()).isEqualTo(412);
    }

    @Test
    void aConfiguredTagIsWhatConditionalRequestsCompareWith() throws Exception {
        start("FileETag Size\n");
        file("a.txt");

        assertThat(get("/a.txt").headers().firstValue("ETag")).hasValue("\"c\"");
        assertThat(get("/a.txt", "If-None-Match", "\"c\"").statusCode()).isEqualTo(304);
        assertThat(get("/a.txt", "If-None-Match", "\"c-" + MTIME_HEX + "\"").statusCode()).isEqualTo(200);
    }

    @Test
    void anAccessFileMaySetItUnderAllowOverrideFileInfo() throws Exception {
        start("<Directory htdocs/sub>\nAllowOverride FileInfo\n</Directory>\n");
        file("sub/a.txt");
        htdocs("sub/.htaccess", "FileETag MTime\n");

        assertThat(get("/sub/a.txt").headers().firstValue("ETag")).hasValue("\"" + MTIME_HEX + "\"");
    }

    @Test
    void digestIsRefusedAtItsLine() {
        assertRefused("FileETag Digest",
                "FileETag Digest is not supported (file contents are not hashed): use MTime, Size or INode");
    }

    @Test
    void anUnknownWordIsRefusedAtItsLineInHttpdsWords() {
        assertRefused("FileETag MTime Colour", "Unknown keyword 'Colour' for FileETag directive");
    }

    @Test
    void noneWithASignIsRefusedAtItsLine() {
        assertRefused("FileETag +None", "FileETag keyword 'None' cannot be used with '+' or '-'");
    }

    private void assertRefused(String line, String message) {
        assertThatThrownBy(() -> TestServer.check(root, "LoadModule http\n" + line + "\n"))
                .isInstanceOfSatisfying(ConfigException.class, e -> {
                    assertThat(e.getMessage()).isEqualTo(message);
                    assertThat(e.location().line()).isEqualTo(2);
                });
    }
}
