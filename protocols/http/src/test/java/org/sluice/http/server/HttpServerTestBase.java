package org.sluice.http.server;

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
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.sluice.testing.TestServer;

/** A server on a temp root with an http vhost; helpers for raw and java.net.http clients. */
abstract class HttpServerTestBase {

    @TempDir
    Path root;

    TestServer server;
    int port;
    final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER).build();

    void start(String extraConfig) throws Exception {
        Files.createDirectories(root.resolve("htdocs"));
        Files.createDirectories(root.resolve("logs"));
        Files.createDirectories(root.resolve("conf"));
        Files.writeString(root.resolve("conf/mime.types"), "text/html html htm\ntext/plain txt\nimage/png png\n",
                StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE);
        port = TestServer.freePort();
        server = TestServer.start(root, config(extraConfig));
    }

    /** Restarts gracefully with the same listener and {@code extraConfig} in place of the first one. */
    void reload(String extraConfig) throws Exception {
        server.reload(config(extraConfig));
    }

    private String config(String extraConfig) {
        return "LoadModule http\nListen 127.0.0.1:" + port + " http\n"
                + "ServerName localhost\nCustomLog logs/access_log combined\n"
                + "KeepAliveTimeout 1\nGracefulShutdownTimeout 2\n" + extraConfig;
    }

    void startWithTypes(String extraConfig) throws Exception {
        Files.createDirectories(root.resolve("conf"));
        Files.writeString(root.resolve("conf/mime.types"), "text/html html htm\ntext/plain txt\nimage/png png\n");
        start(extraConfig);
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    Path htdocs(String name, String content) throws IOException {
        Path file = root.resolve("htdocs").resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content, StandardCharsets.UTF_8);
        return file;
    }

    HttpResponse<String> get(String path, String... headers) throws Exception {
        return send("GET", path, headers);
    }

    HttpResponse<String> send(String method, String path, String... headers) throws Exception {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10)).method(method, HttpRequest.BodyPublishers.noBody());
        for (int i = 0; i < headers.length; i += 2) {
            builder.header(headers[i], headers[i + 1]);
        }
        return client.send(builder.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Sends raw bytes and returns everything the server sent until it closed. */
    String raw(String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            // no half-close: the server closes a connection whose client stopped sending
            return readAll(socket.getInputStream());
        }
    }

    /** The body of one chunked {@code response} (head and body as received), its chunks joined. */
    static String chunkedBody(String response) {
        int at = response.indexOf("\r\n\r\n") + 4;
        StringBuilder body = new StringBuilder();
        while (true) {
            int lineEnd = response.indexOf("\r\n", at);
            int size = Integer.parseInt(response.substring(at, lineEnd), 16);
            if (size == 0) {
                return body.toString();
            }
            body.append(response, lineEnd + 2, lineEnd + 2 + size);
            at = lineEnd + 2 + size + 2;
        }
    }

    /** One chunked response, head and chunks as received, read without waiting for the connection to close. */
    static String readChunkedResponse(InputStream in) throws IOException {
        StringBuilder response = new StringBuilder(readHead(in));
        while (true) {
            String sizeLine = readLine(in);
            response.append(sizeLine).append("\r\n");
            int size = Integer.parseInt(sizeLine, 16);
            byte[] data = in.readNBytes(size + 2);
            response.append(new String(data, StandardCharsets.ISO_8859_1));
            if (size == 0) {
                return response.toString();
            }
        }
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0 && c != '\n') {
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }

    /** A response head, through its empty line, read without waiting for more. */
    static String readHead(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int c = in.read();
            if (c < 0) {
                break;
            }
            head.append((char) c);
        }
        return head.toString();
    }

    /** One response with a Content-Length body, read without waiting for the connection to close. */
    static String readResponse(InputStream in) throws IOException {
        String head = readHead(in);
        int length = 0;
        for (String line : head.split("\r\n")) {
            if (line.regionMatches(true, 0, "Content-Length:", 0, 15)) {
                length = Integer.parseInt(line.substring(15).strip());
            }
        }
        return head + new String(in.readNBytes(length), StandardCharsets.ISO_8859_1);
    }

    static String readAll(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        int n;
        while ((n = in.read(buffer)) > 0) {
            out.write(buffer, 0, n);
        }
        return out.toString(StandardCharsets.ISO_8859_1);
    }

    static int count(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }
}
