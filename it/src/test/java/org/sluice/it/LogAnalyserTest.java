package org.sluice.it;

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
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The default configuration's access log ({@code combined}) read by a standard log analyser,
 * GoAccess (Debian's {@code goaccess}): every line Sluice writes must parse, with the request,
 * status, referrer and user agent where the analyser expects them. Skipped where GoAccess is
 * not installed.
 */
class LogAnalyserTest {

    private static final Path GOACCESS = Path.of("/usr/bin/goaccess");

    @TempDir
    Path directory;

    @Test
    void goAccessParsesEveryCombinedLine() throws Exception {
        assumeTrue(Files.isExecutable(GOACCESS), GOACCESS + " is not installed");
        ServerRoot root = ServerRoot.copyOfDefault(directory);
        Path log = root.resolve("logs/access_log");
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        try (SluiceProcess server = SluiceProcess.builder(root.path())
                .port("ECHO_PORT").port("ECHO_LC_PORT").port("HTTP_PORT").port("COMMAND_PORT").port("SMTP_PORT").start()) {
            String base = "http://127.0.0.1:" + server.port("HTTP_PORT");
            HttpResponse<String> page = client.send(HttpRequest.newBuilder(URI.create(base + "/index.html"))
                    .header("Referer", "http://ref.example/from?a=1")
                    .header("User-Agent", "Mozilla/5.0 (X11; Linux x86_64) \"quoted\" Firefox/120.0")
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(page.statusCode()).isEqualTo(200);
            String etag = page.headers().firstValue("ETag").orElseThrow();
            List<HttpRequest> more = List.of(
                    HttpRequest.newBuilder(URI.create(base + "/missing.html")).build(),
                    HttpRequest.newBuilder(URI.create(base + "/index.html")).HEAD().build(),
                    HttpRequest.newBuilder(URI.create(base + "/index.html")).header("If-None-Match", etag).build(),
                    HttpRequest.newBuilder(URI.create(base + "/index.html?q=a%20b&x=%22y%22")).build());
            for (HttpRequest request : more) {
                client.send(request, HttpResponse.BodyHandlers.discarding());
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> Files.readAllLines(log).size() == 5);
        }

        SluiceProcess.Completed goaccess = SluiceProcess.exec(List.of(GOACCESS.toString(), log.toString(),
                "--log-format=COMBINED", "--no-global-config", "-o", "json"), Duration.ofSeconds(60));
        assertThat(goaccess.exitCode()).as(goaccess.stderr()).isZero();
        String report = goaccess.stdout();
        assertThat(report).as(String.join("\n", Files.readAllLines(log)))
                .contains("\"total_requests\": 5,\"valid_requests\": 5,\"failed_requests\": 0,");
        // the User-Agent's quotes are escaped in the log, so goaccess reads the whole field
        // and finds the browser and system in it
        assertThat(report).contains("\"data\": \"\\/index.html\"", "\"data\": \"\\/missing.html\"",
                "\"data\": \"ref.example\"", "\"data\": \"Firefox\\/120.0\"", "\"data\": \"Linux\"",
                "\"data\": \"200 - OK", "\"data\": \"304 - Not Modified", "\"data\": \"404 - Not Found");
    }
}
