package org.sluice.http.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/**
 * {@code <DirectoryMatch>} and {@code <Directory ~>} as Apache applies them: the pattern is
 * looked for in the whole file name a request maps to (a directory's with its trailing slash),
 * and the matching sections merge fewest slashes in the pattern first.
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
