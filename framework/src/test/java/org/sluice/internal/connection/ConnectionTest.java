package org.sluice.internal.connection;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sluice.brigade.Brigade;
import org.sluice.connection.Connection;
import org.sluice.connection.ConnectionHandler;
import org.sluice.connection.Note;
import org.sluice.connection.PreConnectionHandler;
import org.sluice.filter.Block;
import org.sluice.filter.FilterType;
import org.sluice.filter.InputFilter;
import org.sluice.filter.LineTooLongException;
import org.sluice.filter.ReadMode;
import org.sluice.filter.ReadStatus;
import org.sluice.hook.Hooks;
import org.sluice.hook.Order;
import org.sluice.hook.Result;
import org.sluice.module.Module;
import org.sluice.module.Registry;
import org.sluice.testing.TestClient;
import org.sluice.testing.TestServer;

/**
 * A connection as a protocol handler sees it, through real sockets: the read modes, timeouts,
 * the pool, the close hook, byte counts, notes, refusal, the connection limit and
 * back-pressure on a client that sends more than the handler reads.
 */
class ConnectionTest {

    private static final String PACKAGE = "org.sluice.internal.connection.ConnectionTest$";

    static final AtomicInteger CLEANUPS = new AtomicInteger();
    static final List<String> CLEANUP_ORDER = new CopyOnWriteArrayList<>();
    static final AtomicReference<Throwable> READ_FAILURE = new AtomicReference<>();
    static final List<Closed> CLOSED = new CopyOnWriteArrayList<>();
    static final Note<String> TAG = Note.of("tag", String.class);
    static volatile CountDownLatch release = new CountDownLatch(0);

    /** What the close hook saw of one connection. */
    record Closed(long id, long bytesIn, long bytesOut) {
    }

    @TempDir
    Path root;

    private final int port = TestServer.freePort();

    @BeforeEach
    void reset() {
        CLEANUPS.set(0);
        CLEANUP_ORDER.clear();
        READ_FAILURE.set(null);
        CLOSED.clear();
        LINES.set(null);
        release = new CountDownLatch(1);
    }

    @AfterEach
    void releaseHandlers() {
        release.countDown();
    }

    private TestServer start(String handler, String directives) throws Exception {
        return TestServer.start(root, """
                Listen 127.0.0.1:%d
                GracefulShutdownTimeout 2
                ProtocolHandler %s
                %s
                """.formatted(port, PACKAGE + handler, directives));
    }

    private TestServer start(String handler) throws Exception {
        return start(handler, "");
    }

    private static void awaitNoConnections(TestServer server) {
        await().atMost(Duration.ofSeconds(10)).until(() -> server.server().openConnections() == 0);
    }

    private static String escape(String text) {
        return text.replace("\r", "\\r").replace("\n", "\\n");
    }

    private static void reply(Connection connection, String text) throws IOException {
        try (Brigade brigade = new Brigade()) {
            connection.output().flush(brigade.write(text));
        }
    }

    private static String read(Connection connection, ReadMode mode, Block block, long bytes) throws IOException {
        try (Brigade brigade = new Brigade()) {
            ReadStatus status = connection.input().read(brigade, mode, block, bytes);
            return status == ReadStatus.OK ? brigade.flattenToString(UTF_8) : null;
        }
    }

    // ---- READBYTES ----

    /** Reads once with a limit far above what the client sends, and says how much it got. */
    public static final class ReadsOnce implements ConnectionHandler {
        @Override
        public Result handle(Connection connection) throws Exception {
            String got = read(connection, ReadMode.READBYTES, Block.BLOCK, 1000);
            reply(connection, "got " + got.length() + ": " + got + "\n");
            return Result.OK;
        }
    }

    @Test
    void readBytesReturnsWhatIsAvailableWithoutWaitingForTheLimit() throws Exception {
        try (TestServer server = start("ReadsOnce"); TestClient client = TestClient.connect(port)) {
            client.send("hello");

            assertThat(client.readLine()).isEqualTo("got 5: hello");
        }
    }

    /** Reads four bytes at a time until end of stream, then answers with the chunks in brackets. */
    public static final class ReadsFourAtATime implements ConnectionHandler {
        @Override
        public Result handle(Connection connection) throws Exception {
            StringBuilder chunks = new StringBuilder();
            String chunk;
            while ((chunk = read(connection, ReadMode.READBYTES, Block.BLOCK, 4)) != null) {
                chunks.append('[').append(chunk).append(']');
            }
            reply(connection, chunks + "\n");
            return Result.OK;
        }
    }

