package org.sluice.internal.connection;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import org.sluice.brigade.Brigade;
import org.sluice.config.ConfigException;
import org.sluice.connection.Connection;
import org.sluice.connection.ConnectionHandler;
import org.sluice.filter.Block;
import org.sluice.filter.ReadMode;
import org.sluice.filter.ReadStatus;
import org.sluice.hook.Result;
import org.sluice.testing.TestClient;
import org.sluice.testing.TestServer;

/**
 * {@code RemoteIPProxyProtocol} through real sockets: a client that writes a PROXY protocol
 * header (version 1 text or version 2 binary) before its protocol is known by the header's
 * source address; a connection without a valid header never reaches the protocol.
 */
class ProxyProtocolTest {

    private static final String WHO_ECHO = "ProtocolHandler org.sluice.internal.connection.ProxyProtocolTest$WhoEcho";
    private static final byte[] V2_SIGNATURE = {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A};

    static final AtomicInteger HANDLED = new AtomicInteger();

    /** Says who the client and the peer are, then echoes each line. */
    public static final class WhoEcho implements ConnectionHandler {
        @Override
        public Result handle(Connection connection) throws Exception {
            HANDLED.incrementAndGet();
            try (Brigade line = new Brigade()) {
                connection.output().flush(line.write("client " + connection.remoteIp() + ":"
                        + connection.remoteAddress().getPort() + " peer " + connection.peerIp() + "\n"));
                while (connection.input().read(line, ReadMode.GETLINE, Block.BLOCK, 8192) == ReadStatus.OK) {
                    connection.output().flush(line);
                }
            }
            return Result.OK;
        }
    }

    @TempDir
    Path root;

    private final int port = TestServer.freePort();
    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private final Logger remoteip = (Logger) LoggerFactory.getLogger("org.sluice.remoteip");

    @BeforeEach
    void captureLog() {
        HANDLED.set(0);
        log.start();
        remoteip.addAppender(log);
        remoteip.setAdditive(false);
        remoteip.setLevel(Level.INFO);
    }

    @AfterEach
    void releaseLog() {
        remoteip.detachAppender(log);
        remoteip.setAdditive(true);
        remoteip.setLevel(null);
    }

    private TestServer start(String hostDirectives) throws Exception {
        return start("", hostDirectives);
    }

    private TestServer start(String serverDirectives, String hostDirectives) throws Exception {
        return TestServer.start(root, """
                Listen 127.0.0.1:%d
                GracefulShutdownTimeout 2
                %s
                %s
                <VirtualHost 127.0.0.1:%d>
                %s
                </VirtualHost>
                """.formatted(port, WHO_ECHO, serverDirectives, port, hostDirectives));
    }

