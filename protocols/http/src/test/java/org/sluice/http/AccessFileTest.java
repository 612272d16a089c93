package org.sluice.http;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import org.sluice.testing.TestServer;

/** {@code .htaccess} files under {@code AllowOverride}, through a real server. */
class AccessFileTest {

    @TempDir
    Path root;

    private TestServer server;
    private int port;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private void start(String allowOverride) throws Exception {
        Files.createDirectories(root.resolve("htdocs"));
        Files.createDirectories(root.resolve("logs"));
        Files.createDirectories(root.resolve("conf"));
        Files.writeString(root.resolve("conf/mime.types"), "text/html html\ntext/plain txt\n");
        port = TestServer.freePort();
        server = TestServer.start(root, "LoadModule http\nListen 127.0.0.1:" + port + " http\n"
                + "ServerName localhost\nTypesConfig conf/mime.types\nDocumentRoot htdocs\n"
                + "KeepAliveTimeout 1\nGracefulShutdownTimeout 2\n"
                + "<Directory htdocs>\n    AllowOverride " + allowOverride + "\n</Directory>\n"
                + "<Files \".ht*\">\n    Require all denied\n</Files>\n");
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private Path write(String name, String content) throws Exception {
        Path file = root.resolve("htdocs").resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content, StandardCharsets.UTF_8);
        return file;
    }