    @Test
    void readBytesReturnsNoMoreThanTheLimit() throws Exception {
        try (TestServer server = start("ReadsFourAtATime"); TestClient client = TestClient.connect(port)) {
            client.send("abcdefghij").shutdownOutput();

            String reply = client.readLine();
            assertThat(reply).matches("(\\[[a-j]{1,4}\\])+");
            assertThat(reply.replaceAll("[\\[\\]]", "")).isEqualTo("abcdefghij");
        }
    }

    // ---- GETLINE ----

    /** Answers each line, line end shown escaped; a line longer than 16 bytes is refused. */
    public static final class Lines implements ConnectionHandler {
        @Override
        public Result handle(Connection connection) throws Exception {
            LINES.set(connection);
            try {
                String line;
                while ((line = read(connection, ReadMode.GETLINE, Block.BLOCK, 16)) != null) {
                    reply(connection, escape(line) + "\n");
                }
            } catch (LineTooLongException e) {
                reply(connection, "too long: " + e.limit() + "\n");
            }
            return Result.OK;
        }
    }

    /** The connection of the last {@link Lines} handler, to see how many bytes it has taken. */
    static final AtomicReference<Connection> LINES = new AtomicReference<>();

    /** Sends {@code text} a byte at a time, each once the server has taken the one before. */
    private static void sendByteByByte(TestClient client, String text) throws IOException {
        client.sendByteByByte(text, sent -> await().atMost(Duration.ofSeconds(10))
                .until(() -> LINES.get() != null && LINES.get().bytesIn() >= sent));
    }

    @Test
    void getLineReturnsOneLinePerCallWhateverTheSegmentation() throws Exception {
        try (TestServer server = start("Lines"); TestClient client = TestClient.connect(port)) {
            sendByteByByte(client, "one\ntwo\r\nthree\n");

            assertThat(client.readLine()).isEqualTo("one\\n");
            assertThat(client.readLine()).isEqualTo("two\\r\\n");
            assertThat(client.readLine()).isEqualTo("three\\n");
        }
    }

    @Test
    void getLineReturnsSeveralLinesOfOneSegmentOneByOne() throws Exception {
        try (TestServer server = start("Lines"); TestClient client = TestClient.connect(port)) {
            client.send("a\nb\nc\n").shutdownOutput();

            assertThat(client.readToEnd()).isEqualTo("a\\n\nb\\n\nc\\n\n");
        }
    }

    @Test
    void getLineReturnsTheUnterminatedLastLineAtEndOfStream() throws Exception {
        try (TestServer server = start("Lines"); TestClient client = TestClient.connect(port)) {
            client.send("done\ntail").shutdownOutput();

            assertThat(client.readToEnd()).isEqualTo("done\\n\ntail\n");
        }
    }

    @Test
    void getLineFailsWithLineTooLongPastTheLimit() throws Exception {
        try (TestServer server = start("Lines"); TestClient client = TestClient.connect(port)) {
            client.send("short\n0123456789abcdefghij\n");

            assertThat(client.readLine()).isEqualTo("short\\n");
            assertThat(client.readLine()).isEqualTo("too long: 16");
        }
    }

    @Test
    void getLineFailsWithLineTooLongWhenTheLongLineArrivesByteByByte() throws Exception {
        try (TestServer server = start("Lines"); TestClient client = TestClient.connect(port)) {
            sendByteByByte(client, "0123456789abcdef");

            assertThat(client.readLine()).isEqualTo("too long: 16");
        }
    }

    // ---- SPECULATIVE, EATCRLF, NONBLOCK ----

    /** Peeks, then reads the line, and shows both. */
    public static final class Peeks implements ConnectionHandler {
        @Override
        public Result handle(Connection connection) throws Exception {
            String peeked = read(connection, ReadMode.SPECULATIVE, Block.BLOCK, 100);
            String line = read(connection, ReadMode.GETLINE, Block.BLOCK, 100);
            reply(connection, "peek=" + escape(peeked) + " line=" + escape(line) + "\n");
            return Result.OK;
        }
    }

    @Test
    void speculativeReadLeavesTheDataForTheNextRead() throws Exception {
        try (TestServer server = start("Peeks"); TestClient client = TestClient.connect(port)) {
            client.send("peek\n");

            assertThat(client.readLine()).isEqualTo("peek=peek\\n line=peek\\n");
        }
    }

