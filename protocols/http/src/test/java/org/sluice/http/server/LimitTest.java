package org.sluice.http.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sluice.config.ConfigException;
import org.sluice.testing.TestServer;

/**
 * {@code <Limit>} and {@code <LimitExcept>} around access rules, through a real server. The
 * expected tables are the answers of Apache httpd 2.4.71 to the same requests on the same
 * configuration (the default handler serves a file to GET, HEAD and POST).
 */
class LimitTest extends HttpServerTestBase {

    private static final List<String> METHODS = List.of("GET", "HEAD", "POST", "PUT", "DELETE", "FOO", "REPORT");

    private static final String SECTIONS = """
            DocumentRoot htdocs
            <Directory htdocs>
              Require all granted
            </Directory>
            <Location /a>
              <Limit POST>
                Require all denied
              </Limit>
            </Location>
            <Location /b>
              AuthType Basic
              AuthName "B"
              AuthUserFile conf/users
              <Limit POST PUT>
                Require valid-user
              </Limit>
            </Location>
            <Location /c>
              <LimitExcept GET>
                Require all denied
              </LimitExcept>
            </Location>
            <Location /d>
              <Limit GET POST>
                Order deny,allow
                Deny from all
              </Limit>
            </Location>
            <Location /e>
              Require all denied
              <Limit POST>
                Require all granted
              </Limit>
            </Location>
            <Directory htdocs/f>
              Require all denied
            </Directory>
            <Location /f/g>
              <Limit POST>
                Require all granted
              </Limit>
            </Location>
            <Location /s>
              AuthType Basic
              AuthName "S"
              AuthUserFile conf/users
              Require valid-user
              Order allow,deny
              Allow from 127.0.0.1
              <Limit GET>
                Satisfy Any
              </Limit>
            </Location>
            <Location /m>
              <LimitExcept GET>
                Require all denied
              </LimitExcept>
            </Location>
            <Location /m/n>
              AuthMerging And
              <Limit GET>
                Require ip 10.9.9.9
              </Limit>
            </Location>
            """;

    private void startWithSections(String more) throws Exception {
        Files.createDirectories(root.resolve("conf"));
        // "secret" for alice, {SHA} as htpasswd -s writes it
        Files.writeString(root.resolve("conf/users"), "alice:{SHA}5en6G6MezRroT3XKqkdPOmY/BfQ=\n");
        for (String dir : List.of("a", "b", "c", "d", "e", "f/g", "h", "s", "m/n", "ht")) {
            htdocs(dir + "/x.txt", dir + "\n");
        }
        start(SECTIONS + more);
    }

    /** One line per path: {@code path METHOD status ...} for every method of {@link #METHODS}. */
    private String table(String... paths) throws Exception {
        StringBuilder out = new StringBuilder();
        for (String path : paths) {
            out.append(path);
            for (String method : METHODS) {
                out.append(' ').append(method).append(' ').append(send(method, "/" + path + "/x.txt").statusCode());
            }
            out.append('\n');
        }
        return out.toString();
    }

    @Test
    void rulesCountOnlyForTheirMethodsAsInHttpd() throws Exception {
        startWithSections("");
        assertThat(table("a", "b", "c", "d", "e", "f/g", "h", "s", "m/n")).isEqualTo("""
                a GET 200 HEAD 200 POST 403 PUT 405 DELETE 405 FOO 501 REPORT 405
                b GET 200 HEAD 200 POST 401 PUT 401 DELETE 405 FOO 501 REPORT 405
                c GET 200 HEAD 200 POST 403 PUT 403 DELETE 403 FOO 403 REPORT 403
                d GET 403 HEAD 403 POST 403 PUT 405 DELETE 405 FOO 501 REPORT 405
                e GET 403 HEAD 403 POST 200 PUT 403 DELETE 403 FOO 403 REPORT 403
                f/g GET 200 HEAD 200 POST 200 PUT 405 DELETE 405 FOO 501 REPORT 405
                h GET 200 HEAD 200 POST 200 PUT 405 DELETE 405 FOO 501 REPORT 405
                s GET 200 HEAD 200 POST 401 PUT 401 DELETE 401 FOO 401 REPORT 401
                m/n GET 403 HEAD 403 POST 403 PUT 403 DELETE 403 FOO 403 REPORT 403
                """);
    }

    @Test
    void aPasswordOpensWhatALimitedRequireValidUserCloses() throws Exception {
        startWithSections("");
        String alice = "Basic " + Base64.getEncoder().encodeToString("alice:secret".getBytes(StandardCharsets.UTF_8));
        assertThat(send("PUT", "/b/x.txt", "Authorization", alice).statusCode()).isEqualTo(405);
        assertThat(send("DELETE", "/s/x.txt", "Authorization", alice).statusCode()).isEqualTo(405);
        assertThat(send("PUT", "/b/x.txt").headers().firstValue("WWW-Authenticate")).hasValue("Basic realm=\"B\"");
    }

