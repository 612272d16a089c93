package org.sluice.command.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import org.sluice.command.Login;
import org.sluice.server.Server;

/**
 * Who is logged in to a server's command hosts, for {@code who}. A session is added when its
 * login succeeds and removed by its connection's pool cleanup, so it goes however the
 * connection ends (quit, timeout, reset).
 *
 * <p>Kept per {@link Server}, not per module instance: a graceful restart loads the modules
 * again, and sessions of the old configuration must still be listed beside the new ones.
 */
final class Logins {

    private static final Map<Server, Logins> BY_SERVER = Collections.synchronizedMap(new WeakHashMap<>());

    private final Set<Login> logins = ConcurrentHashMap.newKeySet();

    static Logins of(Server server) {
        return BY_SERVER.computeIfAbsent(server, s -> new Logins());
    }

    void add(Login login) {
        logins.add(login);
    }

    void remove(Login login) {
        logins.remove(login);
    }

    /** Oldest first. */
    List<Login> list() {
        List<Login> all = new ArrayList<>(logins);
        all.sort(Comparator.comparing(Login::since).thenComparingLong(Login::connectionId));
        return List.copyOf(all);
    }
}
