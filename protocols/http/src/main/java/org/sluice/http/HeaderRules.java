package org.sluice.http;

import java.util.List;
import org.sluice.hook.Result;

/**
 * Where mod_headers' rules meet a request: {@code RequestHeader} in fixups, the {@code early}
 * ones in post_read_request. {@code Header} rules run as the response head is written
 * ({@link HttpOutputFilter}).
 */
final class HeaderRules {

    private HeaderRules() {
    }

    /** post_read_request: the server's and virtual host's {@code early} rules, before any section applies. */
    static Result early(Request r) {
        HttpDirConfig config = r.config(HttpDirConfig.KEY);
        if (config.earlyHeaders && r.previous() == null) {
            changeRequestFields(r, config.requestHeaders, true);
            for (HeaderRule rule : config.headers) {
                if (rule.early()) {
                    rule.apply(r, rule.always() ? r.errorHeadersOut() : r.headersOut());
                }
            }
        }
        return Result.OK;
    }

    /** fixups: {@code RequestHeader}, after access control, before the handler. */
    static Result requestFixups(Request r) {
        List<HeaderRule> rules = r.config(HttpDirConfig.KEY).requestHeaders;
        if (!rules.isEmpty()) {
            changeRequestFields(r, rules, false);
        }
        return Result.OK;
    }

    private static void changeRequestFields(Request r, List<HeaderRule> rules, boolean early) {
        HttpHeaders.Builder fields = null;
        for (HeaderRule rule : rules) {
            // early rules know no environment yet: their env= is not looked at, as in httpd
            if (rule.early() == early && (early || rule.holds(r, r.headersOut()))) {
                if (fields == null) {
                    fields = r.headersIn().toBuilder();
                }
                rule.apply(r, fields);
            }
        }
        if (fields != null) {
            r.headersIn(fields.build());
        }
    }
}
