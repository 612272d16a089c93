package org.sluice.http.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.sluice.config.ConfigException;
import org.sluice.testing.TestServer;

/** mod_dir's {@code DirectorySlash}: whether a directory asked for without its slash is redirected. */
class DirectorySlashTest extends HttpServerTestBase {

    @Test
    void offAnswersADirectoryWithoutItsSlashForbiddenNotWithItsIndex() throws Exception {
        start("<Directory htdocs/docs>\nDirectorySlash Off\n</Directory>\n");
        htdocs("docs/index.html", "<p>index</p>");

        HttpResponse<String> response = get("/docs");

        // as httpd: no redirect, and no index without the slash
        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.headers().firstValue("Location")).isEmpty();
        assertThat(get("/docs/").body()).isEqualTo("<p>index</p>");
    }

    @Test
    void offListsTheDirectoryWhereIndexesAreAllowed() throws Exception {
        start("<Directory htdocs/files>\nDirectorySlash Off\nOptions +Indexes\n</Directory>\n");
        htdocs("files/a.txt", "a");

        HttpResponse<String> response = get("/files");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("Index of /files").contains("a.txt");
    }

    @Test
    void onInASubdirectoryRedirectsAgain() throws Exception {
        start("<Directory htdocs/docs>\nDirectorySlash Off\n</Directory>\n"
                + "<Directory htdocs/docs/guide>\nDirectorySlash On\n</Directory>\n");
        htdocs("docs/guide/index.html", "guide");

        assertThat(get("/docs/guide").statusCode()).isEqualTo(301);
    }

    @Test
    void aWordOtherThanOnOrOffIsRefusedAtItsLine() {
        assertThatThrownBy(() -> TestServer.check(root, "LoadModule http\nDirectorySlash maybe\n"))
                .isInstanceOfSatisfying(ConfigException.class, e -> {
                    assertThat(e.getMessage()).isEqualTo("DirectorySlash must be On or Off");
                    assertThat(e.location().line()).isEqualTo(2);
                });
    }
}