    private static void send(TestClient client, byte[] bytes) throws IOException {
        client.socket().getOutputStream().write(bytes);
        client.socket().getOutputStream().flush();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    /** A version 2 header: PROXY command over TCP/IPv6 from {@code 2001:db8::7} port 40000. */
    private static byte[] v2Tcp6() {
        ByteBuffer header = ByteBuffer.allocate(16 + 36);
        header.put(V2_SIGNATURE).put((byte) 0x21).put((byte) 0x21).putShort((short) 36);
        header.put(new byte[] {0x20, 0x01, 0x0d, (byte) 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 7});
        header.put(new byte[] {0x20, 0x01, 0x0d, (byte) 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1});
        header.putShort((short) 40000).putShort((short) 443);
        return header.array();
    }

    private static void assertClosedWithoutReply(TestClient client) throws IOException {
        assertThat(client.read()).isEqualTo(-1);
    }

    private void awaitLogged(Level level, String message) {
        await().atMost(Duration.ofSeconds(10)).until(() -> log.list.stream()
                .anyMatch(e -> e.getLevel() == level && e.getFormattedMessage().contains(message)));
    }

    private static void awaitNoConnections(TestServer server) {
        await().atMost(Duration.ofSeconds(10)).until(() -> server.server().openConnections() == 0);
    }

    // ---- the client's address ----

    @Test
    void textHeaderMakesItsSourceTheClientAndKeepsTheProxyAsPeer() throws Exception {
        try (TestServer server = start("RemoteIPProxyProtocol On");
                TestClient client = TestClient.connect(port)) {
            client.send("PROXY TCP4 192.0.2.7 198.51.100.1 40000 80\r\n");
            assertThat(client.readLine()).isEqualTo("client 192.0.2.7:40000 peer 127.0.0.1");
        }
    }

    @Test
    void binaryHeaderMakesItsSourceTheClient() throws Exception {
        try (TestServer server = start("RemoteIPProxyProtocol On");
                TestClient client = TestClient.connect(port)) {
            send(client, v2Tcp6());
            assertThat(client.readLine()).isEqualTo("client 2001:db8::7:40000 peer 127.0.0.1");
        }
    }

    @Test
    void bytesAfterTheHeaderInTheSamePacketReachTheProtocolIntact() throws Exception {
        try (TestServer server = start("RemoteIPProxyProtocol On");
                TestClient client = TestClient.connect(port)) {
            send(client, concat("PROXY TCP4 192.0.2.7 198.51.100.1 40000 80\r\nfirst\nsecond\n".getBytes(US_ASCII)));
            assertThat(client.readLine()).startsWith("client 192.0.2.7:");
            assertThat(client.readLine()).isEqualTo("first");
            assertThat(client.readLine()).isEqualTo("second");
        }
    }

    @Test
    void bytesAfterABinaryHeaderInTheSamePacketReachTheProtocolIntact() throws Exception {
        try (TestServer server = start("RemoteIPProxyProtocol On");
                TestClient client = TestClient.connect(port)) {
            send(client, concat(v2Tcp6(), "\r\nQUIT\n".getBytes(US_ASCII)));
            assertThat(client.readLine()).startsWith("client 2001:db8::7:");
            assertThat(client.readLine()).isEqualTo("");
            assertThat(client.readLine()).isEqualTo("QUIT");
        }
    }

    @Test
    void connectionLogShowsTheClientAsAAndTheProxyAsCA() throws Exception {
        try (TestServer server = start("RemoteIPProxyProtocol On\nCustomLog logs/conn.log \"%a %{c}a %h %{c}h %{remote}p %I\"");
                TestClient client = TestClient.connect(port)) {
            client.send("PROXY TCP4 192.0.2.7 198.51.100.1 40000 80\r\n");
            assertThat(client.readLine()).startsWith("client 192.0.2.7:");
            client.shutdownOutput();
            assertThat(client.readToEnd()).isEmpty();
        }
        Path file = root.resolve("logs/conn.log");
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(file) && Files.readString(file).endsWith("\n"));
        // %I counts the header, as httpd's does
        assertThat(Files.readString(file)).isEqualTo("192.0.2.7 127.0.0.1 192.0.2.7 127.0.0.1 40000 44\n");
    }

    @Test
    void unknownKeepsThePeerAsTheClient() throws Exception {
        try (TestServer server = start("RemoteIPProxyProtocol On");
                TestClient client = TestClient.connect(port)) {
            client.send("PROXY UNKNOWN\r\nafter\n");
            assertThat(client.readLine()).isEqualTo("client 127.0.0.1:" + client.socket().getLocalPort() + " peer 127.0.0.1");
            assertThat(client.readLine()).isEqualTo("after");
        }
    }

    @Test
    void binaryLocalCommandKeepsThePeerAsTheClient() throws Exception {
        try (TestServer server = start("RemoteIPProxyProtocol On");
                TestClient client = TestClient.connect(port)) {
            send(client, concat(V2_SIGNATURE, new byte[] {0x20, 0x00, 0x00, 0x00}, "after\n".getBytes(US_ASCII)));
            assertThat(client.readLine()).isEqualTo("client 127.0.0.1:" + client.socket().getLocalPort() + " peer 127.0.0.1");
            assertThat(client.readLine()).isEqualTo("after");
        }
    }

    // ---- connections without a valid header ----

