package org.sluice.http.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/**
 * The pages the server makes for errors and its own redirects, through a real server. Their
 * words are httpd 2.4.71's, line breaks included, as scripts that look for them expect.
 */
class ErrorPagesTest extends HttpServerTestBase {

    private static final String DOCTYPE =
            "<!DOCTYPE HTML PUBLIC \"-//W3C//DTD HTML 4.01//EN\" \"http://www.w3.org/TR/html4/strict.dtd\">\n";

    @Test
    void aSeeOtherPageSaysWhereTheAnswerIs() throws Exception {
        start("Redirect seeother /see http://example.com/x\n");
        assertThat(get("/see").body()).isEqualTo(DOCTYPE + "<html><head>\n<title>303 See Other</title>\n</head><body>\n"
                + "<h1>See Other</h1>\n<p>The answer to your request is located <a href=\"http://example.com/x\">here</a>."
                + "</p>\n</body></html>\n");
    }

    @Test
    void theAuthorizationPageKeepsHttpdsLineBreaks() throws Exception {
        Files.writeString(root.resolve("users"), "");
        start("<Location /auth>\nAuthType Basic\nAuthName x\nAuthUserFile users\nRequire valid-user\n</Location>\n");
        assertThat(get("/auth/a").body()).contains("<p>This server could not verify that you\nare authorized to access"
                + " the document\nrequested.  Either you supplied the wrong\ncredentials (e.g., bad password), or"
                + " your\nbrowser doesn't understand how to supply\nthe credentials required.</p>\n");
    }

    @Test
    void anUnknownMethodPageEndsItsSentenceWithABreak() throws Exception {
        start("");
        htdocs("a.txt", "a");
        assertThat(raw("FOO /a.txt HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"))
                .contains("<p>FOO not supported for current URL.<br />\n</p>\n");
    }

    @Test
    void anExpectationFailedPageShowsTheExpectationSent() throws Exception {
        start("");
        assertThat(raw("GET / HTTP/1.1\r\nHost: x\r\nExpect: 200-ok\r\n\r\n")).startsWith("HTTP/1.1 417 ")
                .contains("<p>The expectation given in the Expect request-header\nfield could not be met by this"
                        + " server.\nThe client sent<pre>\n    Expect: 200-ok\n</pre>\n</p><p>Only the 100-continue"
                        + " expectation is supported.</p>\n");
    }
}
