package org.sluice.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sluice.testing.TestCertificates;

/**
 * Debian's stock httpd configuration ({@code /etc/apache2} of Debian 12's apache2 2.4, copied
 * into {@code debian-apache2/}) run by {@code bin/sluice} as it is, with only what a second
 * installation on a test machine needs changed (its {@code mpm_event} stays enabled: Sluice's core
 * stands in for it, and {@code MaxRequestWorkers 150} bounds the requests served at once):
 *
 * <ul>
 * <li>paths: {@code /var/www} and {@code /usr/share/apache2/icons} under the test's directory,
 *     {@code /etc/mime.types} a small copy; port 80 a free port;
 * <li>{@code envvars} read as {@code apache2ctl} reads it, its directories under the test's
 *     directory and its user the one the server runs as (a JVM cannot change its user; when
 *     the tests run as root the server is started as {@code www-data} or {@code nobody});
 * <li>enabled as {@code a2enmod ssl} and {@code a2ensite default-ssl} would: the TLS site, on a
 *     free port, with a test certificate in place of the snakeoil one.
 * </ul>
 */
class DebianConfigurationTest {

    @TempDir
    static Path directory;

    private static Path conf;
    private static Path tls;
    private static Map<String, String> envvars;
    /** The user the server runs as, when the tests run as root (null: as the tests' own user). */
    private static String runAsUser;
    /** What the launcher is run through: nothing, or setpriv to {@link #runAsUser}. */
    private static List<String> runAs;
    private static SluiceProcess server;
    private static String base;
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void copyAndStart() throws Exception {
        conf = directory.resolve("apache2");
        ServerRoot.copyTree(resource("debian-apache2"), conf);
        Path www = directory.resolve("www");
        Files.createDirectories(www.resolve("html"));
        Files.writeString(www.resolve("html/index.html"), "<p>It works</p>\n");
        Files.writeString(www.resolve("html/.htpasswd"), "alice:secret\n");
        Files.createDirectories(directory.resolve("icons"));
        Files.writeString(directory.resolve("icons/blank.gif"), "GIF89a");
        Files.writeString(directory.resolve("mime.types"), "text/html html htm\nimage/gif gif\n");
        adapt(conf.resolve("apache2.conf"), "/var/www/", www + "/");
        adapt(conf.resolve("sites-enabled/000-default.conf"), "/var/www/html", www + "/html");
        adapt(conf.resolve("sites-enabled/000-default.conf"), "<VirtualHost *:80>", "<VirtualHost *:${HTTP_PORT}>");
        adapt(conf.resolve("ports.conf"), "\nListen 80\n", "\nListen ${HTTP_PORT}\n");
        adapt(conf.resolve("mods-enabled/alias.conf"), "/usr/share/apache2/icons", directory.resolve("icons").toString());
        adapt(conf.resolve("mods-enabled/mime.conf"), "/etc/mime.types", directory.resolve("mime.types").toString());
        // a2enmod ssl (with socache_shmcb, which it depends on) and a2ensite default-ssl, its
        // snakeoil certificate replaced by a test one
        enable("mods", "ssl.load", "ssl.conf", "socache_shmcb.load");
        enable("sites", "default-ssl.conf");
        tls = TestCertificates.copyTo(directory);
        Path site = conf.resolve("sites-enabled/default-ssl.conf");
        adapt(site, "/etc/ssl/certs/ssl-cert-snakeoil.pem", tls.resolve("a.test.pem").toString());
        adapt(site, "/etc/ssl/private/ssl-cert-snakeoil.key", tls.resolve("a.test.key").toString());
        adapt(site, "/var/www/html", www + "/html");
        adapt(site, "<VirtualHost *:443>", "<VirtualHost *:${HTTPS_PORT}>");
        adapt(conf.resolve("ports.conf"), "<IfModule ssl_module>\n\tListen 443\n", "<IfModule ssl_module>\n\tListen ${HTTPS_PORT}\n");
        runAsUser = unprivilegedUser();
        runAs = runAsUser == null ? List.of() : setpriv(runAsUser);
        envvars = envvars(conf.resolve("envvars"));
        server = builder().port("HTTP_PORT").port("HTTPS_PORT").start();
        base = "http://127.0.0.1:" + server.port("HTTP_PORT");
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void itsConfigurationIsSyntaxOk() {
        SluiceProcess.Completed check = builder().port("HTTP_PORT").port("HTTPS_PORT").check();

        assertThat(check.exitCode()).as(check.stderr()).isZero();
        assertThat(check.stderrLines()).containsExactly("Syntax OK");
    }

    @Test
    void theDefaultSiteIsServed() throws Exception {
        HttpResponse<String> response = get("/");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("<p>It works</p>\n");
        // security.conf: ServerTokens OS
        assertThat(response.headers().firstValue("Server")).hasValueSatisfying(s -> assertThat(s).endsWith(" (Linux)"));
    }

    @Test
    void theSitesRequestsGoToItsAccessLogInTheCombinedFormat() throws Exception {
        get("/index.html");

        Path log = Path.of(envvars.get("APACHE_LOG_DIR"), "access.log");
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(log)
                && Files.readString(log).contains("\"GET /index.html HTTP/1.1\" 200 "));
        assertThat(Files.readString(log)).containsPattern(
                "127\\.0\\.0\\.1 - - \\[[^]]+\\] \"GET /index.html HTTP/1.1\" 200 \\d+ \"-\" \"Java-http-client/");
    }

