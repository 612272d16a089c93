package org.sluice.internal.log;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sluice.brigade.Brigade;
import org.sluice.config.ConfigException;
import org.sluice.connection.Connection;
import org.sluice.connection.ConnectionHandler;
import org.sluice.connection.Note;
import org.sluice.connection.PreConnectionHandler;
import org.sluice.filter.Block;
import org.sluice.filter.ReadMode;
import org.sluice.hook.Result;
import org.sluice.testing.TestClient;
import org.sluice.testing.TestServer;

/**
 * {@code LogFormat} codes in the one line {@code CustomLog} writes per connection, from a real
 * connection: the client sends {@code ping\n}, the server answers {@code pong\n}.
 */
class LogFormatTest {

    private static final String PACKAGE = "org.sluice.internal.log.LogFormatTest$";
    private static final DateTimeFormatter APACHE_TIME =
            DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ROOT);

    @TempDir
    Path root;

    private final int port = TestServer.freePort();

    /** Reads a line and answers {@code pong}. */
    public static final class PingPong implements ConnectionHandler {
        @Override
        public Result handle(Connection connection) throws Exception {
            try (Brigade brigade = new Brigade()) {
                connection.input().read(brigade, ReadMode.GETLINE, Block.BLOCK, 100);
                brigade.cleanup();
                connection.output().flush(brigade.write("pong\n"));
            }
            return Result.OK;
        }
    }

    /** Notes {@code tag=tagged} on every connection. */
    public static final class Tags implements PreConnectionHandler {
        @Override
        public Result preConnection(Connection connection) {
            connection.note(Note.of("tag", String.class), "tagged");
            return Result.OK;
        }
    }

    /** What one logged connection looked like from the client. */
    private record Run(String line, int clientPort, Instant before, Instant after) {
    }

    /** Starts a server with {@code directives}, makes one ping-pong connection and returns its log line. */
    private Run logOf(String directives) throws Exception {
        return logOf(directives, "logs/access.log", port);
    }

    private Run logOf(String directives, String logFile, int connectTo) throws Exception {
        String config = """
                Listen 127.0.0.1:%d
                ServerName log.example
                ProtocolHandler %sPingPong
                PreConnectionHandler %sTags
                %s
                """.formatted(port, PACKAGE, PACKAGE, directives);
        try (TestServer server = TestServer.start(root, config)) {
            Instant before = Instant.now();
            int clientPort;
            try (TestClient client = TestClient.connect(connectTo)) {
                clientPort = client.socket().getLocalPort();
                assertThat(client.send("ping\n").readLine()).isEqualTo("pong");
                assertThat(client.read()).isEqualTo(-1);
            }
            String line = awaitLine(root.resolve(logFile));
            return new Run(line, clientPort, before, Instant.now());
        }
    }

    private static String awaitLine(Path log) {
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(log) && Files.readString(log).endsWith("\n"));
        try {
            List<String> lines = Files.readAllLines(log, UTF_8);
            assertThat(lines).hasSize(1);
            return lines.get(0);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void connectionCodesDescribeTheConnection() throws Exception {
        Run run = logOf("CustomLog logs/access.log \"%a %h %A %I %O %v %p %{remote}p %{tag}n %%\"");

        assertThat(run.line()).isEqualTo("127.0.0.1 127.0.0.1 127.0.0.1 5 5 log.example " + port + " "
                + run.clientPort() + " tagged %");
    }

    @Test
    void originalAndFinalModifiersDescribeTheConnectionItself() throws Exception {
        Run run = logOf("CustomLog logs/access.log \"%<a %>a %>{tag}n %<I\"");

        assertThat(run.line()).isEqualTo("127.0.0.1 127.0.0.1 tagged 5");
    }

    @Test
    void requestTimeIsTheConnectionStartInApacheFormat() throws Exception {
        Run run = logOf("CustomLog logs/access.log \"%t\"");

        Matcher m = Pattern.compile("\\[(.+)]").matcher(run.line());
        assertThat(m.matches()).as(run.line()).isTrue();
        Instant logged = ZonedDateTime.parse(m.group(1), APACHE_TIME).toInstant();
        assertThat(logged).isBetween(run.before().minusSeconds(1), run.after());
    }

    @Test
    void timeTakesStrftimeAndUnitArguments() throws Exception {
        Run run = logOf("CustomLog logs/access.log \"%{%Y-%m-%d}t %{sec}t %{msec}t\"");

        String[] words = run.line().split(" ");
        ZoneId zone = ZoneId.systemDefault();
        assertThat(LocalDate.parse(words[0])).isBetween(
                LocalDate.ofInstant(run.before(), zone), LocalDate.ofInstant(run.after(), zone));
        assertThat(Long.parseLong(words[1])).isBetween(run.before().getEpochSecond() - 1, run.after().getEpochSecond());
        assertThat(Long.parseLong(words[2])).isBetween(run.before().toEpochMilli() - 1000, run.after().toEpochMilli());
    }

    @Test
    void durationIsANumberOfMicroseconds() throws Exception {
        Run run = logOf("CustomLog logs/access.log \"%D %{ms}T\"");

        String[] words = run.line().split(" ");
        long micros = Long.parseLong(words[0]);
        long millis = Long.parseLong(words[1]);
        long bound = Duration.between(run.before(), run.after()).toNanos() / 1000 + 1_000_000;
        assertThat(micros).isBetween(0L, bound);
        assertThat(millis).isBetween(0L, bound / 1000);
    }

    @Test
    void unsetNoteIsADash() throws Exception {
        Run run = logOf("CustomLog logs/access.log \"[%{absent}n]\"");

        assertThat(run.line()).isEqualTo("[-]");
    }

    @Test
    void literalTextAndEscapesAreKept() throws Exception {
        Run run = logOf("CustomLog logs/access.log \"conn=%a\\t100%% done\"");

        assertThat(run.line()).isEqualTo("conn=127.0.0.1\t100% done");
    }

    @Test
    void customLogUsesAFormatByItsNickname() throws Exception {
        Run run = logOf("LogFormat \"%v:%p\" hostport\nCustomLog logs/access.log hostport");

        assertThat(run.line()).isEqualTo("log.example:" + port);
    }

    @Test
    void predefinedConnectionFormatLogsAddressTimeBytesAndHost() throws Exception {
        Run run = logOf("CustomLog logs/access.log connection");

        assertThat(run.line()).matches("127\\.0\\.0\\.1 \\[[^]]+] 5 5 \\d+ log\\.example " + port);
    }

    @Test
    void virtualHostWithItsOwnCustomLogLogsThereOnly() throws Exception {
        int other = TestServer.freePort();
        Run run = logOf("""
                Listen 127.0.0.1:%d
                CustomLog logs/main.log "main %%v"
                <VirtualHost 127.0.0.1:%d>
                ServerName other.example
                CustomLog logs/other.log "other %%v"
                </VirtualHost>
                """.formatted(other, other), "logs/other.log", other);

        assertThat(run.line()).isEqualTo("other other.example");
        assertThat(Files.readString(root.resolve("logs/main.log"))).isEmpty();
    }

    @Test
    void unknownCodeInLogFormatIsAConfigurationErrorAtItsLine() {
        ConfigException e = (ConfigException) assertThatThrownBy(() -> TestServer.check(root, """
                Listen 127.0.0.1:%d

                LogFormat "%%a %%Z" broken
                """.formatted(port))).isInstanceOf(ConfigException.class).actual();

        assertThat(e.location().line()).isEqualTo(3);
        assertThat(e).hasMessage("Unrecognized LogFormat directive %Z");
    }

    @Test
    void unknownCodeInCustomLogIsAConfigurationErrorAtItsLine() {
        ConfigException e = (ConfigException) assertThatThrownBy(() -> TestServer.check(root, """
                Listen 127.0.0.1:%d
                CustomLog logs/access.log "%%h %%{x}Z"
                """.formatted(port))).isInstanceOf(ConfigException.class).actual();

        assertThat(e.location().line()).isEqualTo(2);
        assertThat(e).hasMessage("Unrecognized LogFormat directive %Z");
    }
}
