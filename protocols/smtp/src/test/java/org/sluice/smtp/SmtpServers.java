package org.sluice.smtp;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.sluice.testing.TestCertificates;
import org.sluice.testing.TestServer;

/** Configurations, users and Maildir inspection for SMTP tests. */
final class SmtpServers {

    /** A {@code <Location smtp>} that lets any address in, and checks AUTH against conf/smtp-users. */
    static final String USERS = """
            AuthType Basic
            AuthName smtp
            AuthUserFile conf/smtp-users
            Require valid-user
            """;

    /** The directives that give a host a certificate for STARTTLS. */
    static final String CERTIFICATE = """
            SSLCertificateFile tls/a.test.pem
            SSLCertificateKeyFile tls/a.test.key
            """;

    private SmtpServers() {
    }

    /**
     * Starts an SMTP host on a free port: {@code hostDirectives} in the virtual host, {@code
     * location} inside {@code <Location smtp>}; its Maildir is {@code root/maildir}.
     */
    static TestServer start(Path root, String hostDirectives, String location) throws Exception {
        int port = TestServer.freePort();
        TestCertificates.copyTo(root);
        String config = """
                LoadModule smtp
                LoadModule ssl
                GracefulShutdownTimeout 2
                Listen 127.0.0.1:%d smtp
                <VirtualHost 127.0.0.1:%d>
                    ServerName mx.test
                    SMTPMaildir maildir
                %s
                    <Location smtp>
                %s
                    </Location>
                </VirtualHost>
                """.formatted(port, port, hostDirectives, location);
        return TestServer.start(root, config);
    }

    static TestServer start(Path root, String hostDirectives) throws Exception {
        return start(root, hostDirectives, "Require all granted");
    }

    static TestServer start(Path root) throws Exception {
        return start(root, "");
    }

    /** Writes conf/smtp-users with {@code user:password} pairs, hashed as htpasswd -s does ({SHA}). */
    static void users(Path root, String... userAndPassword) throws IOException, NoSuchAlgorithmException {
        List<String> lines = new ArrayList<>();
        for (String pair : userAndPassword) {
            int colon = pair.indexOf(':');
            byte[] sha1 = MessageDigest.getInstance("SHA-1")
                    .digest(pair.substring(colon + 1).getBytes(StandardCharsets.UTF_8));
            lines.add(pair.substring(0, colon) + ":{SHA}" + Base64.getEncoder().encodeToString(sha1));
        }
        Files.createDirectories(root.resolve("conf"));
        Files.write(root.resolve("conf/smtp-users"), lines);
    }

    /** The files in {@code root/maildir/sub} ({@code new}, {@code tmp}, {@code cur}); none if it does not exist. */
    static List<Path> files(Path root, String sub) throws IOException {
        Path dir = root.resolve("maildir").resolve(sub);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> list = Files.list(dir)) {
            return list.sorted().toList();
        }
    }

    /** The one message in {@code new}, as bytes. */
    static byte[] onlyMessage(Path root) throws IOException {
        List<Path> delivered = files(root, "new");
        if (delivered.size() != 1) {
            throw new AssertionError("expected one message in new/, found " + delivered);
        }
        return Files.readAllBytes(delivered.get(0));
    }

    /** The message after the Return-Path and Received headers the server prepends. */
    static byte[] body(byte[] message) {
        String text = new String(message, StandardCharsets.ISO_8859_1);
        if (!text.startsWith("Return-Path: ")) {
            throw new AssertionError("no Return-Path first: " + text);
        }
        int at = text.indexOf("\r\n") + 2;
        if (!text.startsWith("Received: ", at)) {
            throw new AssertionError("no Received second: " + text);
        }
        int end = text.indexOf("\r\n", at);
        while (text.charAt(end + 2) == '\t' || text.charAt(end + 2) == ' ') {
            end = text.indexOf("\r\n", end + 2);
        }
        return java.util.Arrays.copyOfRange(message, end + 2, message.length);
    }

    /** The prepended headers, as text. */
    static String traceHeaders(byte[] message) {
        int bodyLength = body(message).length;
        return new String(message, 0, message.length - bodyLength, StandardCharsets.ISO_8859_1);
    }
}