    /** Waits for data, drops leading CR/LF, then reads a line. */
    public static final class EatsCrlf implements ConnectionHandler {
        @Override
        public Result handle(Connection connection) throws Exception {
            read(connection, ReadMode.SPECULATIVE, Block.BLOCK, 100);
            String eaten = read(connection, ReadMode.EATCRLF, Block.NONBLOCK, 0);
            String line = read(connection, ReadMode.GETLINE, Block.BLOCK, 100);
            reply(connection, "eaten=[" + eaten + "] line=" + escape(line) + "\n");
            return Result.OK;
        }
    }

    @Test
    void eatCrlfDropsLeadingLineEndsAndReturnsNothing() throws Exception {
        try (TestServer server = start("EatsCrlf"); TestClient client = TestClient.connect(port)) {
            client.send("\r\n\r\n\nword\n");

            assertThat(client.readLine()).isEqualTo("eaten=[] line=word\\n");
        }
    }

    /** Reads without blocking before the client sent anything, then waits for a line. */
    public static final class ReadsWithoutBlocking implements ConnectionHandler {
        @Override
        public Result handle(Connection connection) throws Exception {
            try (Brigade brigade = new Brigade()) {
                ReadStatus status = connection.input().read(brigade, ReadMode.READBYTES, Block.NONBLOCK, 100);
                reply(connection, status + " " + brigade.length() + "\n");
            }
            reply(connection, escape(read(connection, ReadMode.GETLINE, Block.BLOCK, 100)) + "\n");
            return Result.OK;
        }
    }

    @Test
    void nonBlockingReadReturnsAgainWhenNothingIsThere() throws Exception {
        try (TestServer server = start("ReadsWithoutBlocking"); TestClient client = TestClient.connect(port)) {
            assertThat(client.readLine()).isEqualTo("AGAIN 0");

            client.send("later\n");
            assertThat(client.readLine()).isEqualTo("later\\n");
        }
    }

    // ---- Timeout ----

    /** Waits for a line that never comes, and records how the wait ended. */
    public static final class WaitsForALine implements ConnectionHandler {
        @Override
        public Result handle(Connection connection) throws Exception {
            try {
                read(connection, ReadMode.GETLINE, Block.BLOCK, 100);
            } catch (IOException e) {
                READ_FAILURE.set(e);
                throw e;
            }
            return Result.OK;
        }
    }

    @Test
    void readWaitingLongerThanTimeoutFailsAndTheConnectionCloses() throws Exception {
        try (TestServer server = start("WaitsForALine", "Timeout 1"); TestClient client = TestClient.connect(port)) {
            // the client's own read timeout (10 s) is the upper bound
            assertThat(client.read()).isEqualTo(-1);

            assertThat(READ_FAILURE.get()).isInstanceOf(SocketTimeoutException.class);
            awaitNoConnections(server);
        }
    }

    // ---- awaitInput ----

    /** Says it waits, waits for input without reading it, then takes what came without blocking. */
    public static final class AwaitsThenReads implements ConnectionHandler {
        @Override
        public Result handle(Connection connection) throws Exception {
            reply(connection, "waiting\n");
            boolean awaited = connection.input().awaitInput();
            try (Brigade brigade = new Brigade()) {
                ReadStatus status = connection.input().read(brigade, ReadMode.READBYTES, Block.NONBLOCK, 100);
                reply(connection, "awaited=" + awaited + " " + status + " " + escape(brigade.flattenToString(UTF_8))
                        + " timedOut=" + connection.aborted() + "\n");
            }
            return Result.OK;
        }
    }

    @Test
    void awaitInputReturnsWhenDataArrivesAndLeavesItToRead() throws Exception {
        try (TestServer server = start("AwaitsThenReads"); TestClient client = TestClient.connect(port)) {
            assertThat(client.readLine()).isEqualTo("waiting");

            client.send("hello\n");
            assertThat(client.readLine()).isEqualTo("awaited=true OK hello\\n timedOut=false");
        }
    }

    @Test
    void awaitInputReturnsAtTheEndOfInput() throws Exception {
        try (TestServer server = start("AwaitsThenReads"); TestClient client = TestClient.connect(port)) {
            assertThat(client.readLine()).isEqualTo("waiting");

            client.shutdownOutput();
            assertThat(client.readLine()).isEqualTo("awaited=true EOF  timedOut=false");
        }
    }

    @Test
    void awaitInputGivesUpAfterTheTimeout() throws Exception {
        try (TestServer server = start("AwaitsThenReads", "Timeout 1"); TestClient client = TestClient.connect(port)) {
            assertThat(client.readLine()).isEqualTo("waiting");

            assertThat(client.readLine()).isEqualTo("awaited=false AGAIN  timedOut=true");
        }
    }

