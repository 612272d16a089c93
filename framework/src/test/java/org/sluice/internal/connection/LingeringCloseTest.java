package org.sluice.internal.connection;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sluice.brigade.Brigade;
import org.sluice.connection.Connection;
import org.sluice.connection.ConnectionHandler;
import org.sluice.filter.Block;
import org.sluice.filter.ReadMode;
import org.sluice.hook.Result;
import org.sluice.testing.TestServer;

/**
 * A handler that answers and ends while its client is still sending: the answer reaches the
 * client, because the connection closes its sending side first and drops what still arrives
 * (a plain close with unread input would send a reset, which can destroy the answer).
 */
class LingeringCloseTest {

    @TempDir
    Path root;

    private final int port = TestServer.freePort();

    @Test
    void anAnswerReachesAClientThatIsStillSending() throws Exception {
        try (TestServer server = TestServer.start(root, """
                Listen 127.0.0.1:%d
                ProtocolHandler %s
                """.formatted(port, AnswersTheFirstLineAndEnds.class.getName()));
             Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            AtomicBoolean reading = new AtomicBoolean(true);
            Thread sender = Thread.ofPlatform().start(() -> keepSending(socket, reading));

            String answer = readAll(socket.getInputStream());
            reading.set(false);
            sender.join();

            assertThat(answer).isEqualTo("enough\n");
        }
    }

    /** Sends a first line, then more and more, until told to stop or the server is gone. */
    private static void keepSending(Socket socket, AtomicBoolean go) {
        try {
            OutputStream out = socket.getOutputStream();
            out.write("first line\n".getBytes(UTF_8));
            byte[] more = "more that nobody reads\n".repeat(1000).getBytes(UTF_8);
            while (go.get()) {
                out.write(more);
            }
        } catch (IOException e) {
            // the server closed for good
        }
    }

    private static String readAll(InputStream in) throws IOException {
        return new String(in.readAllBytes(), UTF_8);
    }

    /** Reads one line, says so and ends, leaving whatever else the client sent unread. */
    public static final class AnswersTheFirstLineAndEnds implements ConnectionHandler {
        @Override
        public Result handle(Connection connection) throws Exception {
            try (Brigade line = new Brigade()) {
                connection.input().read(line, ReadMode.GETLINE, Block.BLOCK, 1024);
            }
            Brigade out = new Brigade();
            out.write("enough\n");
            out.addFlush();
            connection.output().pass(out);
            return Result.OK;
        }
    }
}
