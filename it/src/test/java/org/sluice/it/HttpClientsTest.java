package org.sluice.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The default HTTP host driven by real clients: curl, ApacheBench and wrk. */
class HttpClientsTest {

    @TempDir
    static Path directory;

    private static SluiceProcess server;
    private static String base;

    @BeforeAll
    static void start() {
        ServerRoot root = ServerRoot.copyOfDefault(directory);
        server = SluiceProcess.builder(root.path())
                .port("ECHO_PORT").port("ECHO_LC_PORT").port("HTTP_PORT").port("COMMAND_PORT").port("SMTP_PORT").start();
        base = "http://127.0.0.1:" + server.port("HTTP_PORT");
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    /** Runs a client; if it hangs, the failure carries the server's threads, to see where it waits. */
    private static SluiceProcess.Completed run(String... command) {
        try {
            return SluiceProcess.exec(List.of(command), Duration.ofSeconds(60));
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "\nserver threads:\n" + server.threadDump(), e);
        }
    }

    private static void assumeInstalled(String tool) {
        assumeTrue(Files.isExecutable(Path.of(tool)), tool + " is not installed");
    }

    @Test
    void curlReusesTheConnectionForASecondRequest() {
        assumeInstalled("/usr/bin/curl");
        SluiceProcess.Completed curl = run("/usr/bin/curl", "-sv", "-o", "/dev/null", "-o", "/dev/null",
                base + "/", base + "/index.html");
        assertThat(curl.exitCode()).as(curl.stderr()).isZero();
        assertThat(curl.stderr()).contains("Re-using existing connection");
        assertThat(curl.stderr().split("< HTTP/1.1 200 OK", -1)).hasSize(3);
    }

    @Test
    void curlHeadGetsHeadersAndNoBody() {
        assumeInstalled("/usr/bin/curl");
        SluiceProcess.Completed curl = run("/usr/bin/curl", "-sI", base + "/index.html");
        assertThat(curl.stdout()).startsWith("HTTP/1.1 200 OK").contains("Content-Length: ").contains("ETag: ")
                .contains("Last-Modified: ");
    }

    @Test
    void curlRangeGetsPartialContent() {
        assumeInstalled("/usr/bin/curl");
        SluiceProcess.Completed curl = run("/usr/bin/curl", "-s", "-i", "-r", "0-14", base + "/index.html");
        assertThat(curl.stdout()).startsWith("HTTP/1.1 206 Partial Content").contains("Content-Range: bytes 0-14/");
        assertThat(curl.stdout()).endsWith("<!DOCTYPE html>");
    }

    @Test
    void curlConditionalRequestWithTheEtagGetsNotModified() {
        assumeInstalled("/usr/bin/curl");
        String headers = run("/usr/bin/curl", "-sI", base + "/index.html").stdout();
        Matcher etag = Pattern.compile("ETag: (\"[^\"]+\")").matcher(headers);
        assertThat(etag.find()).as(headers).isTrue();
        SluiceProcess.Completed curl = run("/usr/bin/curl", "-s", "-o", "/dev/null", "-w", "%{http_code}",
                "-H", "If-None-Match: " + etag.group(1), base + "/index.html");
        assertThat(curl.stdout()).isEqualTo("304");
    }

    @Test
    void apacheBenchWithKeepAliveHasNoFailedRequests() {
        assumeInstalled("/usr/bin/ab");
        SluiceProcess.Completed ab = run("/usr/bin/ab", "-k", "-n", "2000", "-c", "16", base + "/index.html");
        assertThat(ab.exitCode()).as(() -> ab.stderr() + "\nserver threads:\n" + server.threadDump()).isZero();
        // the default MaxKeepAliveRequests 100 closes every hundredth response's connection
        assertThat(ab.stdout()).contains("Complete requests:      2000").contains("Failed requests:        0")
                .containsPattern("Keep-Alive requests:    19[0-9][0-9]");
        assertThat(ab.stdout()).doesNotContain("Non-2xx responses");
    }

    @Test
    void wrkHasNoErrors() {
        assumeInstalled("/usr/bin/wrk");
        SluiceProcess.Completed wrk = run("/usr/bin/wrk", "-t1", "-c32", "-d2s", base + "/index.html");
        assertThat(wrk.exitCode()).as(wrk.stderr()).isZero();
        assertThat(wrk.stdout()).contains("Requests/sec:").doesNotContain("Socket errors").doesNotContain("Non-2xx");
    }
}