    @Test
    void connectionWithoutAHeaderIsClosedWithoutReplyAndNeverReachesTheProtocol() throws Exception {
        try (TestServer server = start("RemoteIPProxyProtocol On");
                TestClient client = TestClient.connect(port)) {
            client.send("hello\n");
            assertClosedWithoutReply(client);
            awaitLogged(Level.ERROR, "client 127.0.0.1:" + client.socket().getLocalPort() + ": RemoteIPProxyProtocol:");
            awaitNoConnections(server);
            assertThat(HANDLED.get()).isZero();
        }
    }

    @Test
    void invalidHeaderIsClosedWithoutReply() throws Exception {
        try (TestServer server = start("RemoteIPProxyProtocol On");
                TestClient client = TestClient.connect(port)) {
            client.send("PROXY TCP4 192.0.2.x 198.51.100.1 40000 80\r\nhello\n");
            assertClosedWithoutReply(client);
            awaitLogged(Level.ERROR, "invalid IPv4 address: 192.0.2.x");
            assertThat(HANDLED.get()).isZero();
        }
    }

    @Test
    void textHeaderLongerThanTheProtocolAllowsIsClosed() throws Exception {
        try (TestServer server = start("RemoteIPProxyProtocol On");
                TestClient client = TestClient.connect(port)) {
            client.send("PROXY TCP4 " + "1".repeat(200) + "\r\n");
            assertClosedWithoutReply(client);
            awaitLogged(Level.ERROR, "exceeds the allowed maximum (108)");
        }
    }

    @Test
    void binaryHeaderAnnouncingMoreThanTheAddressesIsClosedAtOnce() throws Exception {
        try (TestServer server = start("RemoteIPProxyProtocol On");
                TestClient client = TestClient.connect(port)) {
            send(client, concat(V2_SIGNATURE, new byte[] {0x21, 0x11, (byte) 0xff, (byte) 0xff}));
            assertClosedWithoutReply(client);
            awaitLogged(Level.ERROR, "header length (65551) exceeds the allowed maximum (232)");
        }
    }

    @Test
    void binaryHeaderForAnotherProtocolThanTcpIsClosed() throws Exception {
        try (TestServer server = start("RemoteIPProxyProtocol On");
                TestClient client = TestClient.connect(port)) {
            // UDP over IPv4
            send(client, concat(V2_SIGNATURE, new byte[] {0x21, 0x12, 0x00, 0x0c, 10, 1, 2, 3, 10, 0, 0, 1, 0x15, (byte) 0xb3, 0, 80}));
            assertClosedWithoutReply(client);
            awaitLogged(Level.ERROR, "RemoteIPProxyProtocol: unsupported protocol 12");
        }
    }

    @Test
    void headerThatDoesNotArriveWithinTimeoutIsClosed() throws Exception {
        try (TestServer server = start("RemoteIPProxyProtocol On\nTimeout 1");
                TestClient client = TestClient.connect(port)) {
            client.send("PROXY TCP4 ");
            assertClosedWithoutReply(client);
            awaitLogged(Level.ERROR, "no complete PROXY header within Timeout (1s)");
            awaitNoConnections(server);
            assertThat(HANDLED.get()).isZero();
        }
    }

    @Test
    void clientThatEndsBeforeItsHeaderIsCountedOut() throws Exception {
        try (TestServer server = start("RemoteIPProxyProtocol On");
                TestClient client = TestClient.connect(port)) {
            client.send("PROXY TCP4 192.0.2.7").shutdownOutput();
            assertClosedWithoutReply(client);
            awaitLogged(Level.INFO, "connection closed before a complete header was received");
            awaitNoConnections(server);
            assertThat(HANDLED.get()).isZero();
        }
    }

    // ---- where it applies ----

    @Test
    void exceptionsLetADirectClientInWithoutAHeader() throws Exception {
        try (TestServer server = start("RemoteIPProxyProtocolExceptions 10.0.0.0/8 127.0.0.1", "RemoteIPProxyProtocol On");
                TestClient client = TestClient.connect(port)) {
            assertThat(client.readLine()).isEqualTo("client 127.0.0.1:" + client.socket().getLocalPort() + " peer 127.0.0.1");
        }
    }