    /** An input filter that holds a line from the start, before the client sends anything. */
    static final class HoldsALine implements InputFilter {
        private boolean given;

        @Override
        public ReadStatus read(Context ctx, Brigade into, ReadMode mode, Block block, long readBytes) throws IOException {
            if (given) {
                return ctx.readNext(into, mode, block, readBytes);
            }
            given = true;
            into.write("held\n");
            return ReadStatus.OK;
        }

        @Override
        public boolean holdsInput() {
            return !given;
        }
    }

    /** As {@link AwaitsThenReads}, under a filter that holds input. */
    public static final class AwaitsUnderAHoldingFilter implements ConnectionHandler {
        @Override
        public Result handle(Connection connection) throws Exception {
            connection.input().add("holds", FilterType.CONNECTION, new HoldsALine());
            return new AwaitsThenReads().handle(connection);
        }
    }

    @Test
    void awaitInputDoesNotWaitForTheNetworkWhileAFilterHoldsInput() throws Exception {
        try (TestServer server = start("AwaitsUnderAHoldingFilter", "Timeout 5"); TestClient client = TestClient.connect(port)) {
            assertThat(client.readLine()).isEqualTo("waiting");

            // the client sends nothing: the held line is there to read at once
            assertThat(client.readLine()).isEqualTo("awaited=true OK held\\n timedOut=false");
        }
    }

    // ---- the pool ----

    /** Adds a cleanup, says it is ready, then echoes one line, or fails if the line is {@code throw}. */
    public static final class CleansUp implements ConnectionHandler {
        @Override
        public Result handle(Connection connection) throws Exception {
            connection.pool().addCleanup(CLEANUPS::incrementAndGet);
            reply(connection, "ready\n");
            String line = read(connection, ReadMode.GETLINE, Block.BLOCK, 100);
            if ("throw\n".equals(line)) {
                throw new IllegalStateException("the test asked the handler to fail");
            }
            if (line != null) {
                reply(connection, line);
            }
            return Result.OK;
        }
    }

    @Test
    void cleanupRunsOnceWhenTheHandlerReturns() throws Exception {
        try (TestServer server = start("CleansUp")) {
            try (TestClient client = TestClient.connect(port)) {
                assertThat(client.readLine()).isEqualTo("ready");
                assertThat(client.send("bye\n").readLine()).isEqualTo("bye");
                assertThat(client.read()).isEqualTo(-1);
            }
            awaitNoConnections(server);

            assertThat(CLEANUPS).hasValue(1);
        }
    }

    @Test
    void cleanupRunsOnceWhenTheHandlerThrows() throws Exception {
        try (TestServer server = start("CleansUp")) {
            try (TestClient client = TestClient.connect(port)) {
                assertThat(client.readLine()).isEqualTo("ready");
                client.send("throw\n");
                assertThat(client.read()).isEqualTo(-1);
            }
            awaitNoConnections(server);

            assertThat(CLEANUPS).hasValue(1);
        }
    }

    @Test
    void cleanupRunsOnceWhenThePeerResets() throws Exception {
        try (TestServer server = start("CleansUp")) {
            TestClient client = TestClient.connect(port);
            assertThat(client.readLine()).isEqualTo("ready");
            client.reset();
            awaitNoConnections(server);

            assertThat(CLEANUPS).hasValue(1);
        }
    }

    /** Adds three cleanups that note their order. */
    public static final class AddsThreeCleanups implements ConnectionHandler {
        @Override
        public Result handle(Connection connection) {
            for (String name : List.of("first", "second", "third")) {
                connection.pool().addCleanup(() -> CLEANUP_ORDER.add(name));
            }
            return Result.OK;
        }
    }

    @Test
    void cleanupsRunInReverseOrderOfRegistration() throws Exception {
        try (TestServer server = start("AddsThreeCleanups")) {
            try (TestClient client = TestClient.connect(port)) {
                assertThat(client.read()).isEqualTo(-1);
            }
            awaitNoConnections(server);

            assertThat(CLEANUP_ORDER).containsExactly("third", "second", "first");
        }
    }

    // ---- the close hook and byte counts ----

    /** Records every connection that ends, with its byte counts. */
    public static final class CloseRecorder implements Module {
        @Override
        public String name() {
            return "test_close_recorder";
        }

