package org.sluice.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code MaxConnections}: a connection beyond the limit is closed at once; the others are served. */
class MaxConnectionsTest {

    @TempDir
    Path directory;

    private SluiceProcess server;
    private final List<LineClient> clients = new ArrayList<>();

    @BeforeEach
    void start() {
        ServerRoot root = ServerRoot.copyOfDefault(directory);
        root.write("conf/max.conf", """
                LoadModule echo
                MaxConnections 5
                Listen ${ECHO_PORT} echo
                """);
        server = SluiceProcess.builder(root.path()).port("ECHO_PORT").args("-f", "conf/max.conf").start();
        for (int i = 0; i < 5; i++) {
            LineClient client = LineClient.connect(server.port("ECHO_PORT"));
            clients.add(client);
            // answered: the server has accepted and counted it
            assertThat(client.exchange("client " + i)).isEqualTo("client " + i);
        }
    }

    @AfterEach
    void stop() {
        clients.forEach(LineClient::close);
        if (server != null) {
            try {
                assertThat(server.stop()).isZero();
            } finally {
                server.close();
            }
        }
    }

    @Test
    void theSixthSimultaneousConnectionIsClosedAtOnceAndTheFiveOthersStillWork() {
        try (LineClient sixth = LineClient.connect(server.port("ECHO_PORT"))) {
            assertThat(sixth.isClosedByServer()).as("EOF without data").isTrue();
        }
        for (int i = 0; i < clients.size(); i++) {
            assertThat(clients.get(i).exchange("still here " + i)).isEqualTo("still here " + i);
        }
    }

    @Test
    void aPlaceFreedByAClosedConnectionServesANewOne() {
        LineClient leaving = clients.remove(0);
        leaving.send("\r\n");
        assertThat(leaving.isClosedByServer()).isTrue();
        leaving.close();
        // the server counts the connection as ended just after it closes it
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).until(() -> {
            try (LineClient next = LineClient.connect(server.port("ECHO_PORT"))) {
                return "newcomer".equals(next.exchange("newcomer"));
            }
        });
    }
}
