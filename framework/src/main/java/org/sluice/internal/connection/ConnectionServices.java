package org.sluice.internal.connection;

import org.sluice.internal.config.Host;

/** What a connection needs from the server generation that accepted it. */
public interface ConnectionServices {

    /** Runs the connection's whole life: pre-connection, protocol, close. */
    void serve(ChannelConnection connection) throws Exception;

    /** The connection has ended and its cleanups ran: log it, count it. */
    void ended(ChannelConnection connection);

    /** The host chosen for a connection accepted on {@code local}. */
    Host hostFor(java.net.InetSocketAddress local);
}
