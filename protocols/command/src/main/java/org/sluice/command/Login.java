package org.sluice.command;

import java.net.InetSocketAddress;
import java.time.Instant;

/**
 * A logged-in command session, as {@code who} lists it.
 *
 * @param user the name the client logged in with, or {@value #ANONYMOUS} when the
 *     {@code <Location command>} let the client in without asking for one
 * @param client the client's address and port
 * @param since when the login succeeded
 * @param connectionId the {@link org.sluice.connection.Connection#id()} of the session
 */
public record Login(String user, InetSocketAddress client, Instant since, long connectionId) {

    /** The user of a session that needed no login, as Apache logs print a missing user. */
    public static final String ANONYMOUS = "-";
}
