package org.sluice.testing;

import org.sluice.brigade.Brigade;
import org.sluice.connection.Connection;
import org.sluice.connection.ConnectionHandler;
import org.sluice.filter.Block;
import org.sluice.filter.ReadMode;
import org.sluice.filter.ReadStatus;
import org.sluice.hook.Result;

/**
 * A protocol that sends back each line it reads, through both filter chains, until the
 * client ends the stream: {@code ProtocolHandler org.sluice.testing.LineEchoHandler}.
 */
public final class LineEchoHandler implements ConnectionHandler {

    @Override
    public Result handle(Connection connection) throws Exception {
        try (Brigade line = new Brigade()) {
            while (connection.input().read(line, ReadMode.GETLINE, Block.BLOCK, 8192) == ReadStatus.OK) {
                connection.output().flush(line);
            }
        }
        return Result.OK;
    }
}
