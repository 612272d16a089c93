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
 * Request environment variables (mod_setenvif, mod_env) and what heeds them, through a real
 * server. The answers are those of Apache httpd 2.4.71 on the same configuration.
 */
class RequestEnvironmentTest extends HttpServerTestBase {

    private static final String RULES = """
            LogFormat "%U|%{client}e|%{STAGE}e" envlog
            CustomLog logs/env_log envlog env=!dontlog
            SetEnvIf Request_URI "\\.png$" dontlog
            BrowserMatchNoCase "^curl/(\\d+)" client=curl-$1
            BrowserMatch "^nokeep" nokeepalive
            SetEnvIf X-Token ^secret$ let_in
            SetEnvIf ^X-Cu[s]tom- "(.+)" custom=$1
            SetEnv STAGE prod
            Header set X-Client "%{client}e"
            Header set X-Stage "%{STAGE}e" env=STAGE
            Header set X-Not-Png yes env=!dontlog
            Header set X-Custom "%{custom}e" env=custom
            Header set X-Sec "%{in_section}e"
            <Location /priv>
              Order deny,allow
              Deny from all
              Allow from env=let_in
            </Location>
            <Location /sec>
              SetEnvIf Request_Method GET in_section=yes
              UnsetEnv STAGE
            </Location>
            <Location /z>
              SetOutputFilter DEFLATE
            </Location>
            <Location /z/plain.txt>
              SetEnvIf Request_URI . no-gzip
            </Location>
            """;

    private void startWithRules() throws Exception {
        htdocs("a.txt", "hello\n");
        htdocs("i.png", "png\n");
        htdocs("priv/x.txt", "p\n");
        htdocs("sec/x.txt", "s\n");
        htdocs("z/big.txt", "z".repeat(3000));
        htdocs("z/plain.txt", "z".repeat(3000));
        start(RULES);
    }

    @Test
    void variablesFillHeaderValuesAndConditions() throws Exception {
        startWithRules();
        HttpResponse<String> text = get("/a.txt", "User-Agent", "curl/8.1");
        assertThat(text.headers().allValues("X-Client")).containsExactly("curl-8");
        assertThat(text.headers().allValues("X-Stage")).containsExactly("prod");
        assertThat(text.headers().allValues("X-Not-Png")).containsExactly("yes");
        assertThat(text.headers().allValues("X-Sec")).containsExactly("(null)");
        HttpResponse<String> png = get("/i.png", "User-Agent", "foo");
        assertThat(png.headers().allValues("X-Client")).containsExactly("(null)");
        assertThat(png.headers().firstValue("X-Not-Png")).isEmpty();
    }

    @Test
    void sectionRulesRunAfterTheServersAndUnsetEnvRemoves() throws Exception {
        startWithRules();
        HttpResponse<String> section = get("/sec/x.txt", "X-Custom-A", "val");
        assertThat(section.headers().allValues("X-Sec")).containsExactly("yes");
        assertThat(section.headers().allValues("X-Custom")).containsExactly("val");
        assertThat(section.headers().firstValue("X-Stage")).isEmpty();
    }

    @Test
    void accessRulesSeeVariablesSetFromTheRequest() throws Exception {
        startWithRules();
        assertThat(get("/priv/x.txt").statusCode()).isEqualTo(403);
        assertThat(get("/priv/x.txt", "X-Token", "secret").statusCode()).isEqualTo(200);
        assertThat(get("/priv/x.txt", "X-Token", "secrets").statusCode()).isEqualTo(403);
    }

