package org.sluice.http.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.sluice.config.ConfigException;
import org.sluice.testing.TestServer;

/**
 * {@code UseCanonicalName} and {@code UseCanonicalPhysicalPort}: where the server's own URLs
 * (a directory's slash redirect, {@code %V}) take its name and port from. The expected answers
 * are Apache httpd 2.4.71's on the same configuration.
 */
class CanonicalNameTest extends HttpServerTestBase {

    private static final String SECTIONS = """
            ServerName canon.test
            LogFormat "%V" names
            CustomLog logs/names_log names
            <Location /d>
              UseCanonicalName On
            </Location>
            <Location /d/p>
              UseCanonicalPhysicalPort On
            </Location>
            """;

    private String location(String path, String host) throws Exception {
        String reply = raw("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n");
        int at = reply.indexOf("\r\nLocation: ");
        return at < 0 ? null : reply.substring(at + 12, reply.indexOf("\r\n", at + 12));
    }

    @Test
    void selfReferencesFollowTheSetting() throws Exception {
        htdocs("d/p/x.txt", "x");
        htdocs("e/x.txt", "x");
        start(SECTIONS);
        assertThat(location("/d", "asked.test:7777")).isEqualTo("http://canon.test/d/");
        assertThat(location("/d/p", "asked.test:7777")).isEqualTo("http://canon.test:" + port + "/d/p/");
        assertThat(location("/e", "asked.test:7777")).isEqualTo("http://asked.test:7777/e/");
        assertThat(location("/e", "asked.test")).isEqualTo("http://asked.test/e/");
        Path log = root.resolve("logs/names_log");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "")
                        .isEqualTo("canon.test\ncanon.test\nasked.test\nasked.test\n"));
    }

    @Test
    void aServerNameWithTheHttpsSchemeMakesHttpsUrlsBehindATlsProxy() throws Exception {
        htdocs("d/x.txt", "x");
        htdocs("e/x.txt", "x");
        start("""
                ServerName https://canon.test
                LogFormat "%p" ports
                CustomLog logs/ports_log ports
                <Location /d>
                  UseCanonicalName On
                </Location>
                """);
        assertThat(location("/d", "asked.test:7777")).isEqualTo("https://canon.test/d/");
        assertThat(location("/e", "asked.test:7777")).isEqualTo("https://asked.test:7777/e/");
        assertThat(location("/e", "asked.test")).isEqualTo("https://asked.test/e/");
        Path log = root.resolve("logs/ports_log");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "")
                        .isEqualTo("443\n443\n443\n"));
    }

    @Test
    void dnsNamesTheAddressConnectedTo() throws Exception {
        htdocs("n/x.txt", "x");
        start("ServerName canon.test\n<Location /n>\nUseCanonicalName DNS\n</Location>\n");
        String name = java.net.InetAddress.getByName("127.0.0.1").getCanonicalHostName()
                .toLowerCase(java.util.Locale.ROOT);
        assertThat(location("/n", "asked.test")).isEqualTo("http://" + name + "/n/");
        // looked up once for the address: the second answer is the same
        assertThat(location("/n", "other.test")).isEqualTo("http://" + name + "/n/");
    }

    @Test
    void wrongValuesAreRefusedInHttpdsWords() {
        assertThatThrownBy(() -> TestServer.check(root, "LoadModule http\nUseCanonicalName maybe\n"))
                .isInstanceOfSatisfying(ConfigException.class,
                        e -> assertThat(e.getMessage()).isEqualTo("parameter must be 'on', 'off', or 'dns'"));
        assertThatThrownBy(() -> TestServer.check(root, "LoadModule http\nUseCanonicalPhysicalPort 1\n"))
                .isInstanceOfSatisfying(ConfigException.class,
                        e -> assertThat(e.getMessage()).isEqualTo("parameter must be 'on' or 'off'"));
    }
}
