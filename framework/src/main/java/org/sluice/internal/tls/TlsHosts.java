package org.sluice.internal.tls;

import io.netty.handler.ssl.SslContext;
import java.util.List;
import org.sluice.server.VirtualHost;

/**
 * The hosts of one TLS address that can take a handshake, the address's default first: the
 * one SNI picks, by {@code ServerName} and {@code ServerAlias}, or the default when the client
 * names none or a name no host has, as mod_ssl does.
 */
public final class TlsHosts {

    /**
     * A host with {@code SSLEngine on} and what its handshakes use.
     *
     * @param clientTrust what verifies client certificates; null when none are asked for
     */
    public record Entry(VirtualHost host, SslContext context, SslConfig config, javax.net.ssl.X509TrustManager clientTrust) {
    }

    private final List<Entry> entries;

    TlsHosts(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    Entry choose(String serverName) {
        if (serverName != null && entries.size() > 1) {
            for (Entry e : entries) {
                if (e.host().matchesName(serverName)) {
                    return e;
                }
            }
        }
        return entries.get(0);
    }
}
