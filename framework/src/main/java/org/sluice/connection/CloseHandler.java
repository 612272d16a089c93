package org.sluice.connection;

/** Told when a connection has ended, after its pool's cleanups ran. */
@FunctionalInterface
public interface CloseHandler {

    void closed(Connection connection);
}
