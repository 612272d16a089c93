package org.sluice.hook;

import org.sluice.connection.CloseHandler;
import org.sluice.connection.ConnectionHandler;
import org.sluice.connection.PreConnectionHandler;

/** The framework's own hooks, in the order they run in a server's life. */
public final class Hooks {

    /** Before the configuration is read; modules reset state here. */
    public static final Hook<ServerHook> PRE_CONFIG = Hook.runAll("pre_config", ServerHook.class);
    /** After the configuration is read and merged; check it here (an error stops the start). */
    public static final Hook<ServerHook> POST_CONFIG = Hook.runAll("post_config", ServerHook.class);
    /** Open log files. */
    public static final Hook<ServerHook> OPEN_LOGS = Hook.runAll("open_logs", ServerHook.class);
    /** The listeners are bound and the server is about to accept. */
    public static final Hook<ServerHook> SERVER_START = Hook.runAll("server_start", ServerHook.class);
    /** A new configuration generation has replaced the old one. */
    public static final Hook<ServerHook> GRACEFUL_RESTART = Hook.runAll("graceful_restart", ServerHook.class);
    /** The server has stopped accepting and its connections have ended. */
    public static final Hook<ServerHook> SERVER_STOP = Hook.runAll("server_stop", ServerHook.class);

    /** Every accepted connection, before the protocol; an error closes it without reply. */
    public static final Hook<PreConnectionHandler> PRE_CONNECTION =
            Hook.runAll("pre_connection", PreConnectionHandler.class);
    /**
     * The protocol. The framework's own function (at LAST) runs the virtual host's
     * {@code ProtocolHandler}; a module that hooks in earlier takes connections for itself.
     */
    public static final Hook<ConnectionHandler> PROCESS_CONNECTION =
            Hook.runFirst("process_connection", ConnectionHandler.class);
    /** A connection has ended. */
    public static final Hook<CloseHandler> CONNECTION_CLOSE = Hook.runAll("connection_close", CloseHandler.class);

    private Hooks() {
    }
}
