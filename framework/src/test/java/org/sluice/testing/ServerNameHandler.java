package org.sluice.testing;

import org.sluice.brigade.Brigade;
import org.sluice.connection.Connection;
import org.sluice.connection.ConnectionHandler;
import org.sluice.hook.Result;

/**
 * A protocol that answers with the name of the virtual host that got the connection and
 * closes: {@code ProtocolHandler org.sluice.testing.ServerNameHandler}.
 */
public final class ServerNameHandler implements ConnectionHandler {

    @Override
    public Result handle(Connection connection) throws Exception {
        try (Brigade reply = new Brigade()) {
            connection.output().flush(reply.write(connection.virtualHost().serverName() + "\n"));
        }
        return Result.OK;
    }
}
