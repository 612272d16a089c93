package org.sluice.http;

import org.sluice.hook.Result;

/**
 * mod_dir's {@code FallbackResource}: a request whose path maps to nothing on disk, and that
 * no handler claimed, is served by an internal redirect to a local URL, the way single-page
 * applications are deployed ({@code FallbackResource /index.html}). As in httpd:
 *
 * <ul>
 * <li>it applies to any method (the fallback's handler answers it) and keeps the query;
 * <li>a path below an existing file ({@code /page.html/more}) is not missing: the file has
 *     path info ({@link FileMapping#storage}), which the default handler answers 404;
 * <li>a directory is not missing either, but the look-up of its index is, so a directory
 *     without one is served the fallback ({@link StaticFiles});
 * <li>the fallback's request stands for the original in the log ({@code %U} is the fallback,
 *     {@code %r} the request line), and its status is the fallback's;
 * <li>a fallback that itself maps to nothing falls back again until the limit of internal
 *     redirects gives 500; an error on the way (403, a {@code Redirect}) is the original
 *     request's, with its {@code ErrorDocument}.
 * </ul>
 *
 * A relative URL is taken relative to the directory of the requested path.
 */
final class FallbackResource {

    private FallbackResource() {
    }

    /** Serves a request for a missing file from the fallback, if one applies ({@link Directories#fixup}). */
    static Result fixup(Request r) throws Exception {
        // nothing was mapped, or not looked at
        if (r.filename() == null || !r.fileAttributesKnown()) {
            return Result.DECLINED;
        }
        String handler = r.handler();
        if (handler != null && !handler.isEmpty()) {
            return Result.DECLINED;
        }
        String url = r.config(HttpDirConfig.KEY).fallbackResource();
        if (url == null) {
            return Result.DECLINED;
        }
        Result result = redirect(r, url);
        return result.isError() ? result : Result.DONE;
    }

    /**
     * Serves {@code url} in place of {@code r}: OK when the fallback answered, else the error
     * for {@code r} to answer with, the fallback's request forgotten.
     */
    static Result redirect(Request r, String url) throws Exception {
        String target;
        try {
            target = RequestPath.normalize(resolve(r.path(), url));
        } catch (HttpException e) {
            return Result.error(e.status());
        }
        Result result = RequestProcessor.indexRedirect(r, target);
        if (!result.isError()) {
            return result;
        }
        Request fallback = r.last();
        if (fallback != r && !fallback.committed()) {
            // httpd looks the fallback up before it serves it: what refused it answers for the
            // original request, with what it said (Location, Allow, WWW-Authenticate)
            String location = fallback.headersOut().get("Location");
            if (location != null) {
                r.headersOut().set("Location", location);
            }
            for (HttpHeaders.Field field : fallback.errorHeadersOut().fields()) {
                r.errorHeadersOut().set(field.name(), field.value());
            }
            r.unlinkNext();
        }
        return result;
    }

    /** The fallback's path: {@code url} without a query, relative to the directory of {@code path}. */
    private static String resolve(String path, String url) {
        int query = url.indexOf('?');
        String target = query < 0 ? url : url.substring(0, query);
        return target.startsWith("/") ? target : path.substring(0, path.lastIndexOf('/') + 1) + target;
    }
}
