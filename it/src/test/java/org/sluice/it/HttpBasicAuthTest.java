package org.sluice.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Basic authentication on an HTTP {@code <Location>} driven by curl, with a user file written
 * by Apache's {@code htpasswd} (bcrypt): 401 with the realm, 401 for a wrong password, the file
 * for the right one, and the user in the access log.
 */
class HttpBasicAuthTest {

    private static final String CURL = "/usr/bin/curl";
    private static final String HTPASSWD = "/usr/bin/htpasswd";

    @TempDir
    Path directory;

    @Test
    void curlGetsInWithTheRightPasswordOnly() {
        assumeTrue(Files.isExecutable(Path.of(CURL)), CURL + " is not installed");
        assumeTrue(Files.isExecutable(Path.of(HTPASSWD)), HTPASSWD + " is not installed (apache2-utils)");
        ServerRoot root = ServerRoot.copyOfDefault(directory);
        root.write("htdocs/private/secret.txt", "top secret\n");
        SluiceProcess.Completed htpasswd = SluiceProcess.exec(List.of(HTPASSWD, "-c", "-B", "-b",
                root.resolve("conf/http-users").toString(), "alice", "correct horse"), Duration.ofSeconds(30));
        assertThat(htpasswd.exitCode()).as(htpasswd.stderr()).isZero();
        root.write("conf/auth.conf", """
                LoadModule http
                ServerName main.localhost
                Listen ${HTTP_PORT} http
                <VirtualHost *:${HTTP_PORT}>
                    ServerName localhost
                    ProtocolHandler http
                    DocumentRoot htdocs
                    CustomLog logs/auth_access_log combined
                    <Location /private>
                        AuthType Basic
                        AuthName "Private area"
                        AuthUserFile conf/http-users
                        Require valid-user
                    </Location>
                </VirtualHost>
                """);
        try (SluiceProcess server = SluiceProcess.builder(root.path()).port("HTTP_PORT")
                .args("-f", "conf/auth.conf").start()) {
            String url = "http://127.0.0.1:" + server.port("HTTP_PORT") + "/private/secret.txt";

            SluiceProcess.Completed anonymous = curl("-s", "-i", url);
            assertThat(anonymous.stdout()).startsWith("HTTP/1.1 401 ")
                    .contains("WWW-Authenticate: Basic realm=\"Private area\"");

            SluiceProcess.Completed wrong = curl("-s", "-o", "/dev/null", "-w", "%{http_code}", "-u", "alice:wrong", url);
            assertThat(wrong.stdout()).isEqualTo("401");

            SluiceProcess.Completed right = curl("-s", "-i", "-u", "alice:correct horse", url);
            assertThat(right.stdout()).startsWith("HTTP/1.1 200 ").endsWith("\r\n\r\ntop secret\n");

            Path log = root.resolve("logs/auth_access_log");
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(Files.readAllLines(log))
                    .hasSize(3)
                    .anySatisfy(line -> assertThat(line).startsWith("127.0.0.1 - alice [")
                            .contains("\"GET /private/secret.txt HTTP/1.1\" 200 11 ")));
            assertThat(server.stop()).isZero();
        }
    }

    private static SluiceProcess.Completed curl(String... args) {
        List<String> command = new java.util.ArrayList<>(List.of(CURL));
        command.addAll(List.of(args));
        SluiceProcess.Completed curl = SluiceProcess.exec(command, Duration.ofSeconds(30));
        assertThat(curl.exitCode()).as(curl.stderr()).isZero();
        return curl;
    }
}
