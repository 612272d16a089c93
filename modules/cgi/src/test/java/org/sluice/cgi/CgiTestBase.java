package org.sluice.cgi;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import org.sluice.testing.TestServer;

/**
 * A server on a temp root with the http and cgi modules, {@code htdocs/} as its document root
 * and {@code ScriptAlias /cgi-bin/ cgi-bin/}; scripts are written there by the tests. The
 * {@code cgi} module's error log lines are collected.
 */
abstract class CgiTestBase {

    @TempDir
    Path root;

    TestServer server;
    int port;
    final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER).build();
    private final ListAppender<ILoggingEvent> errorLog = new ListAppender<>();
    private final Logger cgiLogger = (Logger) LoggerFactory.getLogger("org.sluice.cgi");

    @BeforeEach
    void collectErrorLog() {
        errorLog.start();
        cgiLogger.addAppender(errorLog);
    }

    @AfterEach
    void stop() {
        cgiLogger.detachAppender(errorLog);
        if (server != null) {
            server.close();
        }
    }

    void start(String extraConfig) throws Exception {
        Files.createDirectories(root.resolve("htdocs"));
        Files.createDirectories(root.resolve("cgi-bin"));
        Files.createDirectories(root.resolve("logs"));
        Files.createDirectories(root.resolve("conf"));
        Files.writeString(root.resolve("conf/mime.types"), "text/html html\ntext/plain txt\n");
        port = TestServer.freePort();
        server = TestServer.start(root, "LoadModule http\nLoadModule cgi\nListen 127.0.0.1:" + port + " http\n"
                + "ServerName localhost\nDocumentRoot htdocs\nTypesConfig conf/mime.types\n"
                + "CustomLog logs/access_log combined\nKeepAliveTimeout 2\nGracefulShutdownTimeout 1\n"
                + "ScriptAlias /cgi-bin/ cgi-bin/\n" + extraConfig);
    }

    /** Writes an executable script under the server root ({@code cgi-bin/env.sh}, say). */
    Path script(String relative, String text) throws IOException {
        Path file = root.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text, StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        return file;
    }

    Path htdocs(String name, String content) throws IOException {
        Path file = root.resolve("htdocs").resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content, StandardCharsets.UTF_8);
        return file;
    }

    HttpResponse<String> get(String path, String... headers) throws Exception {
        return send(HttpRequest.BodyPublishers.noBody(), "GET", path, headers);
    }

    HttpResponse<String> send(HttpRequest.BodyPublisher body, String method, String path, String... headers)
            throws Exception {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(20)).method(method, body);
        for (int i = 0; i < headers.length; i += 2) {
            builder.header(headers[i], headers[i + 1]);
        }
        return client.send(builder.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Sends raw bytes and returns everything the server sent until it closed. */
    String raw(String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(20_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            return readAll(socket.getInputStream());
        }
    }

    static String readAll(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        in.transferTo(out);
        return out.toString(StandardCharsets.ISO_8859_1);
    }

    /** The {@code cgi} module's error log messages so far. */
    List<String> errorLog() {
        synchronized (errorLog) {
            return errorLog.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
        }
    }
}
