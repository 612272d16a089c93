package org.sluice.server;

import java.net.InetSocketAddress;
import java.util.List;
import org.sluice.config.ConfigLocation;
import org.sluice.config.DirConfig;
import org.sluice.config.ServerConfigKey;

/**
 * A virtual host (Apache's {@code server_rec}): the main server or one {@code <VirtualHost>}.
 * Its configuration is final once the server runs.
 */
public interface VirtualHost {

    /** {@code ServerName}, or a name derived from the host when none was given. */
    String serverName();

    /** {@code ServerAlias} names (may contain wildcards). */
    List<String> aliases();

    /** The addresses given in {@code <VirtualHost ...>}; empty for the main server. */
    List<InetSocketAddress> addresses();

    /** Where the host was defined. */
    ConfigLocation definedAt();

    /** True for the main server (configuration outside every {@code <VirtualHost>}). */
    boolean isMainServer();

    /** A module's per-server configuration, already merged with the main server's. */
    <T> T config(ServerConfigKey<T> key);

    /** The per-section configuration of this host's defaults (no section applied). */
    DirConfig defaults();

    /**
     * The configuration of the {@code <Location>} and {@code <LocationMatch>} sections that match
     * {@code name}, merged over this host's defaults in Apache's order. Non-HTTP protocols ask
     * for a fixed name (the command server asks for {@code command}).
     */
    DirConfig location(String name);

    /**
     * {@code base} (this host's {@link #defaults()} or a result of this method) with every
     * section of {@code kind} that applies to {@code name} merged over it, in Apache's order:
     * for {@code Directory}, the plain sections from the fewest path components to the most,
     * then the regex ({@code <DirectoryMatch>}) ones in configuration order; for any other kind,
     * the sections in configuration order. An HTTP request is thus configured as
     * {@code mergeSections(mergeSections(mergeSections(defaults(), "Directory", dir), "Files", file),
     * "Location", path)}.
     *
     * @throws IllegalArgumentException if {@code base} did not come from this host
     */
    DirConfig mergeSections(DirConfig base, String kind, String name);

    /** This host's {@code CustomLog}s, for protocols that log per request. */
    org.sluice.log.AccessLog accessLog();

    /** True if {@code name} is this host's ServerName or matches one of its aliases. */
    boolean matchesName(String name);

    /** The server this host belongs to. */
    Server server();
}