        @Override
        public void register(Registry registry) {
            registry.hook(Hooks.CONNECTION_CLOSE,
                    c -> CLOSED.add(new Closed(c.id(), c.bytesIn(), c.bytesOut())), Order.MIDDLE);
        }
    }

    /** Reads everything the client sends, then answers with 300 bytes. */
    public static final class Sink implements ConnectionHandler {
        @Override
        public Result handle(Connection connection) throws Exception {
            while (read(connection, ReadMode.READBYTES, Block.BLOCK, 8192) != null) {
                // discard
            }
            reply(connection, "x".repeat(299) + "\n");
            return Result.OK;
        }
    }

    @Test
    void closeHookRunsOncePerConnection() throws Exception {
        try (TestServer server = start("Sink", "LoadModule " + PACKAGE + "CloseRecorder")) {
            for (int i = 0; i < 3; i++) {
                try (TestClient client = TestClient.connect(port)) {
                    client.shutdownOutput().readToEnd();
                }
            }
            awaitNoConnections(server);

            assertThat(CLOSED).hasSize(3);
            assertThat(CLOSED.stream().map(Closed::id).distinct()).hasSize(3);
        }
    }

    @Test
    void bytesInAndOutCountWhatWasSentEachWay() throws Exception {
        try (TestServer server = start("Sink", "LoadModule " + PACKAGE + "CloseRecorder")) {
            try (TestClient client = TestClient.connect(port)) {
                client.send("y".repeat(1000)).shutdownOutput();
                assertThat(client.readToEnd()).hasSize(300);
            }
            awaitNoConnections(server);

            assertThat(CLOSED).singleElement().satisfies(closed -> {
                assertThat(closed.bytesIn()).isEqualTo(1000);
                assertThat(closed.bytesOut()).isEqualTo(300);
            });
        }
    }

    // ---- notes ----

    /** Tags each connection with a note. */
    public static final class Tags implements PreConnectionHandler {
        @Override
        public Result preConnection(Connection connection) {
            connection.note(TAG, "tagged-" + connection.remoteAddress().getPort());
            return Result.OK;
        }
    }

    /** Answers with the tag note. */
    public static final class SaysTag implements ConnectionHandler {
        @Override
        public Result handle(Connection connection) throws Exception {
            reply(connection, connection.note(TAG) + "\n");
            return Result.OK;
        }
    }

