package org.sluice.http.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.sluice.config.ConfigException;
import org.sluice.testing.TestServer;

/**
 * {@code <DirectoryMatch>} and {@code <Directory ~>} as Apache applies them: the pattern is
 * looked for in the whole file name a request maps to (a directory's with its trailing slash),
 * and the matching sections merge fewest slashes in the pattern first. And the sections httpd
 * does not nest.
 */
class DirectoryMatchTest extends HttpServerTestBase {

    @Test
    void aPatternEndingInASlashCoversTheFilesRightInsideTheDirectory() throws Exception {
        start("<DirectoryMatch \"/\\.git/\">\nRequire all denied\n</DirectoryMatch>\n");
        htdocs(".git/config", "[core]");
        htdocs(".git/objects/o", "object");
        htdocs("a.txt", "AAA");

        HttpResponse<String> config = get("/.git/config");
        assertThat(config.statusCode()).isEqualTo(403);
        assertThat(config.body()).doesNotContain("[core]");
        assertThat(get("/.git/objects/o").statusCode()).isEqualTo(403);
        assertThat(get("/a.txt").statusCode()).isEqualTo(200);
    }

    @Test
    void theFileNameIsMatchedAndADirectoryKeepsTheSlashItWasAskedWith() throws Exception {
        start("Options Indexes\n"
                + "<Directory ~ \"/d2/$\">\nHeader set X-Dir yes\n</Directory>\n"
                + "<Directory ~ \"f\\.txt$\">\nHeader set X-File yes\n</Directory>\n");
        htdocs("d1/d2/f.txt", "F");

        HttpResponse<String> listing = get("/d1/d2/");
        assertThat(listing.statusCode()).isEqualTo(200);
        assertThat(listing.headers().firstValue("X-Dir")).hasValue("yes");
        assertThat(listing.headers().firstValue("X-File")).isEmpty();

        HttpResponse<String> file = get("/d1/d2/f.txt");
        assertThat(file.body()).isEqualTo("F");
        assertThat(file.headers().firstValue("X-File")).hasValue("yes");
        assertThat(file.headers().firstValue("X-Dir")).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "<Directory /srv>|<Directory /srv/a>|</Directory>|<Directory> cannot occur within <Directory> section",
        "<Files a.txt>|<DirectoryMatch x>|</DirectoryMatch>|<DirectoryMatch> cannot occur within <Files> section",
        "<FilesMatch a>|<Directory /srv>|</Directory>|<Directory> cannot occur within <FilesMatch> section",
        "<Location /a>|<Files a.txt>|</Files>|<Files> cannot occur within <Location> section",
        "<LocationMatch a>|<FilesMatch a>|</FilesMatch>|<FilesMatch> cannot occur within <LocationMatch> section",
    })
    void sectionsHttpdDoesNotNestAreRefusedAtTheirLine(String outer, String inner, String innerEnd, String message) {
        String outerEnd = "</" + outer.substring(1, outer.indexOf(' ')) + ">";
        assertThatThrownBy(() -> TestServer.check(root,
                "LoadModule http\n" + outer + "\n" + inner + "\n" + innerEnd + "\n" + outerEnd + "\n"))
                .isInstanceOfSatisfying(ConfigException.class, e -> {
                    assertThat(e.location().line()).isEqualTo(3);
                    assertThat(e.getMessage()).isEqualTo(message);
                });
    }

    @Test
    void filesWithinADirectoryIsAllowed() throws Exception {
        start("<Directory " + root.resolve("htdocs") + ">\n<Files a.txt>\nRequire all denied\n</Files>\n</Directory>\n");
        htdocs("a.txt", "A");
        htdocs("b.txt", "B");

        assertThat(get("/a.txt").statusCode()).isEqualTo(403);
        assertThat(get("/b.txt").statusCode()).isEqualTo(200);
    }

    @Test
    void sectionsWithMoreSlashesInTheirPatternMergeLaterWhateverTheirPlaceInTheFile() throws Exception {
        start("<DirectoryMatch \"/d1/d2/\">\nHeader set X-Order deeper\n</DirectoryMatch>\n"
                + "<DirectoryMatch \"/d2/\">\nHeader set X-Order shallower\n</DirectoryMatch>\n"
                + "<DirectoryMatch \"f\">\nHeader append X-Seen first\n</DirectoryMatch>\n"
                + "<DirectoryMatch \"\\.txt\">\nHeader append X-Seen second\n</DirectoryMatch>\n");
        htdocs("d1/d2/f.txt", "F");

        HttpResponse<String> response = get("/d1/d2/f.txt");

        assertThat(response.headers().firstValue("X-Order")).hasValue("deeper");
        // equal slashes: configuration order
        assertThat(response.headers().firstValue("X-Seen")).hasValue("first, second");
    }
}
