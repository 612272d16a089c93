package org.sluice.server;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/** The running server, as modules see it. */
public interface Server {

    /** {@code ServerRoot}: relative paths of the configuration resolve against it. */
    Path serverRoot();

    /** The main server (the configuration outside every {@code <VirtualHost>}). */
    VirtualHost mainServer();

    /** Every virtual host, in configuration order. */
    List<VirtualHost> virtualHosts();

    /**
     * The virtual hosts that serve connections accepted on {@code local}, the default one
     * first; a protocol that learns the name the client asked for (HTTP {@code Host}, TLS SNI)
     * picks among them with {@link VirtualHost#matchesName}.
     */
    List<VirtualHost> hostsFor(java.net.InetSocketAddress local);

    /** The extensions registered for {@code type}, in module load order. */
    <T> List<T> extensions(Class<T> type);

    /**
     * Runs a hook, usually one a module declared for its own phases, over the functions the
     * loaded modules registered for it, in their sorted order: RUN_FIRST returns the first
     * answer that is not DECLINED (DECLINED if all decline), RUN_ALL the first error or DONE,
     * else OK.
     *
     * <pre>{@code
     * Result r = server.runHook(HttpHooks.FIXUPS, f -> f.run(request));
     * }</pre>
     */
    <F> org.sluice.hook.Result runHook(org.sluice.hook.Hook<F> hook, org.sluice.hook.HookFunction<F> call)
            throws Exception;

    /**
     * The functions the loaded modules registered for {@code hook}, in the order
     * {@link #runHook} runs them: for a protocol that runs a hook many times a second and calls
     * the functions itself, ending as {@link org.sluice.hook.Hook.Kind#stopsAt} says.
     */
    <F> List<F> hookFunctions(org.sluice.hook.Hook<F> hook);

    /** The names of the loaded modules, in load order. */
    List<String> modules();

    /** When this server started. */
    Instant startTime();

    /** Connections open now. */
    int openConnections();

    /** Connections accepted since start. */
    long totalConnections();

    /** Connections closed at once because {@code MaxConnections} was reached. */
    long refusedConnections();

    /**
     * The server's DNS resolver, the one behind client host names: a caller on a virtual thread
     * parks while it waits, leaving its carrier free.
     */
    org.sluice.access.HostResolver hostResolver();
}
