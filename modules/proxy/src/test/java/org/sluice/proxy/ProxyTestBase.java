package org.sluice.proxy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import org.sluice.testing.TestServer;

/**
 * Sluice with the http and proxy modules on a temporary root, a {@link TestBackend} behind it,
 * the proxy's error log captured, and clients: raw sockets and curl.
 */
abstract class ProxyTestBase {

    @TempDir
    Path root;

    TestServer server;
    int port;
    TestBackend backend;

    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private final Logger proxyLog = (Logger) LoggerFactory.getLogger("org.sluice.proxy");

    @BeforeEach
    void captureLog() {
        log.start();
        proxyLog.addAppender(log);
        proxyLog.setLevel(Level.INFO);
    }

    @AfterEach
    void stop() throws IOException {
        if (server != null) {
            server.close();
        }
        if (backend != null) {
            backend.close();
        }
        proxyLog.detachAppender(log);
        proxyLog.setLevel(null);
    }

    /** Starts a backend answering with {@code responder}. */
    TestBackend backend(TestBackend.Responder responder) throws IOException {
        backend = new TestBackend(responder);
        return backend;
    }

    /** Starts Sluice with {@code extraConfig}, in which {@code BACKEND} stands for the backend's URL. */
    void start(String extraConfig) throws Exception {
        Files.createDirectories(root.resolve("htdocs"));
        Files.createDirectories(root.resolve("logs"));
        port = TestServer.freePort();
        String config = "LoadModule http\nLoadModule proxy\nListen 127.0.0.1:" + port + " http\n"
                + "ServerName localhost\nCustomLog logs/access_log \"%r %>s %b %X\"\n"
                + "KeepAliveTimeout 5\nGracefulShutdownTimeout 2\n"
                + extraConfig.replace("BACKEND", backend == null ? "http://127.0.0.1:9" : backend.url());
        server = TestServer.start(root, config);
    }

    /** The proxy's error log lines so far. */
    List<String> errors() {
        List<String> lines = new ArrayList<>();
        for (ILoggingEvent event : log.list) {
            if (event.getLevel().isGreaterOrEqual(Level.ERROR)) {
                lines.add(event.getFormattedMessage());
            }
        }
        return lines;
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

    /** A response head, through its empty line. */
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

    /** What curl said: the status, the response head and where the body went. */
    record CurlResult(int status, String head, Path body, int exitCode) {
        String bodyText() throws IOException {
            return Files.readString(body, StandardCharsets.ISO_8859_1);
        }
    }

    /** Runs curl with {@code args} against {@code path} of the server; skipped where curl is missing. */
    CurlResult curl(String path, String... args) throws Exception {
        Path body = Files.createTempFile(root, "body", ".out");
        Path head = Files.createTempFile(root, "head", ".out");
        List<String> command = new ArrayList<>(List.of("curl", "-s", "-S", "--max-time", "60", "-o", body.toString(),
                "-D", head.toString(), "-w", "%{http_code}"));
        command.addAll(List.of(args));
        command.add("http://127.0.0.1:" + port + path);
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            Assumptions.abort("curl is not installed");
            return null;
        }
        byte[] said = process.getInputStream().readNBytes(4096);
        if (!process.waitFor(90, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("curl did not finish");
        }
        String text = new String(said, StandardCharsets.UTF_8).strip();
        String code = text.length() >= 3 ? text.substring(text.length() - 3) : "0";
        return new CurlResult(Integer.parseInt(code), Files.readString(head, StandardCharsets.ISO_8859_1), body,
                process.exitValue());
    }

    /** A file of {@code size} pseudo-random bytes. */
    Path randomFile(String name, long size) throws IOException {
        Path file = root.resolve(name);
        Random random = new Random(size);
        byte[] block = new byte[65536];
        try (var out = Files.newOutputStream(file)) {
            for (long left = size; left > 0; left -= block.length) {
                random.nextBytes(block);
                out.write(block, 0, (int) Math.min(block.length, left));
            }
        }
        return file;
    }

    static String sha256(Path file) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[65536];
            int n;
            while ((n = in.read(buffer)) > 0) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
