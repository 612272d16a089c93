package org.sluice.http.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.sluice.config.ConfigException;
import org.sluice.testing.TestDnsServer;

/**
 * Client host names through a real server whose look-ups go to a test DNS server:
 * {@code HostnameLookups} for {@code %h} and {@code Remote_Host}, {@code Require host},
 * {@code Require forward-dns} and {@code Allow from name}. The client is 127.0.0.1; each
 * test gives it the name it needs.
 */
class HostnameLookupsTest extends HttpServerTestBase {

    private static final String LOG = """
            LogFormat "%h|%{c}h|%a|%U" names
            CustomLog logs/names_log names
            """;

    private TestDnsServer dns;

    @BeforeEach
    void startDns() throws Exception {
        dns = TestDnsServer.start().useForLookups(5000);
        htdocs("index.html", "hello\n");
        htdocs("h/x.txt", "h\n");
    }

    @AfterEach
    void stopDns() {
        dns.close();
    }

    /** 127.0.0.1 is {@code client.example.test}, which resolves back to it. */
    private void confirmedName() {
        dns.ptr("127.0.0.1", "client.example.test").address("client.example.test", "127.0.0.1");
    }

    /** 127.0.0.1 claims {@code spoofed.example.test}, which is another address's. */
    private void spoofedName() {
        dns.ptr("127.0.0.1", "spoofed.example.test").address("spoofed.example.test", "192.0.2.7");
    }

    @Test
    void onLogsTheReverseNameEvenUnconfirmed() throws Exception {
        spoofedName();
        start(LOG + "HostnameLookups On\n");
        get("/index.html");
        assertThat(logLines(1)).containsExactly("spoofed.example.test|spoofed.example.test|127.0.0.1|/index.html");
    }

    @Test
    void doubleLogsAConfirmedName() throws Exception {
        confirmedName();
        start(LOG + "HostnameLookups Double\n");
        get("/index.html");
        assertThat(logLines(1)).containsExactly("client.example.test|client.example.test|127.0.0.1|/index.html");
    }

    @Test
    void doubleLogsTheAddressWhenTheNameDoesNotResolveBack() throws Exception {
        spoofedName();
        start(LOG + "HostnameLookups Double\n");
        get("/index.html");
        assertThat(logLines(1)).containsExactly("127.0.0.1|127.0.0.1|127.0.0.1|/index.html");
        assertThat(dns.questions("A", "spoofed.example.test")).isEqualTo(1);
    }

    @Test
    void settingOfTheSectionDecides() throws Exception {
        confirmedName();
        start(LOG + "<Location /h>\nHostnameLookups On\n</Location>\n");
        get("/index.html");
        get("/h/x.txt");
        assertThat(logLines(2)).containsExactly("127.0.0.1|127.0.0.1|127.0.0.1|/index.html",
                "client.example.test|client.example.test|127.0.0.1|/h/x.txt");
    }

