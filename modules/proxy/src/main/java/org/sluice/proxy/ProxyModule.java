package org.sluice.proxy;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.sluice.hook.Hooks;
import org.sluice.hook.Order;
import org.sluice.hook.Result;
import org.sluice.http.HttpHooks;
import org.sluice.module.Module;
import org.sluice.module.Registry;
import org.sluice.server.Server;
import org.sluice.server.VirtualHost;

/**
 * A reverse proxy for the {@code http} module ({@code LoadModule proxy}), httpd's mod_proxy
 * with mod_proxy_http: {@code ProxyPass} and {@code ProxyPassMatch} forward requests to
 * {@code http://} backends, {@code ProxyPassReverse} points their redirects back at this
 * server, and mod_rewrite's {@code [P]} flag forwards through it too.
 *
 * <pre>
 * LoadModule http
 * LoadModule proxy
 * ProxyPass        /app/ http://127.0.0.1:9000/
 * ProxyPassReverse /app/ http://127.0.0.1:9000/
 * </pre>
 *
 * <p>Its functions run first at translate_name (after mod_rewrite's), at map_to_storage and
 * at the handler, as httpd's do.
 */
public final class ProxyModule implements Module {

    /** The workers of each running server's configuration, to retire when it is replaced or stops. */
    private static final Map<Server, Set<BackendWorker>> ACTIVE = new HashMap<>();

    @Override
    public String name() {
        return "proxy";
    }

    @Override
    public Set<String> provides() {
        return Set.of("proxy", "proxy_http");
    }

    @Override
    public void register(Registry registry) {
        ProxyDirectives.register(registry);
        registry.hook(HttpHooks.TRANSLATE_NAME, ProxyHandler::translate, Order.FIRST);
        registry.hook(HttpHooks.MAP_TO_STORAGE, ProxyHandler::mapToStorage, Order.FIRST);
        registry.hook(HttpHooks.HANDLER, ProxyHandler::handle, Order.FIRST);
        registry.hook(Hooks.SERVER_START, server -> track(server, false), Order.MIDDLE);
        registry.hook(Hooks.GRACEFUL_RESTART, server -> track(server, false), Order.MIDDLE);
        registry.hook(Hooks.SERVER_STOP, server -> track(server, true), Order.MIDDLE);
    }

    /**
     * Records the workers of {@code server}'s configuration in force, and retires those of the
     * one before that it no longer has (all of them when the server {@code stops}).
     */
    private static Result track(Server server, boolean stops) {
        Set<BackendWorker> current = new HashSet<>();
        if (!stops) {
            current.addAll(server.mainServer().config(ProxyServerConfig.KEY).workers);
            for (VirtualHost host : server.virtualHosts()) {
                current.addAll(host.config(ProxyServerConfig.KEY).workers);
            }
        }
        Set<BackendWorker> previous;
        synchronized (ACTIVE) {
            previous = stops ? ACTIVE.remove(server) : ACTIVE.put(server, current);
        }
        if (previous != null) {
            for (BackendWorker worker : previous) {
                if (!current.contains(worker)) {
                    worker.retire();
                }
            }
        }
        return Result.OK;
    }
}
