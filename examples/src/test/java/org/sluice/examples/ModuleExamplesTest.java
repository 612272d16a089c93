package org.sluice.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sluice.testing.TestServer;

/** The README's module-author examples, configured from sluice.conf, through real sockets. */
class ModuleExamplesTest {

    @TempDir
    Path root;

    @Test
    void blockedAddressIsClosedWithoutReply() throws Exception {
        int port = TestServer.freePort();
        String config = """
                LoadModule echo
                LoadModule blockip
                Listen 127.0.0.1:%d echo
                <VirtualHost 127.0.0.1:%d>
                    PreConnectionHandler blockip
                    BlockIP 10.0.0.4 127.0.0.1
                </VirtualHost>
                """.formatted(port, port);
        try (TestServer server = TestServer.start(root, config);
             Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(5000);
            socket.getOutputStream().write("Hello\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(firstByteOrReset(socket)).isEqualTo(-1);
        }
    }

    @Test
    void addressNotListedIsServed() throws Exception {
        int port = TestServer.freePort();
        String config = """
                LoadModule echo
                LoadModule org.sluice.examples.BlockIpModule
                Listen 127.0.0.1:%d echo
                PreConnectionHandler org.sluice.examples.BlockIpHandler
                BlockIP 10.0.0.4
                """.formatted(port);
        try (TestServer server = TestServer.start(root, config);
             Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(5000);
            assertThat(echo(socket, "Hello")).isEqualTo("Hello");
        }
    }

    @Test
    void brigadeEchoRunsThroughTheLowercaseOutputFilter() throws Exception {
        int port = TestServer.freePort();
        String config = """
                LoadModule echo
                LoadModule lowercase
                Listen 127.0.0.1:%d
                <VirtualHost *:%d>
                    ProtocolHandler echo
                    ConnectionOutputFilter lowercase
                </VirtualHost>
                """.formatted(port, port);
        try (TestServer server = TestServer.start(root, config);
             Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(5000);
            assertThat(echo(socket, "Hello")).isEqualTo("hello");
            assertThat(echo(socket, "fOo BaR")).isEqualTo("foo bar");
        }
    }

    /**
     * The first byte the server sends, or -1 at end of stream. A server that closes a socket
     * holding unread input makes the kernel answer with a reset, which also means "no reply".
     */
    private static int firstByteOrReset(Socket socket) throws Exception {
        try {
            return socket.getInputStream().read();
        } catch (java.net.SocketException e) {
            assertThat(e.getMessage()).contains("reset");
            return -1;
        }
    }

    private static String echo(Socket socket, String line) throws Exception {
        OutputStream out = socket.getOutputStream();
        out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
        BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        return in.readLine();
    }
}
