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

    /** Adds the filter registered under {@code name}; an unknown name is an error. */
    void add(String name);

    /** Adds a filter instance at the place its type gives it. */
    void add(String name, FilterType type, InputFilter filter);

    /** Removes the first filter added under {@code name}; false if there was none. */
    boolean remove(String name);

    /** The filter names from the top to the network, for diagnostics. */
    List<String> names();
}
