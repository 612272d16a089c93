package org.sluice.internal.connection;

/** An output filter named by its class in the configuration: it marks data with {@code [k]}. */
public final class ClassNamedMarkFilter extends MarkingOutputFilter {

    public ClassNamedMarkFilter() {
        super("[k]", false);
    }
}
