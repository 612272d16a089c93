package org.sluice.http.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.sluice.config.ConfigException;
import org.sluice.testing.TestServer;

/**
 * mod_headers' {@code Header} and {@code RequestHeader} through a real server. The expected
 * fields are what Apache httpd 2.4.71 sends for the same configuration and request.
 */
class HeaderRulesTest extends HttpServerTestBase {

    private static final String RULES = """
            <Location /h>
              Header set X-Lit "a\\tb %% c"
              Header add X-Two one
              Header add X-Two two
              Header append X-Two three
              Header merge X-Two one
              Header merge X-Two "four"
              Header set X-Env "%{HOME}e %{HTTPS}s"
              Header echo ^X-Ec
              Header edit Content-Type ^text/plain text/x-edited
              Header edit* X-Two o 0
              Header set X-Loc "http://a/b"
              Header edit X-Loc ^http: https:
              Header edit X-Loc "(b)$" "[$1\\$1]"
              Header always set X-Always yes
            </Location>
            """;

    @Test
    void actionsAndValuesAsInHttpd() throws Exception {
        start(RULES);
        htdocs("h/x.txt", "x");
        HttpResponse<String> response = get("/h/x.txt", "X-Echo-Me", "1", "X-Other", "2");
        // (java.net.http shows a tab as a space)
        assertThat(raw("GET /h/x.txt HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"))
                .contains("\r\nX-Lit: a\tb % c\r\n");
        assertThat(response.headers().allValues("X-Two")).containsExactly("0ne, three, f0ur", "tw0");
        assertThat(response.headers().allValues("X-Env")).containsExactly("(null) (null)");
        assertThat(response.headers().allValues("X-Echo-Me")).containsExactly("1");
        assertThat(response.headers().firstValue("X-Other")).isEmpty();
        assertThat(response.headers().allValues("Content-Type")).containsExactly("text/x-edited");
        assertThat(response.headers().allValues("X-Loc")).containsExactly("https://a/[b$1]");
        assertThat(response.headers().allValues("X-Always")).containsExactly("yes");
    }

