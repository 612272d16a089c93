package org.sluice.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sluice.testing.TestServer;

/**
 * The Prometheus Apache exporter (Debian's {@code prometheus-apache-exporter}) scrapes
 * {@code server-status?auto}. Skipped where the exporter is not installed.
 */
class ApacheExporterTest {

    private static final Path EXPORTER = Path.of("/usr/bin/prometheus-apache-exporter");

    @TempDir
    Path root;

    @Test
    void theExporterScrapesTheStatusPage() throws Exception {
        assumeTrue(Files.isExecutable(EXPORTER), "prometheus-apache-exporter is not installed");
        Files.createDirectories(root.resolve("htdocs"));
        Files.createDirectories(root.resolve("logs"));
        Files.writeString(root.resolve("htdocs/a.txt"), "a");
        int port = TestServer.freePort();
        int metricsPort = TestServer.freePort();
        HttpClient client = HttpClient.newHttpClient();
        try (TestServer server = TestServer.start(root, "LoadModule http\nListen 127.0.0.1:" + port + " http\n"
                + "DocumentRoot htdocs\nGracefulShutdownTimeout 2\n"
                + "<Location /server-status>\nSetHandler server-status\nRequire ip 127.0.0.1\n</Location>\n")) {
            client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/a.txt")).build(),
                    HttpResponse.BodyHandlers.discarding());
            Process exporter = new ProcessBuilder(EXPORTER.toString(),
                    "--telemetry.address=127.0.0.1:" + metricsPort,
                    "--scrape_uri=http://127.0.0.1:" + port + "/server-status?auto")
                    .redirectErrorStream(true).redirectOutput(root.resolve("logs/exporter").toFile()).start();
            try {
                HttpRequest metrics = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + metricsPort + "/metrics"))
                        .timeout(Duration.ofSeconds(5)).build();
                await().atMost(Duration.ofSeconds(10)).ignoreExceptions().untilAsserted(() -> {
                    String body = client.send(metrics, HttpResponse.BodyHandlers.ofString()).body();
                    assertThat(body).contains("\napache_up 1\n").containsPattern("\napache_accesses_total [1-9]")
                            .contains("apache_info{mpm=\"event\"").contains("apache_workers{state=\"busy\"} 1");
                });
            } finally {
                exporter.destroy();
                exporter.waitFor();
            }
        }
    }
}
