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
}
