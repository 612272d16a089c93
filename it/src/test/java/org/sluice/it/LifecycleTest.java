package org.sluice.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Start, the ready line, the PidFile and the graceful stop on SIGTERM. */
class LifecycleTest {

    @TempDir
    Path directory;

    @Test
    void theReadyLineNamesEveryListeningAddress() {
        ServerRoot root = ServerRoot.copyOfDefault(directory);
        root.write("conf/three.conf", """
                LoadModule echo
                Listen ${A_PORT} echo
                Listen 127.0.0.1:${B_PORT} echo
                Listen ${C_PORT} echo-socket
                """);
        try (SluiceProcess server = SluiceProcess.builder(root.path())
                .port("A_PORT").port("B_PORT").port("C_PORT").args("-f", "conf/three.conf").start()) {
            assertThat(server.readyLine())
                    .contains(" ready, listening on ")
                    .contains("*:" + server.port("A_PORT") + " (echo)")
                    .contains("127.0.0.1:" + server.port("B_PORT") + " (echo)")
                    .contains("*:" + server.port("C_PORT") + " (echo-socket)");
            assertThat(server.stop()).isZero();
        }
    }

    @Test
    void thePidFileHoldsTheServerPidWhileItRuns() throws IOException {
        ServerRoot root = ServerRoot.copyOfDefault(directory);
        try (SluiceProcess server = defaultServer(root)) {
            Path pidFile = root.resolve("logs/sluice.pid");
            assertThat(pidFile).exists();
            assertThat(Files.readString(pidFile).strip()).isEqualTo(Long.toString(server.pid()));
            assertThat(server.stop()).isZero();
        }
    }

    @Test
    void sigtermExitsZeroAndRemovesThePidFile() {
        ServerRoot root = ServerRoot.copyOfDefault(directory);
        try (SluiceProcess server = defaultServer(root)) {
            assertThat(root.resolve("logs/sluice.pid")).exists();
            assertThat(server.stop()).as(server.stderr()).isZero();
            assertThat(root.resolve("logs/sluice.pid")).doesNotExist();
        }
    }

    @Test
    void aPidFileThatCannotBeWrittenStopsTheStartAndNothingIsRemoved() throws IOException {
        ServerRoot root = ServerRoot.copyOfDefault(directory);
        Path notAFile = Files.createDirectories(directory.resolve("a-directory"));
        int port;
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        root.write("conf/pid.conf", "LoadModule echo\nListen 127.0.0.1:" + port + " echo\nPidFile " + notAFile + "\n");

        SluiceProcess.Completed run = SluiceProcess.run("-d", root.path().toString(), "-f", "conf/pid.conf");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stderr()).contains("cannot write PidFile " + notAFile);
        assertThat(notAFile).isDirectory();
    }

    @Test
    void sigtermStopsAcceptingAndLetsAnOpenConnectionFinish() {
        ServerRoot root = ServerRoot.copyOfDefault(directory);
        try (SluiceProcess server = defaultServer(root);
                LineClient client = LineClient.connect(server.port("ECHO_PORT"))) {
            assertThat(client.exchange("before")).isEqualTo("before");

            server.terminate();
            await().atMost(Duration.ofSeconds(10)).until(() -> !accepts(server.port("ECHO_PORT")));

            assertThat(server.isAlive()).as("still serving the open connection").isTrue();
            assertThat(client.exchange("after SIGTERM")).isEqualTo("after SIGTERM");
            client.send("\r\n");
            assertThat(client.isClosedByServer()).isTrue();
            assertThat(server.awaitExit(Duration.ofSeconds(8))).as(server.stderr()).isZero();
        }
    }

    @Test
    void aConnectionStillOpenAfterGracefulShutdownTimeoutIsClosed() {
        ServerRoot root = ServerRoot.copyOfDefault(directory);
        try (SluiceProcess server = SluiceProcess.builder(root.path()).port("ECHO_PORT").port("ECHO_LC_PORT").port("HTTP_PORT").port("COMMAND_PORT").port("SMTP_PORT")
                .args("-c", "GracefulShutdownTimeout 1").start();
                LineClient client = LineClient.connect(server.port("ECHO_PORT"))) {
            assertThat(client.exchange("idle from now on")).isEqualTo("idle from now on");
            server.terminate();
            assertThat(client.isClosedByServer()).isTrue();
            assertThat(server.awaitExit(Duration.ofSeconds(10))).as(server.stderr()).isZero();
        }
    }

    private static SluiceProcess defaultServer(ServerRoot root) {
        return SluiceProcess.builder(root.path()).port("ECHO_PORT").port("ECHO_LC_PORT").port("HTTP_PORT").port("COMMAND_PORT").port("SMTP_PORT").start();
    }

    /** True if a connection to the port is accepted (it is closed at once). */
    private static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
