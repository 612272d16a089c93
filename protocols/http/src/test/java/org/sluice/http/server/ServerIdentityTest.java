package org.sluice.http.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpResponse;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.sluice.config.ConfigException;
import org.sluice.server.ServerVersion;
import org.sluice.testing.TestServer;

/**
 * {@code ServerTokens}, {@code ServerSignature} and {@code ServerAdmin}: what the server says it
 * is, in the {@code Server} field and at the foot of the pages it makes itself. The expected
 * texts are httpd 2.4.71's for the same configuration and requests, with Sluice's name.
 */
class ServerIdentityTest extends HttpServerTestBase {

    private static final ServerVersion VERSION = ServerVersion.current();

    @Test
    void serverFieldNamesVersionOperatingSystemAndJavaByDefault() throws Exception {
        start("");
        htdocs("index.html", "hello");

        String java = Runtime.version().version().stream().map(String::valueOf).collect(Collectors.joining("."));

        assertThat(get("/index.html").headers().firstValue("Server"))
                .hasValue(VERSION + " (" + System.getProperty("os.name") + ") Java/" + java);
    }

    @ParameterizedTest
    @CsvSource({"Prod, Sluice", "ProductOnly, Sluice", "major, Sluice/{major}", "Minor, Sluice/{minor}",
        "Min, Sluice/{version}", "MINIMAL, Sluice/{version}", "OS, Sluice/{version} ({os})"})
    void serverTokensChoosesWhatTheServerFieldSays(String tokens, String expected) throws Exception {
        start("ServerTokens " + tokens + "\n");
        htdocs("index.html", "hello");

        assertThat(get("/index.html").headers().firstValue("Server")).hasValue(expected
                .replace("{major}", VERSION.major()).replace("{minor}", VERSION.minor())
                .replace("{version}", VERSION.number()).replace("{os}", System.getProperty("os.name")));
    }

    @Test
    void serverTokensOfTheMainServerNameEveryVirtualHost() throws Exception {
        start("ServerTokens Prod\n<VirtualHost 127.0.0.1:*>\nServerName other.example\n</VirtualHost>\n");

        assertThat(raw("GET / HTTP/1.1\r\nHost: other.example\r\nConnection: close\r\n\r\n"))
                .contains("\r\nServer: Sluice\r\n");
    }

    @Test
    void serverSignatureOnSignsErrorPagesWithTheHostAndPortAskedFor() throws Exception {
        start("ServerTokens Prod\nServerSignature On\n");

        assertThat(get("/missing").body()).endsWith("on this server.</p>\n<hr>\n"
                + "<address>Sluice Server at 127.0.0.1 Port " + port + "</address>\n</body></html>\n");
    }

    @Test
    void signatureNamesTheHostLowerCasedAndPort80WhenTheClientNamedNone() throws Exception {
        start("ServerTokens Prod\nServerSignature On\n");

        assertThat(raw("GET /missing HTTP/1.1\r\nHost: WWW.Example.org\r\nConnection: close\r\n\r\n"))
                .contains("<address>Sluice Server at www.example.org Port 80</address>\n");
    }

    @Test
    void signatureNamesAnIpv6HostWithoutBrackets() throws Exception {
        start("ServerTokens Prod\nServerSignature On\n");

        assertThat(raw("GET /missing HTTP/1.1\r\nHost: [::1]:8080\r\nConnection: close\r\n\r\n"))
                .contains("<address>Sluice Server at ::1 Port 8080</address>\n");
    }

    @Test
    void signatureNamesServerNameForARequestWithoutHost() throws Exception {
        start("ServerTokens Prod\nServerSignature On\n");

        assertThat(raw("GET /missing HTTP/1.0\r\n\r\n")).contains("<address>Sluice Server at localhost Port 80</address>\n");
    }

    @Test
    void signatureSaysWhatServerTokensSays() throws Exception {
        start("ServerTokens Minor\nServerSignature On\n");

        assertThat(get("/missing").body()).contains("<address>Sluice/" + VERSION.minor() + " Server at ");
    }

    @Test
    void serverSignatureEmailLinksServerAdmin() throws Exception {
        start("ServerTokens Prod\nServerSignature EMail\nServerAdmin webmaster@example.org\n");

        assertThat(get("/missing").body()).contains("<hr>\n<address>Sluice Server at "
                + "<a href=\"mailto:webmaster@example.org\">127.0.0.1</a> Port " + port + "</address>\n");
    }

    @Test
    void serverSignatureEmailLinksAnAdminUrlAsItIsEscaped() throws Exception {
        start("ServerTokens Prod\nServerSignature email\nServerAdmin \"https://example.org/contact?a=<b>&c\"\n");

        assertThat(get("/missing").body()).contains("<address>Sluice Server at "
                + "<a href=\"https://example.org/contact?a=&lt;b&gt;&amp;c\">127.0.0.1</a> Port " + port);
    }

    @Test
    void serverSignatureAppliesWhereItsSectionDoes() throws Exception {
        start("ServerTokens Prod\n<Location /signed>\nServerSignature On\n</Location>\n");

        assertThat(get("/signed/missing").body()).contains("<address>Sluice Server at ");
        assertThat(get("/missing").body()).doesNotContain("<address>");
    }

    @Test
    void serverSignatureInAnAccessFileNeedsOnlyAnyAllowOverrideClass() throws Exception {
        start("ServerTokens Prod\n<Directory " + root.resolve("htdocs") + ">\nAllowOverride Indexes\n</Directory>\n");
        htdocs("signed/.htaccess", "ServerSignature On\n");

        assertThat(get("/signed/missing").body()).contains("<address>Sluice Server at ");
    }

