package org.sluice.internal.connection;

import java.util.Locale;

/** An input filter named by its class in the configuration: upper-cases what the client sends. */
public final class UppercaseInputFilter extends TransformingInputFilter {

    public UppercaseInputFilter() {
        super(text -> text.toUpperCase(Locale.ROOT));
    }
}
