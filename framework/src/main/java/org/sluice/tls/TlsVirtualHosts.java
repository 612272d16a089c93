package org.sluice.tls;

import org.sluice.internal.tls.TlsSetup;
import org.sluice.server.VirtualHost;

/**
 * What protocols that name virtual hosts in their requests (HTTP's {@code Host}) need to know
 * of the hosts' TLS settings, to refuse a request for a host whose settings the connection's
 * handshake did not use, as mod_ssl does.
 */
public final class TlsVirtualHosts {

    private TlsVirtualHosts() {
    }

    /**
     * Whether a request for {@code requested} may be served on a connection whose handshake
     * was made for {@code handshake}: both have TLS with the same protocols and cipher suites;
     * only their certificates may differ. HTTP answers {@code 421 Misdirected Request} if not.
     */
    public static boolean compatible(VirtualHost handshake, VirtualHost requested) {
        return TlsSetup.compatible(handshake, requested);
    }

    /**
     * {@code SSLStrictSNIVHostCheck On}: a client that sent no name by SNI may not reach the
     * name-based hosts of this one's address.
     */
    public static boolean strictSniCheck(VirtualHost host) {
        return TlsSetup.strictSni(host);
    }
}
