package org.sluice.command;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sluice.brigade.Brigade;
import org.sluice.connection.Connection;
import org.sluice.connection.ConnectionHandler;
import org.sluice.filter.Block;
import org.sluice.filter.ReadMode;
import org.sluice.hook.Result;
import org.sluice.telnet.TelnetInputFilter;
import org.sluice.testing.TestClient;
import org.sluice.testing.TestServer;

/**
 * The telnet filter says when it holds decoded input, so a handler waiting with {@code
 * awaitInput} for its next line does not wait for the network while that line is already here.
 */
class TelnetHoldsInputTest {

    @TempDir
    Path root;

    /** Reads one line through the telnet filter, then waits for more and says how the wait ended. */
    public static final class AwaitsAfterALine implements ConnectionHandler {
        @Override
        public Result handle(Connection c) throws Exception {
            c.input().add(TelnetInputFilter.NAME, TelnetInputFilter.TYPE, new TelnetInputFilter());
            String line;
            try (Brigade bb = new Brigade()) {
                c.input().read(bb, ReadMode.GETLINE, Block.BLOCK, 100);
                line = bb.flattenToString(UTF_8).strip();
            }
            boolean awaited = c.input().awaitInput();
            try (Brigade bb = new Brigade()) {
                c.output().flush(bb.write("line=" + line + " awaited=" + awaited + "\n"));
            }
            return Result.OK;
        }
    }

    @Test
    void aSecondLineDecodedWithTheFirstNeedsNoWait() throws Exception {
        int port = TestServer.freePort();
        try (TestServer server = TestServer.start(root, """
                Listen 127.0.0.1:%d
                Timeout 3
                GracefulShutdownTimeout 2
                ProtocolHandler %s
                """.formatted(port, AwaitsAfterALine.class.getName()));
                TestClient client = TestClient.connect(port)) {
            // both lines in one write: the filter decodes them together and hands up the first
            client.send("one\ntwo\n");

            assertThat(client.readLine()).isEqualTo("line=one awaited=true");
        }
    }
}
