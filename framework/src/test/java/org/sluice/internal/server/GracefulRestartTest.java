package org.sluice.internal.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.ConnectException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sluice.config.ConfigException;
import org.sluice.connection.Connection;
import org.sluice.connection.ConnectionHandler;
import org.sluice.hook.Result;
import org.sluice.testing.TestServer;

/** A graceful restart swaps configurations without dropping open connections. */
class GracefulRestartTest {

    @TempDir
    Path root;

    /** Answers every line with the name of the host that serves the connection. */
    public static final class NameHandler implements ConnectionHandler {
        @Override
        public Result handle(Connection c) throws Exception {
            var in = new BufferedReader(new InputStreamReader(c.socketInput(), StandardCharsets.UTF_8));
            while (in.readLine() != null) {
                c.socketOutput().write((c.virtualHost().serverName() + (c.closing() ? " closing" : "") + "\n")
                        .getBytes(StandardCharsets.UTF_8));
                c.socketOutput().flush();
            }
            return Result.OK;
        }
    }

    private static String config(int port, String name) {
        return """
                Listen 127.0.0.1:%d
                ServerName %s
                ProtocolHandler %s
                """.formatted(port, name, NameHandler.class.getName());
    }

    private static String ask(Socket s) throws Exception {
        s.getOutputStream().write("?\n".getBytes(StandardCharsets.US_ASCII));
        return new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8)).readLine();
    }

    @Test
    void newConnectionsUseTheNewConfigurationWhileOpenOnesFinishOnTheOld() throws Exception {
        int port = TestServer.freePort();
        try (TestServer server = TestServer.start(root, config(port, "first"));
             Socket old = new Socket("127.0.0.1", port)) {
            old.setSoTimeout(5000);
            assertThat(ask(old)).isEqualTo("first");
            server.reload(config(port, "second"));
            try (Socket fresh = new Socket("127.0.0.1", port)) {
                fresh.setSoTimeout(5000);
                assertThat(ask(fresh)).isEqualTo("second");
            }
            assertThat(ask(old)).isEqualTo("first closing");
        }
    }

    @Test
    void listenersFollowTheNewConfiguration() throws Exception {
        int first = TestServer.freePort();
        int second = TestServer.freePort();
        try (TestServer server = TestServer.start(root, config(first, "a"))) {
            server.reload(config(second, "b"));
            assertThatThrownBy(() -> new Socket("127.0.0.1", first).close()).isInstanceOf(ConnectException.class);
            try (Socket s = new Socket("127.0.0.1", second)) {
                s.setSoTimeout(5000);
                assertThat(ask(s)).isEqualTo("b");
            }
        }
    }

    @Test
    void anInvalidConfigurationLeavesTheRunningOneInPlace() throws Exception {
        int port = TestServer.freePort();
        try (TestServer server = TestServer.start(root, config(port, "kept"))) {
            assertThatThrownBy(() -> server.reload(config(port, "broken") + "Foo bar\n"))
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining("Invalid command 'Foo'");
            try (Socket s = new Socket("127.0.0.1", port)) {
                s.setSoTimeout(5000);
                assertThat(ask(s)).isEqualTo("kept");
            }
        }
    }
}
