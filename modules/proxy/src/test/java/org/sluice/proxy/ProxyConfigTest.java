package org.sluice.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.sluice.config.ConfigException;
import org.sluice.testing.TestServer;

/** The directives' syntax, what is refused at its line, ProxyPassReverse and RewriteRule [P]. */
class ProxyConfigTest extends ProxyTestBase {

    @ParameterizedTest
    @CsvSource(delimiterString = " => ", value = {
        "ProxyRequests On => ProxyRequests On (a forward proxy) is not supported by Sluice",
        "ProxyPass /a https://b/ => ProxyPass: scheme https:// is not supported by Sluice: only http:// backends are",
        "ProxyPass /a ajp://b/ => ProxyPass: scheme ajp:// is not supported by Sluice",
        "ProxyPass /a http://b/ retry=5 => ProxyPass: key 'retry' is not supported by Sluice",
        "ProxyPass /a http://b/ nocanon => ProxyPass: flag 'nocanon' is not supported by Sluice",
        "ProxyPass /a http://b/ timeout=soon => ProxyPass timeout: 'soon' is not a time",
        "ProxyPass /a => ProxyPass|ProxyPassMatch needs a path when not defined in a location",
        "ProxyPass a http://b/ => ProxyPass: the path 'a' does not start with '/'",
        "ProxyPassMatch ^/(a http://b/$1 => Regular expression could not be compiled",
        "ProxyPassMatch ^/(.*)$ http://$1/ => ProxyPassMatch: the backend's host in 'http://$1/' must be written out",
        "ProxyPass /a ! timeout=1 => ProxyPass /a ! takes no parameters",
        "ProxyVia sometimes => ProxyVia must be one of: off | on | full | block",
        "ProxyTimeout 0 => Proxy Timeout must be at least 1 second.",
        "<Location /a>\\nProxyPass /a http://b/\\n</Location> => ProxyPass|ProxyPassMatch can not have a path when defined in a location.",
        "<Directory />\\nProxyPass http://b/\\n</Directory> => ProxyPass cannot occur within <Directory> section",
        "ProxyPassReverse /a => ProxyPassReverse needs a path when not defined in a location",
    })
    void mistakesAndWhatSluiceDoesNotDoAreRefusedAtTheirLine(String directives, String message) {
        String config = "LoadModule http\nLoadModule proxy\n" + directives.replace("\\n", "\n") + "\n";
        assertThatThrownBy(() -> TestServer.check(root, config))
                .isInstanceOfSatisfying(ConfigException.class, e -> {
                    assertThat(e.location().line()).isEqualTo(directives.startsWith("<") ? 4 : 3);
                    assertThat(e.getMessage()).startsWith(message);
                });
    }

    @Test
    void ifModuleModProxyHolds() throws Exception {
        TestServer.check(root, """
                LoadModule http
                LoadModule proxy
                <IfModule mod_proxy.c>
                <IfModule proxy_http_module>
                ProxyPass /a http://127.0.0.1:9/ timeout=5 connectiontimeout=500ms max=4 ttl=60 disablereuse=Off
                ProxyTimeout 30
                </IfModule>
                </IfModule>
                """);
    }

    @Test
    void httpdsLoadModuleLinesLoadIt() throws Exception {
        TestServer.check(root, """
                LoadModule http
                LoadModule proxy_module /usr/lib/apache2/modules/mod_proxy.so
                LoadModule proxy_http_module /usr/lib/apache2/modules/mod_proxy_http.so
                ProxyPass /a http://127.0.0.1:9/
                """);
    }

    @Test
    void proxyPassReverseRewritesTheBackendsRedirects() throws Exception {
        backend(exchange -> exchange.send("HTTP/1.1 302 Found\r\nLocation: " + backend.url() + "/base/login?next=%2F\r\n"
                + "Content-Location: " + backend.url() + "/base/page\r\nURI: http://elsewhere/x\r\n"
                + "Content-Length: 0\r\n\r\n"));
        start("ProxyPass /app/ BACKEND/base/\nProxyPassReverse /app/ BACKEND/base/\n");

        String response = raw("GET /app/ HTTP/1.1\r\nHost: www.example.com:8080\r\nConnection: close\r\n\r\n");

        assertThat(response).startsWith("HTTP/1.1 302 Found\r\n")
                .contains("\r\nLocation: http://www.example.com:8080/app/login?next=%2F\r\n")
                .contains("\r\nContent-Location: http://www.example.com:8080/app/page\r\n")
                .contains("\r\nURI: http://elsewhere/x\r\n");
    }

    @Test
    void proxyPassReverseInALocationTakesItsPath() throws Exception {
        backend(exchange -> exchange.send("HTTP/1.1 301 Moved Permanently\r\nLocation: " + backend.url()
                + "/next\r\nContent-Length: 0\r\n\r\n"));
        start("<Location /app>\nProxyPass BACKEND\nProxyPassReverse BACKEND\n</Location>\n");

        String response = raw("GET /app/x HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");

        assertThat(response).contains("\r\nLocation: http://localhost/app/next\r\n");
        assertThat(backend.next().target()).isEqualTo("/x");
    }

    @Test
    void rewriteRuleWithPForwardsThroughTheProxy() throws Exception {
        backend(exchange -> exchange.ok("rewritten"));
        start("RewriteEngine On\nRewriteRule ^/old/(.*)$ BACKEND/new/$1 [P]\nProxyPass /unused BACKEND/\n");

        CurlResult result = curl("/old/a%20b?q=1");

        assertThat(result.status()).isEqualTo(200);
        assertThat(result.bodyText()).isEqualTo("rewritten");
        assertThat(backend.next().target()).isEqualTo("/new/a%20b?q=1");
    }

    @Test
    void aBackendDownIsAnsweredBeforeTheClientSendsItsBody() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        start("ProxyPass / http://127.0.0.1:" + closedPort + "/\n");

        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /upload HTTP/1.1\r\nHost: localhost\r\nContent-Length: 1000000\r\n"
                    + "Expect: 100-continue\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            InputStream in = socket.getInputStream();
            // no 100 Continue first: the final answer, without waiting for a byte of the body
            assertThat(readHead(in)).startsWith("HTTP/1.1 503 ");
        }
    }

    @Test
    void aGracefulRestartRetiresTheOldBackendConnections() throws Exception {
        backend(exchange -> exchange.ok("ok"));
        start("ProxyPass / BACKEND/\n");
        assertThat(curl("/a").status()).isEqualTo(200);

        server.reload("LoadModule http\nLoadModule proxy\nListen 127.0.0.1:" + port + " http\nServerName localhost\n"
                + "ProxyPass / " + backend.url() + "/other/\n");

        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                .until(() -> backend.ended.get() == 1);
        assertThat(curl("/b").status()).isEqualTo(200);
        backend.next();
        assertThat(backend.next().target()).isEqualTo("/other/b");
    }
}
