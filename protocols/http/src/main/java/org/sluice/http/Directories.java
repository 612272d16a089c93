package org.sluice.http;

import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import org.sluice.hook.Result;

/**
 * mod_dir: a directory asked for without its trailing slash is redirected to it
 * ({@code DirectorySlash}), one asked for with it is served its {@code DirectoryIndex} by an
 * internal redirect, and a path that maps to nothing is served the {@code FallbackResource}.
 *
 * <p>For a directory the default handler serves (no handler set, the common case) this is done
 * by that handler ({@link StaticFiles}). A directory with a handler of its own ({@code
 * SetHandler}, {@code AddHandler}) gets the redirect and the index in fixups, before its handler
 * runs, as in httpd; {@code DirectoryCheckHandler On} leaves it to its handler after the
 * redirect.
 */
final class Directories {

    private Directories() {
    }

    /** fixups, last: the fallback for a missing file, the redirect and index of a directory with a handler. */
    static Result fixup(Request r) throws Exception {
        BasicFileAttributes attributes = r.fileAttributes();
        if (attributes == null) {
            return FallbackResource.fixup(r);
        }
        String handler = r.handler();
        if (handler == null || handler.isEmpty() || !attributes.isDirectory()) {
            return Result.DECLINED;
        }
        HttpDirConfig config = r.config(HttpDirConfig.KEY);
        if (!r.path().endsWith("/")) {
            return config.directorySlash() ? slashRedirect(r) : Result.DECLINED;
        }
        if (config.directoryCheckHandler()) {
            return Result.DECLINED;
        }
        Result result = index(r, r.filename(), config);
        if (result == null) {
            return Result.DECLINED;
        }
        return result.isError() ? result : Result.DONE;
    }

    /** The default handler's answer for a directory: redirect, index, listing or 403. */
    static Result serve(Request r, Path dir) throws Exception {
        HttpDirConfig config = r.config(HttpDirConfig.KEY);
        if (!r.path().endsWith("/")) {
            if (config.directorySlash()) {
                return slashRedirect(r);
            }
            // DirectorySlash Off: no redirect and no index, as in httpd; a listing if allowed
        } else {
            Result result = index(r, dir, config);
            if (result != null) {
                return result;
            }
        }
        if (r.method().equals("POST")) {
            // mod_autoindex lists for GET only; httpd's default handler serves no directory
            return Result.error(HttpStatus.NOT_FOUND);
        }
        if (config.options().contains(HttpDirConfig.Option.INDEXES)) {
            return DirectoryListing.send(r, dir);
        }
        return Result.FORBIDDEN;
    }

    /** 301 to the path with a slash added, the query kept. */
    private static Result slashRedirect(Request r) {
        String location = r.uri();
        int query = location.indexOf('?');
        String target = query < 0 ? location + "/" : location.substring(0, query) + "/" + location.substring(query);
        if (!target.startsWith("/")) {
            // an absolute-form target: its path, still encoded
            target = r.head().path() + "/" + (r.query() == null ? "" : "?" + r.query());
        }
        r.headersOut().set("Location", r.absoluteUrl(target));
        return Result.error(HttpStatus.MOVED_PERMANENTLY);
    }

    /** The first index that exists, served in place of the directory; null when there is none. */
    private static Result index(Request r, Path dir, HttpDirConfig config) throws Exception {
        for (String index : config.directoryIndex()) {
            String target = index.startsWith("/") ? index : r.path() + index;
            if (index.startsWith("/") || isRegularFile(FileMapping.stat(dir.resolve(index)))
                    || config.options().contains(HttpDirConfig.Option.MULTIVIEWS) && index.indexOf('/') < 0
                            && Negotiation.hasCandidates(dir, index)) {
                // with MultiViews an index.html.en stands for index.html: the redirect negotiates
                return RequestProcessor.indexRedirect(r, target);
            }
            if (config.fallbackResource() != null) {
                // httpd looks the index up as a request of its own, which FallbackResource serves
                return FallbackResource.redirect(r, config.fallbackResource());
            }
        }
        return null;
    }

    private static boolean isRegularFile(BasicFileAttributes attributes) {
        return attributes != null && attributes.isRegularFile();
    }
}
