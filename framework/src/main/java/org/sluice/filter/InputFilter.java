package org.sluice.filter;

import java.io.IOException;
import org.sluice.brigade.Brigade;
import org.sluice.connection.Connection;

/**
 * A pull filter on the data a connection receives. The handler (or the filter above) asks for
 * data; the filter asks the filter below it, transforms what it got, and appends the result to
 * the caller's brigade.
 *
 * <pre>{@code
 * public ReadStatus read(Context ctx, Brigade into, ReadMode mode, Block block, long bytes)
 *         throws IOException {
 *     ReadStatus status = ctx.readNext(into, mode, block, bytes);
 *     // look at or replace the buckets just added to 'into'
 *     return status;
 * }
 * }</pre>
 *
 * <p>One instance serves one connection, so it may keep state in fields.
 */
@FunctionalInterface
public interface InputFilter {

    ReadStatus read(Context ctx, Brigade into, ReadMode mode, Block block, long readBytes) throws IOException;

    /**
     * Whether the filter holds input it has not handed up yet, so that a read could be
     * answered without the network sending more (a decrypted record, a decoded line). {@link
     * InputFilterChain#awaitInput()} asks it before it waits for the network. A filter that
     * only transforms what passes through it keeps the default.
     */
    default boolean holdsInput() {
        return false;
    }

    /** The filter's place in its chain. */
    interface Context {
        /** The connection the chain belongs to. */
        Connection connection();

        /** The name the filter was added under. */
        String name();

        /** Reads from the filter below this one. */
        ReadStatus readNext(Brigade into, ReadMode mode, Block block, long readBytes) throws IOException;

        /** Takes this filter out of the chain; the current call may finish normally. */
        void remove();
    }
}
