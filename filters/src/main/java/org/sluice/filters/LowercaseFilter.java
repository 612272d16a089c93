package org.sluice.filters;

import java.util.Locale;
import org.sluice.filter.TextOutputFilter;

/**
 * Lowercases the text a connection sends (UTF-8), the output filter of mod_perl's
 * bucket-brigade echo example. Added with {@code ConnectionOutputFilter lowercase}.
 */
public final class LowercaseFilter extends TextOutputFilter {

    @Override
    protected String transform(String text) {
        return text.toLowerCase(Locale.ROOT);
    }
}
