package org.sluice.connection;

import org.sluice.hook.Result;

/**
 * Sees a connection before any protocol code: may add filters, set notes, or refuse it.
 * Any answer other than {@link Result#OK} or {@link Result#DECLINED} closes the socket at once
 * without a reply. Runs on the connection's virtual thread.
 */
@FunctionalInterface
public interface PreConnectionHandler {

    Result preConnection(Connection connection) throws Exception;
}
