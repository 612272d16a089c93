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
 * {@code <If>}, {@code <ElseIf>} and {@code <Else>} through a real server. The expected
 * responses are what Apache httpd 2.4.71 sends for the same configuration and requests.
 */
class IfSectionsTest extends HttpServerTestBase {

    private static final String CHAIN = """
            <Directory "%s/htdocs/d">
              <If "%%{QUERY_STRING} =~ /^n=(\\d+)$/">
                Header set X-Branch if
              </If>
              <ElseIf "%%{REQUEST_METHOD} == 'HEAD'">
                Header set X-Branch elseif
              </ElseIf>
              <Else>
                Header set X-Branch else
              </Else>
            </Directory>
            """;

    @Test
    void ifAppliesItsDirectivesOnlyWhenTheConditionHolds() throws Exception {
        start("<If \"%{HTTP_HOST} == 'old.example'\">\n  Redirect permanent /p.txt http://www.example.com/n.txt\n</If>\n");
        htdocs("p.txt", "p");
        String old = raw("GET /p.txt HTTP/1.1\r\nHost: old.example\r\nConnection: close\r\n\r\n");
        assertThat(old).startsWith("HTTP/1.1 301 ").contains("\r\nLocation: http://www.example.com/n.txt\r\n");
        String other = raw("GET /p.txt HTTP/1.1\r\nHost: www.example.com\r\nConnection: close\r\n\r\n");
        assertThat(other).startsWith("HTTP/1.1 200 ");
    }

    @Test
    void elseIfAndElseTakeOverWhenTheConditionsBeforeThemFail() throws Exception {
        start(CHAIN.formatted(root));
        htdocs("d/a.txt", "a");
        assertThat(get("/d/a.txt?n=3").headers().allValues("X-Branch")).containsExactly("if");
        assertThat(send("HEAD", "/d/a.txt?n=x").headers().allValues("X-Branch")).containsExactly("elseif");
        assertThat(get("/d/a.txt?n=x").headers().allValues("X-Branch")).containsExactly("else");
    }

    @Test
    void aNestedIfAppliesOnlyInsideOneThatHolds() throws Exception {
        start("""
                <If "%{QUERY_STRING} -strmatch 'a*'">
                  Header set X-Outer yes
                  <If "%{QUERY_STRING} == 'ab'">
                    Header set X-Inner yes
                  </If>
                </If>
                """);
        htdocs("a.txt", "a");
        HttpResponse<String> both = get("/a.txt?ab");
        assertThat(both.headers().allValues("X-Outer")).containsExactly("yes");
        assertThat(both.headers().allValues("X-Inner")).containsExactly("yes");
        HttpResponse<String> outer = get("/a.txt?ac");
        assertThat(outer.headers().allValues("X-Outer")).containsExactly("yes");
        assertThat(outer.headers().firstValue("X-Inner")).isEmpty();
        assertThat(get("/a.txt?b").headers().firstValue("X-Outer")).isEmpty();
    }

    @Test
    void sectionsOfLocationsMergeAfterThoseOfDirectories() throws Exception {
        start("""
                <Directory "%s/htdocs">
                  <If "true">
                    Header set X-Last directory
                  </If>
                </Directory>
                <Location />
                  <If "true">
                    Header set X-Last location
                  </If>
                </Location>
                """.formatted(root));
        htdocs("a.txt", "a");
        assertThat(get("/a.txt").headers().allValues("X-Last")).containsExactly("location");
    }

    @Test
    void anAccessFileMayHoldIfSections() throws Exception {
        start("<Directory \"%s/htdocs\">\n  AllowOverride All\n</Directory>\n".formatted(root));
        htdocs("h/a.txt", "h");
        htdocs("h/.htaccess", "<If \"%{QUERY_STRING} == 'deny'\">\nRequire all denied\n</If>\n"
                + "<Else>\nHeader set X-Ht else\n</Else>\n");
        assertThat(get("/h/a.txt?deny").statusCode()).isEqualTo(403);
        HttpResponse<String> allowed = get("/h/a.txt");
        assertThat(allowed.statusCode()).isEqualTo(200);
        assertThat(allowed.headers().allValues("X-Ht")).containsExactly("else");
    }

    @Test
    void aConditionOnARequestHeaderAddsItToVaryOnce() throws Exception {
        start("<If \"req('Accept') == 'x'\">\n  Header set X-Accept x\n</If>\n");
        htdocs("a.txt", "a");
        HttpResponse<String> response = get("/a.txt", "Accept", "x");
        assertThat(response.headers().allValues("X-Accept")).containsExactly("x");
        assertThat(response.headers().allValues("Vary")).containsExactly("Accept");
        assertThat(get("/a.txt", "Accept", "y").headers().allValues("Vary")).containsExactly("Accept");
    }

    @Test
    void theServerVariablesDescribeTheRequest() throws Exception {
        start("Header set X-Vars \"expr=%{REQUEST_METHOD} %{REQUEST_URI} %{QUERY_STRING} %{REQUEST_SCHEME}"
                + " %{SERVER_PROTOCOL} %{HTTPS} %{IPV6} %{API_VERSION} %{REMOTE_ADDR} %{THE_REQUEST}"
                + " %{REQUEST_STATUS} %{SERVER_NAME} %{HTTP:X-Mine} %{DOCUMENT_URI}\"\n");
        htdocs("v.txt", "v");
        String response = raw("GET /v.txt?q=1 HTTP/1.1\r\nHost: localhost\r\nX-Mine: m\r\nConnection: close\r\n\r\n");
        assertThat(response).contains("\r\nX-Vars: GET /v.txt q=1 http HTTP/1.1 off off 20120211 127.0.0.1"
                + " GET /v.txt?q=1 HTTP/1.1 200 localhost m /v.txt\r\n");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "<Else>|</Else>|<Else> or <ElseIf> section without previous <If> or <ElseIf> section in same scope",
        "<If true>\\n</If>\\n<Else x>|</Else>|<Else> does not take an argument",
        "<If>|</If>|<If> directive requires additional arguments",
        "<If \"%{FOO} == 1\">|</If>|Cannot parse condition clause: Variable 'FOO' does not exist",
        "<If \"%{HTTP_HOST} ==\">|</If>|Cannot parse condition clause: syntax error, unexpected $end",
        "<If \"true\" \"x\">|</If>|Multiple <If> arguments not supported.",
        "<If true>\\nListen 1234|</If>|Listen not allowed in <If> context",
        "<If true>\\n<Location /x>|</Location>\\n</If>|<Location not allowed in <If> context",
        "<If true>\\n<Directory /x>|</Directory>\\n</If>|<Directory not allowed in <If> context",
        "<If true>\\n</If>\\n<Else>\\n</Else>\\n<Else>|</Else>|<Else> or <ElseIf> section without previous <If> or <ElseIf> section in same scope",
    })
    void mistakesAreRefusedAtTheirLineInHttpdsWords(String opening, String closing, String message) {
        String section = opening.replace("\\n", "\n") + "\n" + closing.replace("\\n", "\n") + "\n";
        int line = 2 + (int) opening.replace("\\n", "\n").lines().count() - 1;
        assertThatThrownBy(() -> TestServer.check(root, "LoadModule http\n" + section))
                .isInstanceOfSatisfying(ConfigException.class, e -> {
                    assertThat(e.getMessage()).isEqualTo(message);
                    assertThat(e.location().line()).isEqualTo(line);
                });
    }
}