    @Test
    void directoryListingsAreSigned() throws Exception {
        start("ServerTokens Prod\nServerSignature On\n<Directory " + root.resolve("htdocs") + ">\nOptions Indexes\n"
                + "</Directory>\n");
        htdocs("dir/a.txt", "a");

        assertThat(get("/dir/").body()).endsWith("</ul>\n<address>Sluice Server at 127.0.0.1 Port " + port
                + "</address>\n</body></html>\n");
    }

    @Test
    void statusPageIsSignedOnlyUnderServerSignature() throws Exception {
        start("ServerTokens Prod\n<Location /server-status>\nSetHandler server-status\n</Location>\n"
                + "<Location /server-status/signed>\nSetHandler server-status\nServerSignature On\n</Location>\n");

        assertThat(get("/server-status").body()).doesNotContain("<address>").endsWith("</dl>\n</body></html>\n");
        assertThat(get("/server-status/signed").body())
                .endsWith("</dl>\n<hr />\n<address>Sluice Server at 127.0.0.1 Port " + port + "</address>\n</body></html>\n");
    }

    @Test
    void statusPageGivesTheWholeVersionWhateverServerTokensSays() throws Exception {
        start("ServerTokens Prod\n<Location /server-status>\nSetHandler server-status\n</Location>\n");

        assertThat(get("/server-status").body()).contains("<dt>Server Version: " + VERSION + " (");
        assertThat(get("/server-status?auto").body()).contains("\nServerVersion: " + VERSION + " (");
    }

    @Test
    void internalErrorPageAsksToContactServerAdmin() throws Exception {
        start("ServerAdmin \"admin@example.org\"\n<Directory " + root.resolve("htdocs") + ">\nAllowOverride All\n"
                + "</Directory>\n");
        htdocs("broken/.htaccess", "NoSuchDirective here\n");

        HttpResponse<String> response = get("/broken/");

        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(response.body()).contains("<h1>Internal Server Error</h1>\n<p>The server encountered an internal"
                + " error or\nmisconfiguration and was unable to complete\nyour request.</p>\n<p>Please contact the"
                + " server administrator at \n admin@example.org to inform them of the time this error occurred,\n"
                + " and the actions you performed just before this error.</p>\n<p>More information about this error"
                + " may be available\nin the server error log.</p>\n</body></html>\n");
    }

    @Test
    void internalErrorPageSaysNoAddressWasGivenWithoutServerAdmin() throws Exception {
        start("<Directory " + root.resolve("htdocs") + ">\nAllowOverride All\n</Directory>\n");
        htdocs("broken/.htaccess", "NoSuchDirective here\n");

        assertThat(get("/broken/").body()).contains("administrator at \n [no address given] to inform them");
    }

    @Test
    void serverAdminOfAVirtualHostIsItsOwn() throws Exception {
        start("ServerAdmin main@example.org\nServerSignature EMail\n"
                + "<VirtualHost 127.0.0.1:*>\nServerName main.example\n</VirtualHost>\n"
                + "<VirtualHost 127.0.0.1:*>\nServerName other.example\nServerAdmin other@example.org\n"
                + "</VirtualHost>\n");

        assertThat(raw("GET /missing HTTP/1.1\r\nHost: other.example\r\nConnection: close\r\n\r\n"))
                .contains("<a href=\"mailto:other@example.org\">other.example</a>");
        assertThat(raw("GET /missing HTTP/1.1\r\nHost: main.example\r\nConnection: close\r\n\r\n"))
                .contains("<a href=\"mailto:main@example.org\">main.example</a>");
    }

    @Test
    void unknownServerTokensIsRefusedInHttpdsWords() {
        assertRefused("ServerTokens Foo", 2,
                "ServerTokens takes 1 argument: 'Prod(uctOnly)', 'Major', 'Minor', 'Min(imal)', 'OS', or 'Full'");
    }

    @Test
    void serverTokensIsRefusedInAVirtualHost() {
        assertRefused("<VirtualHost 127.0.0.1:*>\nServerTokens Prod\n</VirtualHost>", 3,
                "ServerTokens cannot occur within <VirtualHost> section");
    }

    @Test
    void serverTokensIsRefusedInADirectory() {
        assertRefused("<Directory /srv>\nServerTokens Prod\n</Directory>", 3,
                "ServerTokens not allowed in <Directory> context");
    }

    @Test
    void unknownServerSignatureIsRefusedInHttpdsWords() {
        assertRefused("ServerSignature maybe", 2, "ServerSignature: use one of: off | on | email");
    }

    @Test
    void serverAdminIsRefusedInALocation() {
        assertRefused("<Location /a>\nServerAdmin a@example.org\n</Location>", 3,
                "ServerAdmin not allowed in <Location> context");
    }

    @Test
    void serverAdminWithoutItsArgumentIsRefused() {
        assertRefused("ServerAdmin", 2, "ServerAdmin takes one argument, The email address of the server administrator");
    }

    /** {@code config} after a first line that loads the module: its line {@code line}. */
    private void assertRefused(String config, int line, String message) {
        assertThatThrownBy(() -> TestServer.check(root, "LoadModule http\n" + config + "\n"))
                .isInstanceOfSatisfying(ConfigException.class, e -> {
                    assertThat(e.getMessage()).isEqualTo(message);
                    assertThat(e.location().line()).isEqualTo(line);
                });
    }
}
