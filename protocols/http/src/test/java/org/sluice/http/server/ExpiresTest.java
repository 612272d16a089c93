package org.sluice.http.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.sluice.config.ConfigException;
import org.sluice.testing.TestServer;

/**
 * mod_expires through a real server; the expected fields are Apache httpd 2.4.71's for the
 * same configuration and requests.
 */
class ExpiresTest extends HttpServerTestBase {

    private static final String CONFIG = """
            DocumentRoot htdocs
            ExpiresActive On
            ExpiresByType text/* "access plus 1 hour"
            ExpiresDefault "access plus 10 seconds"
            <Directory htdocs/sub>
              ExpiresByType text/html A60
            </Directory>
            <Location /old>
              Header set Cache-Control public
              ExpiresDefault "modification plus 1 day"
              ExpiresByType text/plain "modification plus 1 day"
            </Location>
            <Location /off>
              ExpiresActive Off
            </Location>
            """;

    private void startWithFiles() throws Exception {
        htdocs("a.txt", "a");
        htdocs("sub/b.txt", "b");
        htdocs("c.png", "c");
        htdocs("off/d.txt", "d");
        Files.setLastModifiedTime(htdocs("old/m.txt", "m"), FileTime.from(Instant.parse("2020-01-01T00:00:00Z")));
        start(CONFIG);
    }

    private static Instant expires(HttpResponse<?> response) {
        return ZonedDateTime.parse(response.headers().firstValue("Expires").orElseThrow(),
                DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
    }

    @Test
    void typeRulesThenTheDefaultGiveExpiresAndMaxAge() throws Exception {
        startWithFiles();
        Instant before = Instant.now().minusSeconds(1);
        HttpResponse<String> text = get("/a.txt");
        assertThat(text.headers().allValues("Cache-Control")).containsExactly("max-age=3600");
        assertThat(expires(text)).isBetween(before.plusSeconds(3600), Instant.now().plusSeconds(3601));
        assertThat(get("/c.png").headers().allValues("Cache-Control")).containsExactly("max-age=10");
    }

    @Test
    void aSectionsOwnTypesHideTheWildcardsAbove() throws Exception {
        startWithFiles();
        // as httpd: the section names text/html only, so text/* is not looked at and the default applies
        assertThat(get("/sub/b.txt").headers().allValues("Cache-Control")).containsExactly("max-age=10");
    }

    @Test
    void aPastModificationExpiresNowAndHeaderComesAfter() throws Exception {
        startWithFiles();
        HttpResponse<String> old = get("/old/m.txt");
        assertThat(old.headers().allValues("Cache-Control")).containsExactly("public");
        assertThat(expires(old)).isBetween(Instant.now().minusSeconds(5), Instant.now().plusSeconds(1));
    }

    @Test
    void notModifiedKeepsTheFieldsAndErrorsGetNone() throws Exception {
        startWithFiles();
        String modified = get("/a.txt").headers().firstValue("Last-Modified").orElseThrow();
        HttpResponse<String> notModified = get("/a.txt", "If-Modified-Since", modified);
        assertThat(notModified.statusCode()).isEqualTo(304);
        assertThat(notModified.headers().allValues("Cache-Control")).containsExactly("max-age=3600");
        assertThat(notModified.headers().firstValue("Expires")).isPresent();
        HttpResponse<String> missing = get("/nope.txt");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.headers().firstValue("Expires")).isEmpty();
        assertThat(missing.headers().firstValue("Cache-Control")).isEmpty();
        assertThat(get("/off/d.txt").headers().firstValue("Expires")).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "ExpiresDefault \"later plus 1 day\"|'ExpiresDefault later plus 1 day': bad expires code, unrecognised <base> 'later'",
        "ExpiresDefault \"access plus x days\"|'ExpiresDefault access plus x days': bad expires code, numeric value expected <num> 'x'",
        "ExpiresDefault \"access plus 1\"|'ExpiresDefault access plus 1': bad expires code, missing <type>",
        "ExpiresDefault \"access plus 1 fortnight\"|'ExpiresDefault access plus 1 fortnight': bad expires code, unrecognised <type>'fortnight'",
        "ExpiresByType text A60|Invalid mimetype: should contain a slash",
    })
    void badCodesAreRefusedInHttpdsWords(String directive, String message) {
        assertThatThrownBy(() -> TestServer.check(root, "LoadModule http\n" + directive + "\n"))
                .isInstanceOfSatisfying(ConfigException.class, e -> {
                    assertThat(e.location().line()).isEqualTo(2);
                    assertThat(e.getMessage()).isEqualTo(message);
                });
    }
}
