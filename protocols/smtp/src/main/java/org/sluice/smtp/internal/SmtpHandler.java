package org.sluice.smtp.internal;

import org.sluice.access.AccessChecker;
import org.sluice.access.AuthenticationProvider;
import org.sluice.connection.Connection;
import org.sluice.connection.ConnectionHandler;
import org.sluice.hook.Result;
import org.sluice.server.Server;

/** {@code ProtocolHandler smtp}: runs an {@link SmtpSession} on the connection. */
public final class SmtpHandler implements ConnectionHandler {

    /** The access checker every session of this configuration shares, made on the first connection. */
    private volatile AccessChecker checker;

    @Override
    public Result handle(Connection connection) throws Exception {
        new SmtpSession(connection, checker(connection.virtualHost().server())).run();
        return Result.OK;
    }

    private AccessChecker checker(Server server) {
        AccessChecker c = checker;
        if (c == null) {
            synchronized (this) {
                c = checker;
                if (c == null) {
                    c = AccessChecker.create(server.extensions(AuthenticationProvider.class));
                    checker = c;
                }
            }
        }
        return c;
    }
}
