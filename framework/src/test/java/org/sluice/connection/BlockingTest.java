package org.sluice.connection;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
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
 * Work that holds its thread, run through {@link Blocking} by handlers that the event loop
 * carries ({@code HandlerScheduler event-loop}), does not stall the other connections of that
 * loop; elsewhere it runs where it is called.
 */
class BlockingTest {

    static final AtomicBoolean RELEASED = new AtomicBoolean();

    @TempDir
    Path root;

    private final int port = TestServer.freePort();
    private final List<TestClient> clients = new ArrayList<>();

    @BeforeEach
    void reset() {
        RELEASED.set(false);
    }

    @AfterEach
    void closeClients() throws IOException {
        RELEASED.set(true);
        for (TestClient client : clients) {
            client.close();
        }
        clients.clear();
    }

    private TestServer start(String scheduler) throws Exception {
        return TestServer.startHandler(root, port, scheduler, Spinner.class);
    }

    @Test
    void workThatHoldsItsThreadLeavesTheOtherConnectionsOfItsEventLoopServed() throws Exception {
        assumeEventLoopCarriers();
        try (TestServer server = start("event-loop")) {
            TestClient[] sameLoop = twoConnectionsOnOneCarrier();

            sameLoop[0].send("spin\n");
            // the spin only ends when the second connection, carried by the same loop, is served
            sameLoop[1].send("release\n");

            assertThat(sameLoop[1].readLine()).isEqualTo("released");
            assertThat(sameLoop[0].readLine()).isEqualTo("spun on another thread");
            closeClients();
        }
    }

    @Test
    void soDoesWorkFromAThreadTheHandlerStarted() throws Exception {
        assumeEventLoopCarriers();
        try (TestServer server = start("event-loop")) {
            TestClient[] sameLoop = twoConnectionsOnOneCarrier();

            sameLoop[0].send("spin in a thread of its own\n");
            sameLoop[1].send("release\n");

            assertThat(sameLoop[1].readLine()).isEqualTo("released");
            assertThat(sameLoop[0].readLine()).isEqualTo("spun on another thread");
            closeClients();
        }
    }

    @Test
    void theEventLoopCarriesHandlersByDefaultWhereTheJdkAllows() throws Exception {
        assumeEventLoopCarriers();
        try (TestServer server = TestServer.start(root, """
                Listen 127.0.0.1:%d
                ProtocolHandler %s
                """.formatted(port, Spinner.class.getName()))) {
            TestClient client = connect();

            assertThat(client.readLine()).doesNotContain("ForkJoinPool");
            closeClients();
        }
    }

    @Test
    void withTheJdkSchedulerTheWorkRunsOnTheHandlersOwnThread() throws Exception {
        try (TestServer server = start("jdk")) {
            TestClient client = connect();
            assertThat(client.readLine()).contains("ForkJoinPool");
            RELEASED.set(true);

            client.send("spin\n");

            assertThat(client.readLine()).isEqualTo("spun on the handler's thread");
            closeClients();
        }
    }

    @Test
    void outsideAHandlerTheWorkRunsOnTheCallingThread() throws Exception {
        Thread caller = Thread.currentThread();

        assertThat(Blocking.call(Thread::currentThread)).isSameAs(caller);
    }

    @Test
    void whatTheWorkThrowsReachesTheCaller() {
        assertThatThrownBy(() -> Blocking.call(() -> {
            throw new IOException("disk gone");
        })).isInstanceOf(IOException.class).hasMessage("disk gone");
    }

    /** Event-loop carriers need JDK 24+ and the opened java.lang the build passes; skipped elsewhere. */
    private static void assumeEventLoopCarriers() {
        assumeTrue(HandlerThreads.eventLoopCarrierProblem() == null, HandlerThreads.eventLoopCarrierProblem());
    }

    private TestClient connect() throws IOException {
        TestClient client = TestClient.connect(port);
        clients.add(client);
        return client;
    }

    /** Connects until two connections report the same carrier thread. */
    private TestClient[] twoConnectionsOnOneCarrier() throws IOException {
        Map<String, TestClient> byCarrier = new HashMap<>();
        for (int i = 0; i < 16; i++) {
            TestClient client = connect();
            TestClient earlier = byCarrier.putIfAbsent(client.readLine(), client);
            if (earlier != null) {
                return new TestClient[] {earlier, client};
            }
        }
        throw new AssertionError("no two of 16 connections share an event loop: " + byCarrier.keySet());
    }

    /**
     * Says which thread carries it, then obeys lines: {@code spin} busy-waits (holding its
     * thread, as a DNS look-up or a password hash would) through {@link Blocking} until {@code
     * release} arrives on some connection.
     */
    public static final class Spinner implements ConnectionHandler {
        @Override
        public Result handle(Connection connection) throws Exception {
            String self = Thread.currentThread().toString();
            reply(connection, self.substring(self.indexOf('@') + 1));
            try (Brigade line = new Brigade()) {
                while (connection.input().read(line, ReadMode.GETLINE, Block.BLOCK, 256) == ReadStatus.OK) {
                    String command = line.flattenToString(UTF_8).strip();
                    line.cleanup();
                    if (command.equals("spin")) {
                        reply(connection, spin());
                    } else if (command.equals("spin in a thread of its own")) {
                        AtomicReference<String> result = new AtomicReference<>();
                        Thread child = Thread.ofVirtual().start(() -> result.set(spin()));
                        child.join();
                        reply(connection, result.get());
                    } else if (command.equals("release")) {
                        RELEASED.set(true);
                        reply(connection, "released");
                    }
                }
            }
            return Result.OK;
        }

        private static String spin() {
            Thread caller = Thread.currentThread();
            // bounded, so that a failing test (the loop held) ends instead of holding it forever
            long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            Thread worker = Blocking.get(() -> {
                while (!RELEASED.get() && System.nanoTime() < giveUp) {
                    Thread.onSpinWait();
                }
                return Thread.currentThread();
            });
            return worker == caller ? "spun on the handler's thread" : "spun on another thread";
        }

        private static void reply(Connection connection, String text) throws IOException {
            try (Brigade out = new Brigade()) {
                connection.output().flush(out.write(text + "\n"));
            }
        }
    }
}