    @Test
    void headIsLimitedWithGet() throws Exception {
        startWithSections("<Location /h>\n<Limit HEAD>\nRequire all denied\n</Limit>\n</Location>\n");
        assertThat(table("h")).isEqualTo("h GET 403 HEAD 403 POST 200 PUT 405 DELETE 405 FOO 501 REPORT 405\n");
    }

    @Test
    void accessFileLimitsWithOrderUnderAllowOverrideLimit() throws Exception {
        htdocs("ht/.htaccess", "<Limit PUT DELETE>\nOrder deny,allow\nDeny from all\n</Limit>\n");
        startWithSections("<Directory htdocs/ht>\nAllowOverride Limit\n</Directory>\n");
        assertThat(table("ht")).isEqualTo("ht GET 200 HEAD 200 POST 200 PUT 403 DELETE 403 FOO 501 REPORT 405\n");
    }

    @Test
    void accessFileNamesOnlyMethodsTheServerKnows() throws Exception {
        htdocs("ht/.htaccess", "<Limit PURGE>\nOrder deny,allow\nDeny from all\n</Limit>\n");
        startWithSections("<Directory htdocs/ht>\nAllowOverride Limit\n</Directory>\n");
        assertThat(get("/ht/x.txt").statusCode()).isEqualTo(500);
        // once the server's configuration names the method, an access file may too
        reload(SECTIONS + "<Directory htdocs/ht>\nAllowOverride Limit\n</Directory>\n"
                + "<Location /purge>\n<Limit PURGE>\nRequire all denied\n</Limit>\n</Location>\n");
        assertThat(get("/ht/x.txt").statusCode()).isEqualTo(200);
        assertThat(send("PURGE", "/ht/x.txt").statusCode()).isEqualTo(403);
    }

    @Test
    void requireInAnAccessFileLimitNeedsAuthConfig() throws Exception {
        htdocs("ht/.htaccess", "<Limit GET>\nRequire all denied\n</Limit>\n");
        startWithSections("<Directory htdocs/ht>\nAllowOverride Limit\n</Directory>\n");
        assertThat(get("/ht/x.txt").statusCode()).isEqualTo(500);
        reload(SECTIONS + "<Directory htdocs/ht>\nAllowOverride AuthConfig\n</Directory>\n");
        assertThat(table("ht")).isEqualTo("ht GET 403 HEAD 403 POST 200 PUT 405 DELETE 405 FOO 501 REPORT 405\n");
    }

    @Test
    void mistakesAreRefusedAtTheirLineInHttpdsWords() throws Exception {
        assertRefused("<Location /x>\n<Limit>\nRequire all denied\n</Limit>\n</Location>",
                2, "<Limit> directive requires additional arguments");
        assertRefused("<Location /x>\n<Limit TRACE>\nRequire all denied\n</Limit>\n</Location>",
                2, "TRACE cannot be controlled by <Limit>, see TraceEnable");
        assertRefused("<Location /x>\n<Limit GET>\n<LimitExcept GET>\nRequire all denied\n</LimitExcept>\n</Limit>\n"
                + "</Location>", 3, "<LimitExcept> directive excludes all methods");
        assertRefused("<Location /x>\n<Limit GET POST>\n<Limit POST GET>\nRequire all denied\n</Limit>\n</Limit>\n"
                + "</Location>", 3, "<Limit> directive specifies methods already excluded");
        assertRefused("<Location /x>\n<Limit GET>\n<RequireAll>\n<Limit POST>\nRequire all denied\n</Limit>\n"
                + "</RequireAll>\n</Limit>\n</Location>", 4, "<Limit> directive excludes all methods");
        assertRefused("<Directory /tmp>\n<Limit GET>\n<Files x>\nRequire all denied\n</Files>\n</Limit>\n</Directory>",
                3, "<Files> cannot occur within <Limit> or <LimitExcept> section");
        assertRefused("<Limit GET>\nRequire all denied\n</Limit>", 1, "<Limit> not allowed here");
    }

    /** {@code sections} after a first line that loads the module: its line {@code line + 1}. */
    private void assertRefused(String sections, int line, String message) {
        assertThatThrownBy(() -> TestServer.check(root, "LoadModule http\n" + sections + "\n"))
                .isInstanceOfSatisfying(ConfigException.class, e -> {
                    assertThat(e.getMessage()).isEqualTo(message);
                    assertThat(e.location().line()).isEqualTo(line + 1);
                });
    }
}