    private HttpResponse<String> get(String path, String... headers) throws Exception {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10));
        for (int i = 0; i < headers.length; i += 2) {
            builder.header(headers[i], headers[i + 1]);
        }
        return client.send(builder.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void allowOverrideNoneIgnoresTheFile() throws Exception {
        start("None");
        write(".htaccess", "Require all denied\nThis is not a directive\n");
        write("a.txt", "a");
        assertThat(get("/a.txt").statusCode()).isEqualTo(200);
    }

    @Test
    void ifModuleSectionsWrittenForHttpdHoldForTheModulesSluiceStandsInFor() throws Exception {
        start("All");
        // the usual compatibility blocks: httpd's module names, as source file and as structure
        write("a/.htaccess", "<IfModule mod_authz_core.c>\n  Require all denied\n</IfModule>\n");
        write("b/.htaccess", "<IfModule authz_core_module>\n  Require all denied\n</IfModule>\n"
                + "<IfModule !mod_authz_core.c>\n  Order allow,deny\n  Allow from all\n</IfModule>\n");
        write("c/.htaccess", "<IfModule mod_headers.c>\n  Header set X-Frame-Options DENY\n</IfModule>\n"
                + "<IfModule mod_cache.c>\n  CacheEnable disk /\n</IfModule>\n");
        write("a/s.txt", "secret");
        write("b/s.txt", "secret");
        write("c/p.txt", "public");

        assertThat(get("/a/s.txt").statusCode()).isEqualTo(403);
        assertThat(get("/b/s.txt").statusCode()).isEqualTo(403);
        HttpResponse<String> headed = get("/c/p.txt");
        // mod_cache has no stand-in: its section is skipped, as httpd without it would
        assertThat(headed.statusCode()).isEqualTo(200);
        assertThat(headed.headers().firstValue("X-Frame-Options")).hasValue("DENY");
    }

    @Test
    void fileInfoAllowsTheOutputFilterDirectives() throws Exception {
        start("FileInfo");
        write("typed/.htaccess", "AddOutputFilterByType DEFLATE text/plain\n");
        write("set/.htaccess", "SetOutputFilter DEFLATE\n");
        write("extension/.htaccess", "AddOutputFilter DEFLATE .txt\n");
        for (String dir : new String[] {"typed", "set", "extension"}) {
            write(dir + "/a.txt", "compressible ".repeat(100));

            HttpResponse<String> response = get("/" + dir + "/a.txt", "Accept-Encoding", "gzip");

            assertThat(response.statusCode()).as(dir).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Encoding")).as(dir).hasValue("gzip");
        }
    }

    @Test
    void filesSectionsOfAnAccessFileApplyToItsDirectoryAndBelowAfterTheServers() throws Exception {
        start("All");
        write("site/.htaccess", "<Files wp-config.php>\n  Require all denied\n</Files>\n"
                + "<FilesMatch \"\\.(bak|sql)$\">\n  Require all denied\n</FilesMatch>\n"
                + "<Files a.txt>\n  Header set X-Files htaccess\n</Files>\n");
        write("site/wp-config.php", "secret");
        write("site/dump.sql", "secret");
        write("site/deep/old.bak", "secret");
        write("site/a.txt", "a");
        write("elsewhere/wp-config.php", "not here");

        assertThat(get("/site/wp-config.php").statusCode()).isEqualTo(403);
        assertThat(get("/site/dump.sql").statusCode()).isEqualTo(403);
        assertThat(get("/site/deep/old.bak").statusCode()).isEqualTo(403);
        HttpResponse<String> a = get("/site/a.txt");
        assertThat(a.statusCode()).isEqualTo(200);
        assertThat(a.headers().firstValue("X-Files")).hasValue("htaccess");
        // the sections belong to the directory of the file that holds them
        assertThat(get("/elsewhere/wp-config.php").body()).isEqualTo("not here");
    }

    @Test
    void whatAFilesSectionOfAnAccessFileHoldsIsCheckedAgainstAllowOverride() throws Exception {
        start("AuthConfig");
        Path htaccess = write("docs/.htaccess", "<Files a.html>\nForceType text/plain\n</Files>\n");
        write("docs/a.html", "<p>a</p>");
        assertThat(errorsWhileGetting("/docs/a.html", 500))
                .anySatisfy(m -> assertThat(m).contains(htaccess + ":2: ForceType not allowed here"));
    }

    @Test
    void authConfigEnablesBasicAuthentication() throws Exception {
        start("AuthConfig");
        // "secret", {SHA} as htpasswd -s writes it
        Files.writeString(root.resolve("conf/users"), "alice:{SHA}5en6G6MezRroT3XKqkdPOmY/BfQ=\n");
        write("private/.htaccess", "AuthType Basic\nAuthName \"Members\"\nAuthUserFile conf/users\n"
                + "Require valid-user\n");
        write("private/p.txt", "private");
        write("public.txt", "public");
        HttpResponse<String> challenge = get("/private/p.txt");
        assertThat(challenge.statusCode()).isEqualTo(401);
        assertThat(challenge.headers().firstValue("WWW-Authenticate")).hasValue("Basic realm=\"Members\"");
        HttpResponse<String> alice = get("/private/p.txt", "Authorization", basic("alice", "secret"));
        assertThat(alice.statusCode()).isEqualTo(200);
        assertThat(alice.body()).isEqualTo("private");
        assertThat(get("/public.txt").statusCode()).isEqualTo(200);
    }

    @Test
    void aDirectiveOutsideAllowOverrideIs500AndLogged() throws Exception {
        start("AuthConfig");
        Path htaccess = write("docs/.htaccess", "# types\nForceType text/plain\n");
        write("docs/a.html", "<p>a</p>");
        assertThat(errorsWhileGetting("/docs/a.html", 500))
                .anySatisfy(m -> assertThat(m).contains(htaccess + ":2: ForceType not allowed here"));
    }

    @Test
    void anUnknownDirectiveIs500NamingFileAndLine() throws Exception {
        start("All");
        Path htaccess = write(".htaccess", "Foo bar\n");
        write("a.txt", "a");
        Logger logger = (Logger) LoggerFactory.getLogger(AccessFiles.class);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        try {
            assertThat(get("/a.txt").statusCode()).isEqualTo(500);
        } finally {
            logger.detachAppender(appender);
        }
        assertThat(appender.list).extracting(ILoggingEvent::getFormattedMessage)
                .anySatisfy(m -> assertThat(m).contains(htaccess + ":1: Invalid command 'Foo', perhaps misspelled"));
    }

    @Test
    void fileInfoAllowsTypesAndHandlers() throws Exception {
        start("FileInfo");
        write("docs/.htaccess", "AddType text/x-custom .custom\nHeader set X-From htaccess\n");
        write("docs/a.custom", "a");
        HttpResponse<String> response = get("/docs/a.custom");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("text/x-custom");
        assertThat(response.headers().firstValue("X-From")).hasValue("htaccess");
    }

    @Test
    void nestedDirectoriesMergeFromTheTopDown() throws Exception {
        start("All");
        write(".htaccess", "Header set X-Level top\nHeader set X-Top yes\nRequire all denied\n");
        write("sub/.htaccess", "Header set X-Level sub\nRequire all granted\n");
        write("top.txt", "top");
        write("sub/s.txt", "sub");
        assertThat(get("/top.txt").statusCode()).isEqualTo(403);
        HttpResponse<String> sub = get("/sub/s.txt");
        assertThat(sub.statusCode()).isEqualTo(200);
        assertThat(sub.headers().firstValue("X-Level")).hasValue("sub");
        assertThat(sub.headers().firstValue("X-Top")).hasValue("yes");
    }

    @Test
    void aDeeperDirectorySectionWinsOverAnUpperAccessFile() throws Exception {
        start("All");
        server.close();
        server = TestServer.start(root, Files.readString(root.resolve("conf/sluice.conf"))
                .replaceFirst("Listen 127.0.0.1:\\d+", "Listen 127.0.0.1:" + (port = TestServer.freePort()))
                + "<Directory htdocs/locked>\n    Require all denied\n</Directory>\n");
        write(".htaccess", "Require all granted\n");
        write("locked/x.txt", "x");
        assertThat(get("/locked/x.txt").statusCode()).isEqualTo(403);
    }

    @Test
    void theFileIsParsedOnceAndAgainAfterItChanges() throws Exception {
        start("FileInfo");
        Path htaccess = write(".htaccess", "Header set X-Version one\n");
        write("a.txt", "a");
        long before = AccessFiles.PARSES.sum();
        for (int i = 0; i < 5; i++) {
            assertThat(get("/a.txt").headers().firstValue("X-Version")).hasValue("one");
        }
        assertThat(AccessFiles.PARSES.sum() - before).isEqualTo(1);

        Files.writeString(htaccess, "Header set X-Version two\n");
        Files.setLastModifiedTime(htaccess, FileTime.from(Instant.now().plusSeconds(5)));
        // the very next request sees the edit, as in Apache
        assertThat(get("/a.txt").headers().firstValue("X-Version")).hasValue("two");
        assertThat(get("/a.txt").headers().firstValue("X-Version")).hasValue("two");
        assertThat(AccessFiles.PARSES.sum() - before).isEqualTo(2);
    }

    @Test
    void aFileThatAppearsIsPickedUp() throws Exception {
        start("AuthConfig");
        write("a.txt", "a");
        assertThat(get("/a.txt").statusCode()).isEqualTo(200);
        write(".htaccess", "Require all denied\n");
        assertThat(get("/a.txt").statusCode()).isEqualTo(403);
    }

    @Test
    void theAccessFileItselfIsNeverServed() throws Exception {
        start("FileInfo");
        write(".htaccess", "Header set X-A b\n");
        assertThat(get("/.htaccess").statusCode()).isEqualTo(403);
        assertThat(get("/.htpasswd").statusCode()).isIn(403, 404);
    }

    @Test
    void accessFileNameChoosesTheName() throws Exception {
        start("AuthConfig");
        server.close();
        port = TestServer.freePort();
        server = TestServer.start(root, Files.readString(root.resolve("conf/sluice.conf"))
                .replaceFirst("Listen 127.0.0.1:\\d+", "Listen 127.0.0.1:" + port) + "AccessFileName .acl\n");
        write(".htaccess", "Require all denied\n");
        write(".acl", "Require all granted\n");
        write("a.txt", "a");
        assertThat(get("/a.txt").statusCode()).isEqualTo(200);
    }

    @Test
    void optionsListedInAllowOverrideAreTheOnlyOnesAllowed() throws Exception {
        start("Options=Indexes");
        write("open/.htaccess", "Options +Indexes\n");
        write("open/a.txt", "a");
        Path links = write("links/.htaccess", "# more\nOptions +FollowSymLinks\n");
        write("links/b.txt", "b");
        assertThat(get("/open/").statusCode()).isEqualTo(200);
        assertThat(errorsWhileGetting("/links/b.txt", 500))
                .anySatisfy(m -> assertThat(m).contains(links + ":2: Option FollowSymLinks not allowed here"));
        // taking an option away is setting it too
        Path off = write("off/.htaccess", "Options -FollowSymLinks\n");
        write("off/c.txt", "c");
        assertThat(errorsWhileGetting("/off/c.txt", 500))
                .anySatisfy(m -> assertThat(m).contains(off + ":1: Option FollowSymLinks not allowed here"));
    }

    @Test
    void optionsWithAndWithoutSignsOnOneLineAreAnError() throws Exception {
        start("All");
        Path mixed = write("mixed/.htaccess", "Options Indexes -FollowSymLinks\n");
        write("mixed/a.txt", "a");
        write("signed/.htaccess", "Options +Indexes -FollowSymLinks\nOptions Indexes\n");
        write("signed/a.txt", "a");
        assertThat(errorsWhileGetting("/mixed/a.txt", 500)).anySatisfy(m -> assertThat(m)
                .contains(mixed + ":1: Either all Options must start with + or -, or no Option may."));
        assertThat(get("/signed/a.txt").statusCode()).isEqualTo(200);
    }

    @Test
    void includeIsNotAllowedInAnAccessFile() throws Exception {
        start("All");
        write(".htaccess", "Include /etc/passwd\n");
        write("a.txt", "a");
        assertThat(get("/a.txt").statusCode()).isEqualTo(500);
    }

    /** GETs {@code path}, expecting {@code status}, and returns what the access files logged meanwhile. */
    private java.util.List<String> errorsWhileGetting(String path, int status) throws Exception {
        Logger logger = (Logger) LoggerFactory.getLogger(AccessFiles.class);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        try {
            assertThat(get(path).statusCode()).isEqualTo(status);
        } finally {
            logger.detachAppender(appender);
        }
        return appender.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    }
}
