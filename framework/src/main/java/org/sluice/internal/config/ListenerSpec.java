package org.sluice.internal.config;

import org.sluice.config.ConfigLocation;

/**
 * One {@code Listen [addr:]port [protocol]} line.
 *
 * @param host the address to bind, or null for every address
 * @param protocol the default protocol of the port's hosts, or null
 */
public record ListenerSpec(String host, int port, String protocol, ConfigLocation location) {

    /** {@code host:port} as Apache prints it ({@code *:8080} for all addresses). */
    public String display() {
        if (host == null) {
            return "*:" + port;
        }
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
