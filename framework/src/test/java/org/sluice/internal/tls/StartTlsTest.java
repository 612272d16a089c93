package org.sluice.internal.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sluice.testing.StartTlsLineHandler;
import org.sluice.testing.TestCertificates;
import org.sluice.testing.TestServer;

/** {@code Connection.startTls()}: TLS begun by a protocol in the middle of a plain-text connection. */
class StartTlsTest {

    @TempDir
    Path root;

    private final int port = TestServer.freePort();

    @BeforeEach
    void certificates() {
        TestCertificates.copyTo(root);
    }

    private String config(String sslLines) {
        return """
                LoadModule ssl
                Listen 127.0.0.1:%d
                Timeout 5
                GracefulShutdownTimeout 1
                ServerName a.test
                ProtocolHandler %s
                %s
                """.formatted(port, StartTlsLineHandler.class.getName(), sslLines);
    }

    private static final String CERTIFICATE = "SSLCertificateFile tls/a.test.pem\nSSLCertificateKeyFile tls/a.test.key";

    private Socket connect() throws Exception {
        Socket socket = new Socket();
        socket.setSoTimeout(10_000);
        socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
        return socket;
    }

    private static BufferedReader reader(Socket socket) throws Exception {
        return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
    }

    private static void send(Socket socket, String text) throws Exception {
        OutputStream out = socket.getOutputStream();
        out.write(text.getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    @Test
    void aProtocolTurnsItsConnectionIntoTls() throws Exception {
        try (TestServer server = TestServer.start(root, config(CERTIFICATE)); Socket plain = connect()) {
            BufferedReader in = reader(plain);
            send(plain, "hello\n");
            assertThat(in.readLine()).isEqualTo("plain hello");
            send(plain, "STARTTLS\n");
            assertThat(in.readLine()).isEqualTo("GO");
            SSLSocket tls = (SSLSocket) TestCertificates.clientContext().getSocketFactory()
                    .createSocket(plain, "a.test", port, true);
            tls.startHandshake();
            assertThat(tls.getSession().getPeerCertificates()[0]).isEqualTo(TestCertificates.certificate("a.test"));
            send(tls, "hello again\n");
            assertThat(reader(tls).readLine()).isEqualTo(tls.getSession().getProtocol() + " hello again");
            tls.close();
        }
    }

    @Test
    void withoutACertificateStartTlsIsNotAvailable() throws Exception {
        try (TestServer server = TestServer.start(root, config("")); Socket plain = connect()) {
            BufferedReader in = reader(plain);
            send(plain, "STARTTLS\n");
            assertThat(in.readLine()).isEqualTo("NO");
            send(plain, "still plain\n");
            assertThat(in.readLine()).isEqualTo("plain still plain");
        }
    }

    @Test
    void plainTextSentAfterStartTlsFailsTheConnection() throws Exception {
        try (TestServer server = TestServer.start(root, config(CERTIFICATE)); Socket plain = connect()) {
            BufferedReader in = reader(plain);
            // an attacker on the path appends a command to the client's STARTTLS (CVE-2011-0411)
            send(plain, "STARTTLS\nINJECTED\n");
            assertThat(in.readLine()).isEqualTo("GO");
            SSLSocket tls = (SSLSocket) TestCertificates.clientContext().getSocketFactory()
                    .createSocket(plain, "a.test", port, true);
            // the injected line must never be answered as if it had come over TLS
            assertThatThrownBy(() -> {
                tls.startHandshake();
                String answer = reader(tls).readLine();
                if (answer != null) {
                    throw new AssertionError("answered over TLS: " + answer);
                }
                throw new java.io.EOFException("closed");
            }).isInstanceOf(java.io.IOException.class);
            await().atMost(Duration.ofSeconds(10)).until(() -> server.server().openConnections() == 0);
        }
    }
}
