package org.sluice.connection;

/**
 * Resources tied to a connection's life (Apache's connection pool). Every cleanup registered
 * runs exactly once when the connection ends, however it ends, in the reverse of the order
 * they were added. A cleanup added after the end runs at once.
 */
public interface Pool {

    void addCleanup(Runnable cleanup);
}
