package org.sluice.http.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.sluice.config.ConfigException;
import org.sluice.testing.TestServer;

/**
 * The directives that take an expression besides {@code <If>}: {@code Require expr},
 * {@code Header ... expr=} and {@code SetEnvIfExpr}, through a real server. The expected
 * responses are what Apache httpd 2.4.71 sends for the same configuration and requests.
 */
class ExpressionDirectivesTest extends HttpServerTestBase {

    @Test
    void requireExprGrantsWhenTheExpressionHolds() throws Exception {
        start("<Location /auth>\n  Require expr \"%{QUERY_STRING} == 'ok'\"\n</Location>\n");
        htdocs("auth/a.txt", "a");
        assertThat(get("/auth/a.txt?ok").statusCode()).isEqualTo(200);
        assertThat(get("/auth/a.txt?no").statusCode()).isEqualTo(403);
    }

    @Test
    void requireExprOnTheUserAsksForCredentialsUntilItHolds() throws Exception {
        // "secret" for alice and bob, {SHA} as htpasswd -s writes it
        Files.writeString(root.resolve("users"), "alice:{SHA}5en6G6MezRroT3XKqkdPOmY/BfQ=\n"
                + "bob:{SHA}5en6G6MezRroT3XKqkdPOmY/BfQ=\n");
        start("<Location /r>\n  AuthType Basic\n  AuthName R\n  AuthUserFile users\n"
                + "  Require expr %{REMOTE_USER} == 'alice'\n</Location>\n");
        htdocs("r/x.txt", "x");
        assertThat(get("/r/x.txt").statusCode()).isEqualTo(401);
        assertThat(get("/r/x.txt", "Authorization", "Basic YWxpY2U6c2VjcmV0").statusCode()).isEqualTo(200);
        assertThat(get("/r/x.txt", "Authorization", "Basic Ym9iOnNlY3JldA==").statusCode()).isEqualTo(401);
    }

    @Test
    void headerWithAnExprConditionAppliesOnlyWhenItHolds() throws Exception {
        start("Header set X-Cond yes \"expr=%{REQUEST_URI} =~ m#^/d/#\"\n");
        htdocs("d/a.txt", "a");
        htdocs("e/a.txt", "a");
        assertThat(get("/d/a.txt").headers().allValues("X-Cond")).containsExactly("yes");
        assertThat(get("/e/a.txt").headers().firstValue("X-Cond")).isEmpty();
    }

    @Test
    void aHeaderConditionOnARequestHeaderAddsItToVary() throws Exception {
        start("Header set X-A a \"expr=req('User-Agent') == 'x'\"\n");
        htdocs("a.txt", "a");
        HttpResponse<String> response = get("/a.txt", "User-Agent", "x");
        assertThat(response.headers().allValues("X-A")).containsExactly("a");
        assertThat(response.headers().allValues("Vary")).containsExactly("User-Agent");
    }

    @Test
    void headerValuesMayBeStringExpressions() throws Exception {
        start("Header always set X-Status \"expr=%{REQUEST_STATUS} %{REQUEST_URI} %{tolower:%{REQUEST_METHOD}}\"\n"
                + "RequestHeader set X-In \"expr=in-%{req:X-Client}\"\nHeader set X-Echoed \"expr=%{req:X-In}\"\n");
        htdocs("a.txt", "a");
        HttpResponse<String> found = get("/a.txt", "X-Client", "c1");
        assertThat(found.headers().allValues("X-Status")).containsExactly("200 /a.txt get");
        assertThat(found.headers().allValues("X-Echoed")).containsExactly("in-c1");
        assertThat(get("/none.txt").headers().allValues("X-Status")).containsExactly("404 /none.txt get");
    }

    @Test
    void setEnvIfExprSetsVariablesWithTheGroupsOfItsRegex() throws Exception {
        start("SetEnvIfExpr \"%{QUERY_STRING} =~ /v=(\\w+)/\" qv=$1 qfixed\nHeader set X-Qv \"%{qv}e %{qfixed}e\"\n");
        htdocs("a.txt", "a");
        assertThat(get("/a.txt?v=abc").headers().allValues("X-Qv")).containsExactly("abc 1");
        assertThat(get("/a.txt?w").headers().allValues("X-Qv")).containsExactly("(null) (null)");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "Require expr \"%{FOO} == 1\"|Cannot parse expression in require line: Variable 'FOO' does not exist",
        "Header set X y \"expr=%{HTTP_HOST} ==\"|Can't parse envclause/expression: syntax error, unexpected $end",
        "Header set X \"expr=%{NOPE}\"|Can't parse value expression : Variable 'NOPE' does not exist",
        "SetEnvIfExpr \"1 -foo 2\" x|Could not parse expression \"1 -foo 2\": Binary operator '-foo' does not exist",
        "SetEnvIfExpr \"\" x|Missing expression for SetEnvIfExpr",
        "SetEnvIfExpr true|Missing envariable expression for SetEnvIfExpr",
    })
    void mistakesAreRefusedAtTheirLineInHttpdsWords(String directive, String message) {
        assertThatThrownBy(() -> TestServer.check(root, "LoadModule http\n<Location />\n" + directive + "\n</Location>\n"))
                .isInstanceOfSatisfying(ConfigException.class, e -> {
                    assertThat(e.getMessage()).isEqualTo(message);
                    assertThat(e.location().line()).isEqualTo(3);
                });
    }
}