    @Test
    void customLogLeavesOutWhatItsConditionExcludes() throws Exception {
        startWithRules();
        get("/i.png", "User-Agent", "curl/7.1");
        get("/a.txt", "User-Agent", "curl/7.1");
        get("/sec/x.txt", "User-Agent", "other");
        Path log = root.resolve("logs/env_log");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "")
                        .isEqualTo("/a.txt|curl-7|prod\n/sec/x.txt|-|-\n"));
    }

    @Test
    void aLocalErrorDocumentSeesTheVariablesRenamedAndTheLogConditionTheFirstRequests() throws Exception {
        htdocs("oops.txt", "oops\n");
        start("""
                LogFormat "%U|%>s|%{FOO}e|%{REDIRECT_FOO}e|%{REDIRECT_STATUS}e" envlog
                CustomLog logs/env_log envlog env=FOO
                SetEnvIf Request_URI "^/nf" FOO=bar
                ErrorDocument 404 /oops.txt
                Header always set X-E "%{FOO}e|%{REDIRECT_FOO}e|%{REDIRECT_STATUS}e"
                """);
        HttpResponse<String> missing = get("/nf/x");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.body()).isEqualTo("oops\n");
        assertThat(missing.headers().allValues("X-E")).containsExactly("(null)|bar|404");
        assertThat(get("/oops.txt").headers().allValues("X-E")).containsExactly("(null)|(null)|(null)");
        // logged: the first request has FOO; the line's variables are the last request's
        Path log = root.resolve("logs/env_log");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "")
                        .isEqualTo("/nf/x|404|-|bar|404\n"));
    }

    @Test
    void anIndexSharesTheVariablesOfTheRequestForItsDirectory() throws Exception {
        htdocs("d/index.html", "index\n");
        start("""
                SetEnvIf Request_URI "^/d/$" FOO=bar
                Header set X-E "%{FOO}e|%{REDIRECT_FOO}e"
                """);
        assertThat(get("/d/").headers().allValues("X-E")).containsExactly("bar|(null)");
    }

    @Test
    void nokeepaliveClosesTheConnection() throws Exception {
        startWithRules();
        String replies = raw("GET /a.txt HTTP/1.1\r\nHost: x\r\nUser-Agent: nokeep/1\r\n\r\n"
                + "GET /a.txt HTTP/1.1\r\nHost: x\r\n\r\n");
        assertThat(replies).startsWith("HTTP/1.1 200 ").contains("\r\nConnection: close\r\n");
        assertThat(count(replies, "HTTP/1.1 200 ")).isEqualTo(1);
    }

    @Test
    void noGzipKeepsTheResponseUncompressedWithoutVary() throws Exception {
        startWithRules();
        HttpResponse<String> compressed = get("/z/big.txt", "Accept-Encoding", "gzip");
        assertThat(compressed.headers().firstValue("Content-Encoding")).hasValue("gzip");
        HttpResponse<String> plain = get("/z/plain.txt", "Accept-Encoding", "gzip");
        assertThat(plain.headers().firstValue("Content-Encoding")).isEmpty();
        assertThat(plain.headers().firstValue("Vary")).isEmpty();
        assertThat(plain.body()).hasSize(3000);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "SetEnvIf|Missing header-field name for SetEnvIf",
        "SetEnvIf User-Agent|Missing regular expression for SetEnvIf",
        "BrowserMatch|Missing regular expression for BrowserMatch",
        "SetEnvIf User-Agent x|Missing envariable expression for SetEnvIf",
        "SetEnvIf User-Agent ( x|SetEnvIf regex could not be compiled.",
        "SetEnvIf ( x y|SetEnvIfHeader name regex could not be compiled.",
        "CustomLog logs/x common env=|missing environment variable name",
        "CustomLog logs/x common foo|error in condition clause",
        "Header set X y env=|error: missing environment variable name.",
    })
    void mistakesAreRefusedAtTheirLineInHttpdsWords(String directive, String message) {
        assertThatThrownBy(() -> TestServer.check(root, "LoadModule http\n" + directive + "\n"))
                .isInstanceOfSatisfying(ConfigException.class, e -> {
                    assertThat(e.location().line()).isEqualTo(2);
                    assertThat(e.getMessage()).startsWith(message);
                });
    }
}
