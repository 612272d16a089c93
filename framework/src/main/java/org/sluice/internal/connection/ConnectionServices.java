package org.sluice.internal.connection;

import org.sluice.internal.config.Host;

/** What a connection needs from the server generation that accepted it. */
public interface ConnectionServices {

    /** Runs the connection's whole life: pre-connection, protocol, close. */
    void serve(ChannelConnection connection) throws Exception;

    /** The connection has ended and its cleanups ran: log it, count it. */
    void ended(ChannelConnection connection);

    /**
     * The connection ended before its protocol began (no valid PROXY header, a failed TLS
     * handshake): count it, and nothing else. No hook ran for it, so none runs now.
     */
    void dropped(ChannelConnection connection);

    /** True once a newer configuration replaced this one, or the server is stopping. */
    boolean retired();

    /** Where handler threads run ({@code HandlerScheduler}). */
    HandlerThreads.Scheduler scheduler();

    /** The server's resolver of client host names. */
    org.sluice.access.HostResolver hostResolver();

    /**
     * The TLS context for a protocol's STARTTLS on a connection to {@code host}, or null when
     * the host has no certificate for it (or has {@code SSLEngine on}).
     */
    default org.sluice.internal.tls.TlsHosts.Entry startTls(Host host) {
        return null;
    }

    /** The host chosen for a connection accepted on {@code local}. */
    Host hostFor(java.net.InetSocketAddress local);
}