    @Test
    void addressesOfOtherHostsNeedNoHeader() throws Exception {
        int other = TestServer.freePort();
        try (TestServer server = start("Listen 127.0.0.1:" + other, "RemoteIPProxyProtocol On");
                TestClient client = TestClient.connect(other)) {
            assertThat(client.readLine()).startsWith("client 127.0.0.1:");
        }
    }

    @Test
    void mainServerOnAppliesToEveryAddressUnlessAHostSaysOff() throws Exception {
        int other = TestServer.freePort();
        try (TestServer server = start("Listen 127.0.0.1:" + other + "\nRemoteIPProxyProtocol On", "RemoteIPProxyProtocol Off");
                TestClient viaProxy = TestClient.connect(other);
                TestClient direct = TestClient.connect(port)) {
            viaProxy.send("PROXY TCP4 192.0.2.7 198.51.100.1 40000 80\r\n");
            assertThat(viaProxy.readLine()).startsWith("client 192.0.2.7:");
            assertThat(direct.readLine()).startsWith("client 127.0.0.1:");
        }
    }

    @Test
    void offForAnAddressWinsOverOnForEveryAddressWhateverTheOrder() throws Exception {
        try (TestServer server = start("RemoteIPProxyProtocol Off", "RemoteIPProxyProtocol On");
                TestClient client = TestClient.connect(port)) {
            assertThat(client.readLine()).startsWith("client 127.0.0.1:");
        }
    }

    @Test
    void whereItIsOnIsLoggedWhenTheServerStarts() throws Exception {
        try (TestServer server = start("RemoteIPProxyProtocol On")) {
            awaitLogged(Level.INFO, "RemoteIPProxyProtocol: enabled on 127.0.0.1:" + port);
        }
    }

    // ---- configuration errors, in httpd's words ----

    @Test
    void directiveTakesOnOrOff() {
        assertRefused("RemoteIPProxyProtocol maybe", "RemoteIPProxyProtocol must be On or Off");
    }

    @Test
    void directiveIsRefusedInsideALocation() {
        assertRefused("<Location /x>\nRemoteIPProxyProtocol On\n</Location>", 2,
                "RemoteIPProxyProtocol not allowed in <Location> context");
    }

    @Test
    void exceptionsNeedAnArgument() {
        assertRefused("RemoteIPProxyProtocolExceptions", "RemoteIPProxyProtocolExceptions requires an argument");
    }

    @Test
    void exceptionThatIsAHostNameIsRefused() {
        assertRefused("RemoteIPProxyProtocolExceptions 10.0.0.1 proxy.example.com",
                "ip address 'proxy.example.com' appears to be invalid");
    }

    @Test
    void exceptionWithABadAddressIsRefused() {
        assertRefused("RemoteIPProxyProtocolExceptions 10.0.0.300",
                "ip address '10.0.0.300' appears to be invalid: The specified IP address is invalid.");
    }

    @Test
    void exceptionWithABadMaskIsRefused() {
        assertRefused("RemoteIPProxyProtocolExceptions 10.0.0.0/33",
                "ip address '10.0.0.0' appears to be invalid: The specified network mask is invalid.");
    }

    @Test
    void exceptionsTakeAddressesPartialAddressesAndNetworks() throws Exception {
        TestServer.check(root, "RemoteIPProxyProtocolExceptions 10.1 192.168.0.0/255.255.0.0 ::1 2001:db8::/32\n");
    }

    private void assertRefused(String lines, String message) {
        assertRefused(lines, 1, message);
    }

    private void assertRefused(String lines, int line, String message) {
        assertThatThrownBy(() -> TestServer.check(root, lines + "\n"))
                .isInstanceOfSatisfying(ConfigException.class, e -> {
                    assertThat(e.getMessage()).isEqualTo(message);
                    assertThat(e.location().line()).isEqualTo(line);
                });
    }
}
