package org.sluice.testing;

import java.nio.charset.StandardCharsets;
import org.sluice.brigade.Brigade;
import org.sluice.connection.Connection;
import org.sluice.connection.ConnectionHandler;
import org.sluice.filter.Block;
import org.sluice.filter.ReadMode;
import org.sluice.filter.ReadStatus;
import org.sluice.hook.Result;

/**
 * A line protocol with STARTTLS: the line {@code STARTTLS} is answered {@code GO} and TLS starts
 * (or {@code NO} when the host has no certificate for it); every other line comes back with the
 * TLS version in front ({@code plain} before TLS):
 * {@code ProtocolHandler org.sluice.testing.StartTlsLineHandler}.
 */
public final class StartTlsLineHandler implements ConnectionHandler {

    @Override
    public Result handle(Connection connection) throws Exception {
        try (Brigade line = new Brigade(); Brigade reply = new Brigade()) {
            while (connection.input().read(line, ReadMode.GETLINE, Block.BLOCK, 8192) == ReadStatus.OK) {
                String text = line.flattenToString(StandardCharsets.US_ASCII).strip();
                line.cleanup();
                if (text.equals("STARTTLS")) {
                    if (!connection.startTlsAvailable()) {
                        connection.output().flush(reply.write("NO\n"));
                        continue;
                    }
                    connection.output().flush(reply.write("GO\n"));
                    connection.startTls();
                    continue;
                }
                String version = connection.tls() == null ? "plain" : connection.tls().protocol();
                connection.output().flush(reply.write(version + " " + text + "\n"));
            }
        }
        return Result.OK;
    }
}