    @Test
    void noteSetBeforeTheProtocolIsVisibleToItAndToTheAccessLog() throws Exception {
        Path log = root.resolve("logs/access.log");
        try (TestServer server = start("SaysTag",
                "PreConnectionHandler " + PACKAGE + "Tags\nCustomLog logs/access.log \"%{tag}n %{absent}n\"")) {
            int clientPort;
            try (TestClient client = TestClient.connect(port)) {
                clientPort = client.socket().getLocalPort();
                assertThat(client.readLine()).isEqualTo("tagged-" + clientPort);
            }

            await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(log) && !Files.readString(log).isEmpty());
            assertThat(Files.readString(log)).isEqualTo("tagged-" + clientPort + " -\n");
        }
    }

    /** A connection has no environment variables: env=VAR never logs it, env=!VAR always does. */
    @Test
    void connectionLogConditionsSeeNoVariables() throws Exception {
        Path never = root.resolve("logs/never.log");
        Path always = root.resolve("logs/always.log");
        try (TestServer server = start("SaysTag", "PreConnectionHandler " + PACKAGE + "Tags\n"
                + "CustomLog logs/never.log \"%{tag}n\" env=tag\n"
                + "CustomLog logs/always.log \"%{tag}n %{tag}e\" env=!tag")) {
            int clientPort;
            try (TestClient client = TestClient.connect(port)) {
                clientPort = client.socket().getLocalPort();
                assertThat(client.readLine()).isEqualTo("tagged-" + clientPort);
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(always) && !Files.readString(always).isEmpty());
            assertThat(Files.readString(always)).isEqualTo("tagged-" + clientPort + " -\n");
            assertThat(Files.exists(never) ? Files.readString(never) : "").isEmpty();
        }
    }

    // ---- refusing connections ----

    /** Refuses every connection. */
    public static final class Refuses implements PreConnectionHandler {
        @Override
        public Result preConnection(Connection connection) {
            return Result.FORBIDDEN;
        }
    }

    /** Greets at once; used to show that a refused connection never reaches the protocol. */
    public static final class Greets implements ConnectionHandler {
        @Override
        public Result handle(Connection connection) throws Exception {
            reply(connection, "hello\n");
            read(connection, ReadMode.GETLINE, Block.BLOCK, 100);
            return Result.OK;
        }
    }

    @Test
    void refusingPreConnectionHandlerClosesWithoutAReplyByte() throws Exception {
        try (TestServer server = start("Greets", "PreConnectionHandler " + PACKAGE + "Refuses");
             TestClient client = TestClient.connect(port)) {
            assertThat(client.read()).isEqualTo(-1);
        }
    }

    @Test
    void connectionsBeyondMaxConnectionsAreClosedAtOnceAndCounted() throws Exception {
        try (TestServer server = start("Greets", "MaxConnections 1")) {
            try (TestClient first = TestClient.connect(port)) {
                assertThat(first.readLine()).isEqualTo("hello");

                try (TestClient excess = TestClient.connect(port)) {
                    assertThat(excess.read()).isEqualTo(-1);
                }
                assertThat(server.server().refusedConnections()).isEqualTo(1);
            }
            awaitNoConnections(server);

            try (TestClient afterwards = TestClient.connect(port)) {
                assertThat(afterwards.readLine()).as("the freed slot is usable").isEqualTo("hello");
            }
            assertThat(server.server().refusedConnections()).isEqualTo(1);
        }
    }

    @Test
    void listenBacklogIsTheListeningSocketsQueue() throws Exception {
        try (TestServer server = start("Greets", "ListenBacklog 77")) {
            // ss shows a listening socket's backlog as its Send-Q
            Process ss;
            try {
                ss = new ProcessBuilder("ss", "-Hltn", "sport = :" + port).redirectErrorStream(true).start();
            } catch (IOException e) {
                org.junit.jupiter.api.Assumptions.abort("ss (iproute2) is not installed");
                return;
            }
            assertThat(ss.waitFor(10, TimeUnit.SECONDS)).isTrue();
            String line = new String(ss.getInputStream().readAllBytes(), UTF_8).strip();
            String[] columns = line.split("\\s+");
            assertThat(columns).as(line).hasSizeGreaterThan(3);
            assertThat(columns[2]).as(line).isEqualTo("77");
        }
    }

    // ---- back-pressure ----

    /** Never reads; returns when the test is over. */
    public static final class NeverReads implements ConnectionHandler {
        @Override
        public Result handle(Connection connection) throws Exception {
            release.await(30, TimeUnit.SECONDS);
            return Result.OK;
        }
    }

    @Test
    void clientSendingToAHandlerThatDoesNotReadIsHeldBack() throws Exception {
        long limit = 16L * 1024 * 1024;
        try (TestServer server = start("NeverReads");
             SocketChannel channel = SocketChannel.open(new InetSocketAddress("127.0.0.1", port))) {
            channel.configureBlocking(false);
            ByteBuffer chunk = ByteBuffer.allocate(64 * 1024);
            long accepted = 0;
            long stalledSince = System.nanoTime();
            // write until the socket stays unwritable for half a second, or clearly too much was taken
            try (java.nio.channels.Selector selector = java.nio.channels.Selector.open()) {
                channel.register(selector, java.nio.channels.SelectionKey.OP_WRITE);
                while (accepted < 4 * limit && System.nanoTime() - stalledSince < TimeUnit.MILLISECONDS.toNanos(500)) {
                    chunk.clear();
                    int n = channel.write(chunk);
                    if (n > 0) {
                        accepted += n;
                        stalledSince = System.nanoTime();
                    } else {
                        selector.select(100);
                        selector.selectedKeys().clear();
                    }
                }
            }

            assertThat(accepted).as("bytes the server side took in").isLessThan(limit);
            release.countDown();
        }
    }

    /** Adds a cleanup, then never reads; returns when the test is over. */
    public static final class CleansUpButNeverReads implements ConnectionHandler {
        @Override
        public Result handle(Connection connection) throws Exception {
            connection.pool().addCleanup(CLEANUPS::incrementAndGet);
            reply(connection, "ready\n");
            release.await(30, TimeUnit.SECONDS);
            return Result.OK;
        }
    }

    @Test
    void handlerOutlivingTheServerStillRunsItsCleanupAndReleasesWhatItDidNotRead() throws Exception {
        TestServer server = start("CleansUpButNeverReads", "GracefulShutdownTimeout 1");
        try (TestClient client = TestClient.connect(port)) {
            assertThat(client.readLine()).isEqualTo("ready");
            client.send("unread data\n".repeat(100));
            server.close();
        }
        release.countDown();

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(CLEANUPS).hasValue(1));
    }
}
