package org.sluice.http;

import java.io.IOException;
import java.util.List;
import java.util.Set;
import org.sluice.brigade.Brigade;
import org.sluice.brigade.Bucket;
import org.sluice.filter.OutputFilter;

/**
 * {@code AddOutputFilterByType}, decided when the response starts, as mod_filter decides it:
 * by the content type the response finally has, whoever set it (type_checker, or a handler
 * that chose its type itself), and for a 200 only (a local ErrorDocument's page too with the
 * {@code filter-errordocs} variable). The insert_filter phase puts this filter at the top of the
 * chain (RESOURCE); when the response's head passes ({@link ResponseStart}) it adds the
 * filters named for that type, except those the request already has, and steps out. They
 * take their places by type, all below it, so the head and the body pass through them.
 */
final class ByTypeFilter implements OutputFilter {

    /** The name it has in the chain (Apache's harness filters are named {@code BYTYPE:filter}). */
    static final String NAME = "BYTYPE";

    /** Filters SetOutputFilter and AddOutputFilter already gave the request. */
    private final Set<String> present;

    ByTypeFilter(Set<String> present) {
        this.present = present;
    }

    @Override
    public void pass(Context ctx, Brigade brigade) throws IOException {
        ResponseStart start = responseStart(brigade);
        if (start == null) {
            // the head has not come yet (a filter above holds it): wait for it
            ctx.passNext(brigade);
            return;
        }
        Request r = start.request();
        String type = r.contentType() == null ? null : RequestProcessor.mediaType(r.contentType());
        // as mod_filter: for a 200 only, unless the filter-errordocs variable says otherwise
        boolean applies = r.status() == HttpStatus.OK || r.env("filter-errordocs") != null;
        List<String> filters = type == null || !applies ? null : r.config(OutputFilters.Config.KEY).byType.get(type);
        if (filters != null) {
            for (String name : filters) {
                if (!present.contains(name)) {
                    OutputFilters.add(r, name);
                }
            }
        }
        // after the additions: a removed filter passes on to what follows it now
        ctx.remove();
        ctx.passNext(brigade);
    }

    private static ResponseStart responseStart(Brigade brigade) {
        for (Bucket b : brigade) {
            if (b instanceof ResponseStart start) {
                return start;
            }
        }
        return null;
    }
}
