package org.sluice.it;

import org.sluice.connection.Connection;
import org.sluice.connection.PreConnectionHandler;
import org.sluice.hook.Result;

/** Refuses clients from 127.0.0.1, like the seed's BlockIP example; put in a ModulePath jar by {@link PreConnectionHandlerTest}. */
public final class RefuseLoopbackHandler implements PreConnectionHandler {

    @Override
    public Result preConnection(Connection connection) {
        return "127.0.0.1".equals(connection.remoteIp()) ? Result.FORBIDDEN : Result.DECLINED;
    }
}
