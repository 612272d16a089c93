package org.sluice.command;

import java.io.IOException;
import java.util.List;
import org.sluice.connection.Connection;
import org.sluice.server.Server;

/**
 * One client's session with the command server, as a {@link Command} sees it: who is logged
 * in, where to write, and the rest of the server.
 */
public interface CommandSession {

    /** The client's connection: addresses, notes, the filter chains. */
    Connection connection();

    /** This session's login. */
    Login login();

    /** Everyone logged in to this server's command hosts now, this session included, oldest first. */
    List<Login> logins();

    /** The commands this session offers, in the order {@code help} lists them. */
    List<Command> commands();

    /** The running server (start time, open connections, other hosts). */
    default Server server() {
        return connection().virtualHost().server();
    }

    /**
     * Writes {@code text} and a line end. Line ends are the protocol's CRLF: a LF or CRLF
     * inside {@code text} is sent as CRLF.
     */
    void println(String text) throws IOException;

    /** Writes {@code text} without a line end (line ends inside are sent as CRLF). */
    void print(String text) throws IOException;
}
