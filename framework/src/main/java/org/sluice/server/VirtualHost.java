package org.sluice.server;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.sluice.config.ConfigException;
import org.sluice.config.ConfigLocation;
import org.sluice.config.DirConfig;
import org.sluice.config.DirectiveCall;
import org.sluice.config.OverrideClass;
import org.sluice.config.ServerConfigKey;

/**
 * A virtual host (Apache's {@code server_rec}): the main server or one {@code <VirtualHost>}.
 * Its configuration is final once the server runs.
 */
public interface VirtualHost {

    /** {@code ServerName}, or a name derived from the host when none was given. */
    String serverName();

    /**
     * The port {@code ServerName} gives ({@code www.example.org:8080}), or 0 when it gives none:
     * what self-referential URLs use when the client named no port.
     */
    int serverPort();

    /**
     * The scheme {@code ServerName} gives ({@code https://www.example.org}), lower-cased, or
     * null when it gives none: a server behind a proxy that ends TLS names {@code https} so that
     * the URLs it makes of itself do.
     */
    default String serverScheme() {
        return null;
    }

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

    /**
     * The {@code <Directory>} walk of one directory (Apache's directory walk): for each
     * directory from the file system root down to {@code dir}, the plain {@code <Directory>}
     * sections that first apply there are merged over {@code base}, then {@code step} is given
     * the result (it may merge that directory's access file, see {@link #readAccessFile}).
     * The {@code <DirectoryMatch>} sections come last, those whose pattern finds a match in
     * {@code filename}: as in Apache, that is the whole file name the request maps to ({@code
     * /srv/www/.git/config}), a directory's with the slash its path ends with. They merge
     * fewest slashes in the pattern first, in configuration order among equals.
     *
     * @param dir the file's directory, or the file itself when it is one
     * @throws IOException what {@code step} throws
     * @throws IllegalArgumentException if {@code base} did not come from this host
     */
    DirConfig walkDirectories(DirConfig base, Path dir, String filename, DirectoryStep step) throws IOException;

    /**
     * Reads an access file (Apache's {@code .htaccess}) as a per-directory configuration of
     * this host, in {@link org.sluice.config.Scope#HTACCESS} scope: a directive is accepted only
     * if it declares that scope and one of its {@linkplain org.sluice.config.Directive#overrides()
     * override classes} is in {@code overrides}, or its name is in {@code directives}
     * ({@code AllowOverrideList}); {@code Include} and {@code Define} are never accepted.
     *
     * <p>Security: the file's author need not be trusted with the server; the scope check is
     * what keeps such a file to the directives {@code AllowOverride} grants, so a module must
     * declare {@code HTACCESS} only for directives that are safe in anyone's hands.
     *
     * @return only what the file sets, to {@linkplain #mergeAccessFile merge} over a
     *     directory's configuration; it does not change afterwards, so it may be cached and
     *     shared between threads for as long as this host serves
     * @throws ConfigException at the file's line for an unknown directive, one not allowed
     *     ({@code "Require not allowed here"}) or bad arguments; without a line when the file
     *     cannot be read
     */
    DirConfig readAccessFile(Path file, Set<OverrideClass> overrides, Set<String> directives)
            throws ConfigException;

    /**
     * {@code base} with an access file's configuration, as {@link #readAccessFile} returned it,
     * merged over it.
     *
     * @throws IllegalArgumentException if either did not come from this host
     */
    DirConfig mergeAccessFile(DirConfig base, DirConfig accessFile);

    /**
     * {@code over} (a section's own configuration, as {@link DirectiveCall#processConditionalSection}
     * gives) merged over {@code base}, as a section that applies is merged.
     *
     * @throws IllegalArgumentException if either did not come from this host
     */
    default DirConfig merge(DirConfig base, DirConfig over) {
        return mergeAccessFile(base, over);
    }

    /** One directory of {@link #walkDirectories}: returns {@code config}, or more merged over it. */
    @FunctionalInterface
    interface DirectoryStep {
        DirConfig apply(Path directory, DirConfig config) throws IOException;
    }

    /** This host's {@code CustomLog}s, for protocols that log per request. */
    org.sluice.log.AccessLog accessLog();

    /** True if {@code name} is this host's ServerName or matches one of its aliases. */
    boolean matchesName(String name);

    /** The server this host belongs to. */
    Server server();

    /** True if any section of {@code kind} ({@code Directory}, {@code Files}, ...) applies to this host. */
    boolean hasSections(String kind);
}
