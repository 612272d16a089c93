package org.sluice.http;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.sluice.access.AccessChecker;
import org.sluice.access.AuthenticationProvider;
import org.sluice.hook.Result;
import org.sluice.server.Server;

/**
 * One access checker per running server (its authentication providers are the server's),
 * for the access_checker phase and for what a directory listing may show.
 */
final class AccessCheckers {

    private static final Map<Server, AccessChecker> CHECKERS = new ConcurrentHashMap<>();

    private AccessCheckers() {
    }

    static AccessChecker of(Server server) {
        return CHECKERS.computeIfAbsent(server,
                s -> AccessChecker.create(s.extensions(AuthenticationProvider.class)));
    }

    /** server_stop: the server's checker goes with it. */
    static Result forget(Server server) {
        CHECKERS.remove(server);
        return Result.OK;
    }
}
