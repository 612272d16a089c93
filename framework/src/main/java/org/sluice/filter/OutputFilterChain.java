package org.sluice.filter;

import java.io.IOException;
import java.util.List;
import org.sluice.brigade.Brigade;

/**
 * A connection's output filters, ordered by {@link FilterType} with the core output filter at
 * the bottom. Handlers pass brigades in at the top.
 */
public interface OutputFilterChain {

    /** Passes a brigade through every filter (Apache's {@code ap_pass_brigade}). */
    void pass(Brigade brigade) throws IOException;

    /** Appends a FLUSH bucket and passes the brigade (Apache's {@code ap_fflush}). */
    default void flush(Brigade brigade) throws IOException {
        brigade.addFlush();
        pass(brigade);
    }

    /** Adds the filter registered under {@code name}; an unknown name is an error. */
    void add(String name);

    /** Adds a filter instance at the place its type gives it. */
    void add(String name, FilterType type, OutputFilter filter);

    /** Removes the first filter added under {@code name}; false if there was none. */
    boolean remove(String name);

    /** The filter names from the top to the network, for diagnostics. */
    List<String> names();
}