    @Test
    void theDefaultSslSiteIsServedOverTls() {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/curl")), "curl is not installed");
        int port = server.port("HTTPS_PORT");
        SluiceProcess.Completed curl = SluiceProcess.exec(List.of("/usr/bin/curl", "-sS", "-w", "%{http_code}",
                "--cacert", tls.resolve("a.test.pem").toString(), "--resolve", "a.test:" + port + ":127.0.0.1",
                "https://a.test:" + port + "/"), Duration.ofSeconds(30));

        assertThat(curl.exitCode()).as(curl.stderr()).isZero();
        assertThat(curl.stdout()).isEqualTo("<p>It works</p>\n200");
    }

    @Test
    void filesStartingWithHtAreDenied() throws Exception {
        assertThat(get("/.htpasswd").statusCode()).isEqualTo(403);
    }

    @Test
    void theStatusPageIsForLocalClients() throws Exception {
        HttpResponse<String> response = get("/server-status?auto");

        assertThat(response.statusCode()).isEqualTo(200);
        // status.conf: ExtendedStatus On
        assertThat(response.body()).contains("\nTotal Accesses: ");
    }

    @Test
    void theIconsAliasIsServed() throws Exception {
        assertThat(get("/icons/blank.gif").body()).isEqualTo("GIF89a");
    }

    @Test
    void traceIsOff() throws Exception {
        HttpResponse<String> response = CLIENT.send(HttpRequest.newBuilder(URI.create(base + "/"))
                .method("TRACE", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(405);
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return CLIENT.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** The server on the copy: {@code apache2.conf} read from its directory, envvars' variables set. */
    private static SluiceProcess.Builder builder() {
        SluiceProcess.Builder builder = SluiceProcess.builder(conf).wrappedIn(runAs)
                .args("-f", conf.resolve("apache2.conf").toString());
        envvars.forEach(builder::env);
        return builder;
    }

    /**
     * The variables {@code envvars} exports ({@code export NAME=value}), as {@code apache2ctl}
     * sets them: its directories moved under the test's directory (and created, as
     * {@code apache2ctl} creates them), its user and group the ones the server runs as.
     */
    private static Map<String, String> envvars(Path file) throws IOException {
        Map<String, String> variables = new LinkedHashMap<>();
        Matcher export = Pattern.compile("(?m)^export (\\w+)=(\\S+)$").matcher(Files.readString(file));
        String user = runAsUser != null ? runAsUser
                : SluiceProcess.exec(List.of("id", "-un"), Duration.ofSeconds(10)).stdout().strip();
        String group = SluiceProcess.exec(List.of("id", "-gn", user), Duration.ofSeconds(10)).stdout().strip();
        while (export.find()) {
            String value = export.group(2).replace("$SUFFIX", "");
            if (value.equals("www-data")) {
                value = export.group(1).endsWith("GROUP") ? group : user;
            } else if (value.startsWith("/var/")) {
                value = directory.resolve(value.substring(1)).toString();
                Path dir = value.endsWith(".pid") ? Path.of(value).getParent() : Path.of(value);
                Files.createDirectories(dir);
            }
            variables.put(export.group(1), value);
        }
        if (runAsUser != null) {
            chown(user, group);
        }
        return variables;
    }

    /** Null when the tests do not run as root; else {@code www-data} (or {@code nobody}): Sluice refuses User as root. */
    private static String unprivilegedUser() {
        String uid = SluiceProcess.exec(List.of("id", "-u"), Duration.ofSeconds(10)).stdout().strip();
        if (!uid.equals("0")) {
            return null;
        }
        return SluiceProcess.exec(List.of("id", "-u", "www-data"), Duration.ofSeconds(10)).exitCode() == 0
                ? "www-data" : "nobody";
    }

    /** {@code setpriv} to {@code user}'s ids: it executes the launcher in its place, so the pid stays the server's. */
    private static List<String> setpriv(String user) {
        String userId = SluiceProcess.exec(List.of("id", "-u", user), Duration.ofSeconds(10)).stdout().strip();
        String groupId = SluiceProcess.exec(List.of("id", "-g", user), Duration.ofSeconds(10)).stdout().strip();
        return List.of("setpriv", "--reuid=" + userId, "--regid=" + groupId, "--clear-groups", "--");
    }

    private static void chown(String user, String group) {
        SluiceProcess.Completed done = SluiceProcess.exec(List.of("chown", "-R", user + ":" + group,
                directory.toString()), Duration.ofSeconds(30));
        assertThat(done.exitCode()).as(done.stderr()).isZero();
    }

    /** As a2enmod and a2ensite: {@code kind}-available's files copied into {@code kind}-enabled. */
    private static void enable(String kind, String... files) throws IOException {
        for (String file : files) {
            Files.copy(conf.resolve(kind + "-available").resolve(file), conf.resolve(kind + "-enabled").resolve(file));
        }
    }

    private static void adapt(Path file, String from, String to) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        assertThat(text).as("%s holds %s", file, from).contains(from);
        Files.writeString(file, text.replace(from, to), StandardCharsets.UTF_8);
    }

    private static Path resource(String name) throws URISyntaxException {
        return Path.of(DebianConfigurationTest.class.getClassLoader().getResource(name).toURI());
    }
}
