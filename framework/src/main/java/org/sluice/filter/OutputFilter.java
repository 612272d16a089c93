package org.sluice.filter;

import java.io.IOException;
import org.sluice.brigade.Brigade;
import org.sluice.connection.Connection;

/**
 * A push filter on the data a connection sends. It receives a brigade, transforms it and
 * passes the result on with {@link Context#passNext(Brigade)}. A FLUSH bucket asks every
 * filter to pass on what it holds; EOS ends the stream. What a filter keeps between calls
 * (a partial character, say) it must bound and must pass on at FLUSH or EOS.
 *
 * <p>For a simple transformation of text, extend {@link TextOutputFilter} instead.
 * One instance serves one connection, so it may keep state in fields.
 */
@FunctionalInterface
public interface OutputFilter {

    void pass(Context ctx, Brigade brigade) throws IOException;

    /** The filter's place in its chain. */
    interface Context {
        /** The connection the chain belongs to. */
        Connection connection();

        /** The name the filter was added under. */
        String name();

        /** Passes a brigade to the filter below this one. */
        void passNext(Brigade brigade) throws IOException;

        /** Takes this filter out of the chain; the current call may finish normally. */
        void remove();
    }
}
