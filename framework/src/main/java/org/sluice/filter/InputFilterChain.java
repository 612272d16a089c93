package org.sluice.filter;

import java.io.IOException;
import java.util.List;
import org.sluice.brigade.Brigade;

/**
 * A connection's input filters, ordered by {@link FilterType} with the core input filter at
 * the bottom. Handlers read from the top.
 */
public interface InputFilterChain {

    /** Reads through every filter of the chain (Apache's {@code ap_get_brigade}). */
    ReadStatus read(Brigade into, ReadMode mode, Block block, long readBytes) throws IOException;

    /**
     * Waits, reading nothing, until a read would find input: a filter of the chain {@linkplain
     * InputFilter#holdsInput() holds some}, the network sent some, or the input ended. A
     * handler that waits long for its next message (a kept-alive HTTP connection between
     * requests) waits here rather than in {@link #read}: parked here, its thread is a few
     * frames deep instead of under every filter of the chain, which makes parking and waking
     * it cheaper (a few percent of a small HTTP request's CPU time) and its parked stack smaller.
     *
     * @return false if the connection's timeout, or its read deadline, passed first; the
     *     connection then counts as timed out, as after a read that timed out
     */
    boolean awaitInput() throws IOException;

    /** Adds the filter registered under {@code name}; an unknown name is an error. */
    void add(String name);

    /** Adds a filter instance at the place its type gives it. */
    void add(String name, FilterType type, InputFilter filter);

    /** Removes the first filter added under {@code name}; false if there was none. */
    boolean remove(String name);

    /** The filter names from the top to the network, for diagnostics. */
    List<String> names();
}
