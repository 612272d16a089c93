package org.sluice.connection;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sluice.brigade.Brigade;
import org.sluice.filter.Block;
import org.sluice.filter.ReadMode;
import org.sluice.filter.ReadStatus;
import org.sluice.hook.Result;
import org.sluice.internal.connection.HandlerThreads;
import org.sluice.testing.TestClient;
import org.sluice.testing.TestServer;

/**
 * {@link LoopTurn}: a handler the event loop carries sees one turn for all it does with the
 * input at hand, and a new one once it has waited for input that came later; a handler on the
 * JDK's scheduler has none.
 */
class LoopTurnTest {

    @TempDir
    Path root;

    private final int port = TestServer.freePort();

    private TestServer start(String scheduler) throws Exception {
        return TestServer.startHandler(root, port, scheduler, TurnReporter.class);
    }

    @Test
    void aHandlerThatWaitedForInputIsInANewTurn() throws Exception {
        assumeEventLoopCarriers();
        try (TestServer server = start("event-loop"); TestClient client = TestClient.connect(port)) {
            client.send("remember\n");
            assertThat(client.readLine()).isEqualTo("remembered");

            client.send("compare\n"); // sent after the answer: the handler has waited for it

            assertThat(client.readLine()).isEqualTo("new turn");
        }
    }

    @Test
    void inputReadInOneGoIsHandledInOneTurn() throws Exception {
        assumeEventLoopCarriers();
        try (TestServer server = start("event-loop"); TestClient client = TestClient.connect(port)) {
            client.send("remember\ncompare\n");

            assertThat(client.readLine()).isEqualTo("remembered");
            assertThat(client.readLine()).isEqualTo("same turn");
        }
    }

    @Test
    void aHandlerOnTheJdkSchedulerHasNoTurn() throws Exception {
        try (TestServer server = start("jdk"); TestClient client = TestClient.connect(port)) {
            client.send("remember\n");

            assertThat(client.readLine()).isEqualTo("no turn");
        }
    }

    @Test
    void aThreadNoLoopCarriesHasNoTurn() {
        assertThat(LoopTurn.current()).isNull();
    }

    private static void assumeEventLoopCarriers() {
        assumeTrue(HandlerThreads.eventLoopCarrierProblem() == null, HandlerThreads.eventLoopCarrierProblem());
    }

    /** {@code remember} notes the current turn; {@code compare} says whether it is still the same. */
    public static final class TurnReporter implements ConnectionHandler {
        @Override
        public Result handle(Connection connection) throws Exception {
            Object remembered = null;
            try (Brigade line = new Brigade()) {
                while (connection.input().read(line, ReadMode.GETLINE, Block.BLOCK, 256) == ReadStatus.OK) {
                    String command = line.flattenToString(UTF_8).strip();
                    line.cleanup();
                    Object turn = LoopTurn.current();
                    if (turn == null) {
                        reply(connection, "no turn");
                    } else if (command.equals("remember")) {
                        remembered = turn;
                        reply(connection, "remembered");
                    } else if (command.equals("compare")) {
                        reply(connection, turn == remembered ? "same turn" : "new turn");
                    }
                }
            }
            return Result.OK;
        }

        private static void reply(Connection connection, String text) throws IOException {
            try (Brigade out = new Brigade()) {
                connection.output().flush(out.write(text + "\n"));
            }
        }
    }
}
