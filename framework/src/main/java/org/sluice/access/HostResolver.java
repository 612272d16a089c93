package org.sluice.access;

import java.net.InetAddress;
import java.util.List;
import java.util.Optional;

/**
 * The DNS look-ups behind client host names ({@code HostnameLookups}, {@code Require host},
 * {@code Require forward-dns}, {@code Allow from name}). Each connection reaches the server's
 * through {@link org.sluice.connection.Connection#remoteHost()}; tests and embedders may
 * supply their own to {@link RemoteHost#lookup}.
 *
 * <p>A look-up may take as long as DNS does. The server's resolver asks without blocking any
 * thread: a caller on a virtual thread parks until the answer (or its timeout) comes, leaving
 * its carrier, an event loop included, free for other connections. An implementation must
 * never fail: a look-up that cannot be answered has no answer.
 */
public interface HostResolver {

    /** The name the address reverse-resolves to (its first PTR record), if any. */
    Optional<String> reverse(InetAddress address);

    /** The addresses a name resolves to (A and AAAA); empty if it does not resolve. */
    List<InetAddress> forward(String name);

    /** A resolver that knows no names: host-name rules never match, logs show addresses. */
    static HostResolver none() {
        return NoResolver.INSTANCE;
    }

    /** Knows no names. */
    enum NoResolver implements HostResolver {
        INSTANCE;

        @Override
        public Optional<String> reverse(InetAddress address) {
            return Optional.empty();
        }

        @Override
        public List<InetAddress> forward(String name) {
            return List.of();
        }
    }
}
