package org.sluice.connection;

import org.sluice.hook.Result;

/**
 * A process-connection handler: the protocol. It runs on the connection's own virtual thread
 * and may block. When it returns the connection is closed (after pending output is sent).
 *
 * <pre>{@code
 * public Result handle(Connection c) throws Exception {
 *     try (Brigade bb = new Brigade()) {
 *         while (c.input().read(bb, ReadMode.GETLINE, Block.BLOCK, 8192) == ReadStatus.OK) {
 *             c.output().flush(bb);
 *         }
 *     }
 *     return Result.OK;
 * }
 * }</pre>
 */
@FunctionalInterface
public interface ConnectionHandler {

    Result handle(Connection connection) throws Exception;

    /**
     * Whether this protocol wants the connections to a TLS address whose client spoke plain text
     * instead of starting a handshake ({@link org.sluice.tls.TlsSession#PLAINTEXT_ON_TLS_ADDRESS}
     * is set on them), to tell it in plain text what went wrong. Most protocols do not: such a
     * connection is then closed before they see it.
     */
    default boolean answersPlaintextOnTls() {
        return false;
    }
}