    @Test
    void onlyAlwaysRulesReachErrors() throws Exception {
        start(RULES);
        HttpResponse<String> missing = get("/h/none.txt", "X-Echo-Me", "1");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.headers().allValues("X-Always")).containsExactly("yes");
        assertThat(missing.headers().firstValue("X-Lit")).isEmpty();
        assertThat(missing.headers().firstValue("X-Echo-Me")).isEmpty();
    }

    @Test
    void successRulesStayOffTheServersOwnRedirects() throws Exception {
        start("Header set X-S s\nHeader always set X-A a\nRedirect /r /a.txt\n");
        htdocs("a.txt", "a");
        Files.createDirectories(root.resolve("htdocs/dir"));
        for (String path : new String[] {"/r", "/dir"}) {
            HttpResponse<String> redirect = get(path);
            assertThat(redirect.statusCode()).isBetween(301, 302);
            assertThat(redirect.headers().allValues("X-A")).containsExactly("a");
            assertThat(redirect.headers().firstValue("X-S")).isEmpty();
        }
    }

    @Test
    void successRulesReachAHandlersErrorStatusAndALocalErrorDocument() throws Exception {
        start("Header set X-S s\nErrorDocument 404 /a.txt\n");
        htdocs("a.txt", "a");
        // a 412 of the default handler, and the page a local ErrorDocument serves, are the
        // handler's own responses in httpd: its Header rules apply
        HttpResponse<String> failed = get("/a.txt", "If-Match", "\"other\"");
        assertThat(failed.statusCode()).isEqualTo(412);
        assertThat(failed.headers().allValues("X-S")).containsExactly("s");
        HttpResponse<String> missing = get("/none.txt");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.body()).isEqualTo("a");
        assertThat(missing.headers().allValues("X-S")).containsExactly("s");
    }

    @Test
    void alwaysRulesChangeOnlyTheErrorFieldsAsHttpdsTwoTables() throws Exception {
        start("Header set X-C c\nHeader always unset X-C\nHeader always set X-D d\nHeader unset X-D\n");
        htdocs("a.txt", "a");
        HttpResponse<String> response = get("/a.txt");
        assertThat(response.headers().allValues("X-C")).containsExactly("c");
        assertThat(response.headers().allValues("X-D")).containsExactly("d");
    }

    @Test
    void timeTagsGiveMicroseconds() throws Exception {
        start("Header set X-Time \"%t %D\"\nHeader set X-Load \"%l %i %b\"\n");
        htdocs("a.txt", "a");
        long before = System.currentTimeMillis() * 1000;
        HttpResponse<String> response = get("/a.txt");
        String time = response.headers().firstValue("X-Time").orElseThrow();
        assertThat(time).matches("t=\\d{16} D=\\d+");
        long received = Long.parseLong(time.substring(2, time.indexOf(' ')));
        assertThat(received).isBetween(before - 1_000_000, System.currentTimeMillis() * 1000);
        assertThat(response.headers().firstValue("X-Load")).hasValueSatisfying(
                load -> assertThat(load).matches("l=\\d+\\.\\d\\d/\\d+\\.\\d\\d/\\d+\\.\\d\\d i=\\d+ b=\\d+"));
    }

    @Test
    void requestHeaderChangesWhatTheLogAndLaterPhasesSee() throws Exception {
        Path log = root.resolve("logs/fields_log");
        start("LogFormat \"%{X-Req}i|%{X-Gone}i|%{X-Early}i\" fields\nCustomLog logs/fields_log fields\n"
                + "RequestHeader set X-Early \"early-one\" early\n"
                + "<Location /r>\nRequestHeader set X-Req from-config\nRequestHeader unset X-Gone\n"
                + "Header echo ^X-(Req|Early)$\n</Location>\n");
        htdocs("r/x.txt", "x");
        HttpResponse<String> response = get("/r/x.txt", "X-Req", "client", "X-Gone", "g");
        // echo copies the request's fields as the handler saw them
        assertThat(response.headers().allValues("X-Req")).containsExactly("from-config");
        assertThat(response.headers().allValues("X-Early")).containsExactly("early-one");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "")
                        .isEqualTo("from-config|-|early-one\n"));
    }

    @Test
    void requestHeaderRunsAfterAuthentication() throws Exception {
        // "secret" for alice, {SHA} as htpasswd -s writes it
        Files.writeString(root.resolve("users"), "alice:{SHA}5en6G6MezRroT3XKqkdPOmY/BfQ=\n");
        start("<Location /r>\nAuthType Basic\nAuthName R\nAuthUserFile users\nRequire valid-user\n"
                + "RequestHeader set Authorization \"Basic YWxpY2U6c2VjcmV0\"\n</Location>\n");
        htdocs("r/x.txt", "x");
        assertThat(get("/r/x.txt").statusCode()).isEqualTo(401);
        assertThat(get("/r/x.txt", "Authorization", "Basic YWxpY2U6c2VjcmV0").statusCode()).isEqualTo(200);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', ignoreLeadingAndTrailingWhitespace = false, value = {
        "Header|first argument must be 'add', 'set', 'setifempty', 'append', 'merge', 'unset', 'echo', 'note', 'edit', or 'edit*'.",
        "Header bogus X y|first argument must be 'add', 'set', 'setifempty', 'append', 'merge', 'unset', 'echo', 'note', 'edit', or 'edit*'.",
        "Header set|Header requires three arguments",
        "Header note X|Header requires three arguments",
        "Header set X y z|Unknown parameter: z",
        "Header unset X y|Unknown parameter: y",
        "Header unset X env=a b|header unset takes two arguments",
        "Header edit X a|Header edit requires a match and a substitution",
        "RequestHeader echo X|Header echo only valid on Header directives",
        "Header set X \"50% off\"|Unrecognized header format % ",
        "Header set X \"%{FOO}x\"|Unrecognized header format %x",
        "Header set X a b c d|Header has too many arguments",
    })
    void mistakesAreRefusedAtTheirLineInHttpdsWords(String directive, String message) {
        assertThatThrownBy(() -> TestServer.check(root, "LoadModule http\n" + directive + "\n"))
                .isInstanceOfSatisfying(ConfigException.class, e -> {
                    assertThat(e.location().line()).isEqualTo(2);
                    assertThat(e.getMessage()).isEqualTo(message);
                });
    }

    @Test
    void earlyRulesStandOnlyWhereNoSectionApplies() {
        assertThatThrownBy(() -> TestServer.check(root,
                "LoadModule http\n<Location /x>\nRequestHeader set X y early\n</Location>\n"))
                .isInstanceOfSatisfying(ConfigException.class, e -> {
                    assertThat(e.location().line()).isEqualTo(3);
                    assertThat(e.getMessage()).contains("early is allowed only in the server's and virtual hosts'");
                });
    }

    @Test
    void lineBreaksInAValueAreRefused() {
        assertThatThrownBy(() -> TestServer.check(root, "LoadModule http\nHeader set X \"a\\r\\nSet-Cookie: x\"\n"))
                .isInstanceOfSatisfying(ConfigException.class,
                        e -> assertThat(e.getMessage()).startsWith("header values cannot hold line breaks"));
    }
}