    @Test
    void offLooksNothingUpButShowsTheNameAHostRuleLookedUpOnTheConnection() throws Exception {
        spoofedName();
        start(LOG + "<Location /h>\nRequire host example.test\n</Location>\n");
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            out.write("GET /index.html HTTP/1.1\r\nHost: a\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            assertThat(readResponse(in)).startsWith("HTTP/1.1 200 OK");
            assertThat(dns.questions()).isZero();
            out.write(("GET /h/x.txt HTTP/1.1\r\nHost: a\r\n\r\n"
                    + "GET /index.html HTTP/1.1\r\nHost: a\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            assertThat(readResponse(in)).startsWith("HTTP/1.1 403 Forbidden");
            assertThat(readResponse(in)).startsWith("HTTP/1.1 200 OK");
        }
        // as httpd: the reverse name is kept for the connection, confirmed or not
        assertThat(logLines(3)).containsExactly("127.0.0.1|127.0.0.1|127.0.0.1|/index.html",
                "spoofed.example.test|spoofed.example.test|127.0.0.1|/h/x.txt",
                "spoofed.example.test|spoofed.example.test|127.0.0.1|/index.html");
    }

    @Test
    void remoteHostOfSetEnvIfIsTheName() throws Exception {
        confirmedName();
        start("HostnameLookups On\nSetEnvIf Remote_Host \"\\.example\\.test$\" tested=yes\n"
                + "Header set X-Tested \"%{tested}e\"\n");
        assertThat(get("/index.html").headers().allValues("X-Tested")).containsExactly("yes");
    }

    @Test
    void rewriteAndExpressionsSeeTheName() throws Exception {
        confirmedName();
        start("HostnameLookups On\nRewriteEngine On\n"
                + "RewriteCond %{REMOTE_HOST} \\.example\\.test$\nRewriteRule ^/named$ /index.html [L]\n"
                + "Header set X-Host \"expr=%{REMOTE_HOST}\"\n");
        HttpResponse<String> named = get("/named");
        assertThat(named.body()).isEqualTo("hello\n");
        assertThat(named.headers().allValues("X-Host")).containsExactly("client.example.test");
    }

    @Test
    void requireHostGrantsAConfirmedName() throws Exception {
        confirmedName();
        start("<Location /h>\nRequire host example.test\n</Location>\n");
        assertThat(get("/h/x.txt").statusCode()).isEqualTo(200);
    }

    @Test
    void requireHostDeniesANameThatDoesNotResolveBack() throws Exception {
        spoofedName();
        start("<Location /h>\nRequire host example.test\n</Location>\n");
        assertThat(get("/h/x.txt").statusCode()).isEqualTo(403);
        assertThat(dns.questions("A", "spoofed.example.test")).isEqualTo(1);
    }

    @Test
    void requireHostDeniesAClientWithoutAName() throws Exception {
        start("<Location /h>\nRequire host example.test\n</Location>\n");
        assertThat(get("/h/x.txt").statusCode()).isEqualTo(403);
        assertThat(dns.questions("PTR", "127.0.0.1")).isEqualTo(1);
    }

    @Test
    void allowFromAHostNameUsesTheConfirmedName() throws Exception {
        confirmedName();
        start("<Location /h>\nOrder Deny,Allow\nDeny from all\nAllow from client.example.test\n</Location>\n");
        assertThat(get("/h/x.txt").statusCode()).isEqualTo(200);
    }

    @Test
    void requireForwardDnsGrantsANameThatResolvesToTheClient() throws Exception {
        dns.address("dyn.example.test", "192.0.2.9").address("dyn.example.test", "127.0.0.1");
        start("<Location /h>\nRequire forward-dns other.example.test dyn.example.test\n</Location>\n");
        assertThat(get("/h/x.txt").statusCode()).isEqualTo(200);
        // only the configured names are asked about, never the client's address
        assertThat(dns.questions("PTR", "127.0.0.1")).isZero();
    }

    @Test
    void requireForwardDnsDeniesANameOfOtherAddresses() throws Exception {
        dns.address("dyn.example.test", "192.0.2.9");
        start("<Location /h>\nRequire forward-dns dyn.example.test\n</Location>\n");
        assertThat(get("/h/x.txt").statusCode()).isEqualTo(403);
    }

    @Test
    void aLookUpIsAnsweredFromTheCacheForTheNextConnection() throws Exception {
        confirmedName();
        start("HostnameLookups Double\n");
        get("/index.html");
        raw("GET /index.html HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");
        assertThat(dns.questions("PTR", "127.0.0.1")).isEqualTo(1);
        assertThat(dns.questions("A", "client.example.test")).isEqualTo(1);
    }

    @Test
    void aLookUpWithoutAnswerDeniesAfterTheTimeout() throws Exception {
        dns.close();
        dns = TestDnsServer.start().useForLookups(300).silent(true);
        start(LOG + "HostnameLookups On\n<Location /h>\nRequire host example.test\n</Location>\n");
        assertThat(get("/h/x.txt").statusCode()).isEqualTo(403);
        assertThat(get("/index.html").statusCode()).isEqualTo(200);
        assertThat(logLines(2)).containsExactly("127.0.0.1|127.0.0.1|127.0.0.1|/h/x.txt",
                "127.0.0.1|127.0.0.1|127.0.0.1|/index.html");
    }

    @Test
    void everyEventLoopServesOtherConnectionsWhileALookUpWaits() throws Exception {
        confirmedName();
        dns.hold();
        start("<Location /h>\nRequire host example.test\n</Location>\n");
        try (Socket waiting = new Socket("127.0.0.1", port)) {
            waiting.setSoTimeout(10_000);
            OutputStream out = waiting.getOutputStream();
            out.write("GET /h/x.txt HTTP/1.1\r\nHost: a\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            await().atMost(Duration.ofSeconds(10)).until(() -> dns.held() > 0);
            // connections go to the event loops in turn: as many as there are loops reach the waiting one's
            for (int i = 0; i < Runtime.getRuntime().availableProcessors(); i++) {
                assertThat(raw("GET /index.html HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n"))
                        .startsWith("HTTP/1.1 200 OK");
            }
            InputStream in = waiting.getInputStream();
            assertThat(in.available()).isZero();
            dns.release();
            assertThat(readResponse(in)).startsWith("HTTP/1.1 200 OK");
        }
    }

    @Test
    void hostnameLookupsTakesOnOffOrDouble() {
        assertThatThrownBy(() -> org.sluice.testing.TestServer.check(root, "LoadModule http\nHostnameLookups maybe\n"))
                .isInstanceOfSatisfying(ConfigException.class, e -> {
                    assertThat(e.getMessage()).isEqualTo("parameter must be 'on', 'off', or 'double'");
                    assertThat(e.location().line()).isEqualTo(2);
                });
    }

    /** The first {@code count} lines of the names log, once they are there. */
    private List<String> logLines(int count) throws Exception {
        Path log = root.resolve("logs/names_log");
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(log) && Files.readAllLines(log).size() >= count);
        return Files.readAllLines(log);
    }
}
