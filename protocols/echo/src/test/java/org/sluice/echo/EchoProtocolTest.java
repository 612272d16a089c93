package org.sluice.echo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sluice.testing.TestServer;

/** The echo protocol through real sockets, in both its forms. */
class EchoProtocolTest {

    @TempDir
    Path root;

    private TestServer start(String hostDirectives) throws Exception {
        return start("", hostDirectives);
    }

    private TestServer start(String serverDirectives, String hostDirectives) throws Exception {
        int port = TestServer.freePort();
        return TestServer.start(root, """
                LoadModule echo
                %s
                Listen 127.0.0.1:%d
                <VirtualHost *:%d>
                %s
                </VirtualHost>
                """.formatted(serverDirectives, port, port, hostDirectives));
    }

    @Test
    void brigadeEchoRepeatsEachLineUntilABlankLine() throws Exception {
        try (TestServer server = start("ProtocolHandler echo"); Socket s = connect(server)) {
            send(s, "Hello\r\nfOo BaR\r\n\r\nnot echoed\r\n");
            assertThat(readAll(s.getInputStream())).isEqualTo("Hello\r\nfOo BaR\r\n");
        }
    }

    @Test
    void socketEchoRepeatsWhatArrivesUntilABlankLine() throws Exception {
        try (TestServer server = start("ProtocolHandler echo-socket"); Socket s = connect(server)) {
            send(s, "Hello\r\n");
            assertThat(readLine(s.getInputStream())).isEqualTo("Hello");
            send(s, "\r\n");
            assertThat(s.getInputStream().read()).isEqualTo(-1);
        }
    }

    @Test
    void protocolEchoOnServesTheHostWithoutProtocolHandler() throws Exception {
        try (TestServer server = start("ProtocolEcho On"); Socket s = connect(server)) {
            send(s, "ping\n");
            assertThat(readLine(s.getInputStream())).isEqualTo("ping");
        }
    }

    @Test
    void lineLongerThanTheLineLimitIsEchoedWhole() throws Exception {
        String longLine = "x".repeat(BrigadeEchoHandler.MAX_LINE * 3 + 17) + "\n";
        try (TestServer server = start("ProtocolHandler echo"); Socket s = connect(server)) {
            send(s, longLine + "\n");
            assertThat(readAll(s.getInputStream())).isEqualTo(longLine);
        }
    }

    @Test
    void blankLineInsideALongLineDoesNotEndTheSession() throws Exception {
        String longLine = "y".repeat(BrigadeEchoHandler.MAX_LINE + 1) + "\r\n";
        try (TestServer server = start("ProtocolHandler echo"); Socket s = connect(server)) {
            send(s, longLine + "after\n\n");
            assertThat(readAll(s.getInputStream())).isEqualTo(longLine + "after\n");
        }
    }

    @Test
    void handlersOnTheJdkSchedulerEchoTheSame() throws Exception {
        String longLine = "z".repeat(BrigadeEchoHandler.MAX_LINE * 2 + 5) + "\n";
        try (TestServer server = start("HandlerScheduler jdk", "ProtocolHandler echo");
             Socket s = connect(server)) {
            send(s, "Hello\r\n" + longLine + "fOo BaR\r\n\r\n");
            assertThat(readAll(s.getInputStream())).isEqualTo("Hello\r\n" + longLine + "fOo BaR\r\n");
        }
    }

    @Test
    void echoesBehindAProxyProtocolHeaderAndLogsTheProxiedClient() throws Exception {
        try (TestServer server = start("ProtocolHandler echo\nRemoteIPProxyProtocol On\n"
                + "CustomLog logs/echo_log \"%a %{c}a %I\"");
             Socket s = connect(server)) {
            send(s, "PROXY TCP4 192.0.2.7 198.51.100.1 40000 8010\r\nHello\r\n\r\n");
            assertThat(readAll(s.getInputStream())).isEqualTo("Hello\r\n");
        }
        Path log = root.resolve("logs/echo_log");
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(log) && Files.readString(log).endsWith("\n"));
        // %I counts the header too, as httpd's does
        assertThat(Files.readString(log)).isEqualTo("192.0.2.7 127.0.0.1 55\n");
    }

    @Test
    void connectionWithoutTheProxyProtocolHeaderIsNotEchoed() throws Exception {
        try (TestServer server = start("ProtocolHandler echo\nRemoteIPProxyProtocol On"); Socket s = connect(server)) {
            send(s, "Hello\r\n");
            assertThat(readAll(s.getInputStream())).isEmpty();
        }
    }

    @Test
    void manyClientsAtOnceOnTheJdkScheduler() throws Exception {
        try (TestServer server = start("HandlerScheduler jdk", "ProtocolHandler echo")) {
            java.util.List<Socket> sockets = new java.util.ArrayList<>();
            try {
                for (int i = 0; i < 50; i++) {
                    sockets.add(connect(server));
                }
                for (int i = 0; i < sockets.size(); i++) {
                    send(sockets.get(i), "client " + i + "\n");
                }
                for (int i = 0; i < sockets.size(); i++) {
                    assertThat(readLine(sockets.get(i).getInputStream())).isEqualTo("client " + i);
                }
            } finally {
                for (Socket s : sockets) {
                    s.close();
                }
            }
        }
    }

    private static Socket connect(TestServer server) throws Exception {
        Socket s = new Socket("127.0.0.1", server.port(0));
        s.setSoTimeout(10_000);
        return s;
    }

    private static void send(Socket s, String text) throws Exception {
        OutputStream out = s.getOutputStream();
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static String readLine(InputStream in) throws Exception {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) >= 0 && c != '\n') {
            if (c != '\r') {
                line.write(c);
            }
        }
        return line.toString(StandardCharsets.UTF_8);
    }

    private static String readAll(InputStream in) throws Exception {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
}
