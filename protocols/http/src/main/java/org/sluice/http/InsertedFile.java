package org.sluice.http;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * A header or readme file ({@code HeaderName}, {@code ReadmeName}) that a request would be
 * served: a regular file, allowed, of an HTML or other text type.
 */
record InsertedFile(Path file, boolean html) {

    static InsertedFile find(Request r, Path dir, String name) throws IOException {
        if (name == null) {
            return null;
        }
        // a name in the directory (or below it), or a URL path under the DocumentRoot
        String base = r.path().endsWith("/") ? r.path() : r.path() + "/";
        String url;
        try {
            url = RequestPath.normalize(name.startsWith("/") ? name : base + name);
        } catch (HttpException e) {
            return null;
        }
        Path root = r.virtualHost().config(HttpServerConfig.KEY).documentRoot(r.virtualHost().server().serverRoot())
                .toAbsolutePath().normalize();
        Path file = url.startsWith(base) ? dir.resolve(url.substring(base.length())).normalize()
                : root.resolve(url.substring(1)).normalize();
        if (url.endsWith("/") || !(file.startsWith(dir) || file.startsWith(root)) || !Files.isRegularFile(file)) {
            return null;
        }
        EntryAccess access = new EntryAccess(r, file.getParent(), url.substring(0, url.lastIndexOf('/') + 1));
        String leaf = file.getFileName().toString();
        if (access.check(file, leaf, false) != EntryAccess.Outcome.ALLOWED) {
            return null;
        }
        String type = access.type(leaf).type();
        if (type == null) {
            return null;
        }
        String lower = type.toLowerCase(Locale.ROOT);
        if (lower.equals("text/html") || lower.equals("application/xhtml+xml")) {
            return new InsertedFile(file, true);
        }
        return lower.startsWith("text/") ? new InsertedFile(file, false) : null;
    }

    /** Copies the file into the page (in a pre block, escaped, unless HTML); false if it cannot be read. */
    boolean copyTo(ListingPage page, boolean plain) throws IOException {
        InputStream in;
        try {
            in = Files.newInputStream(file);
        } catch (IOException e) {
            return false;
        }
        try (in) {
            if (plain) {
                page.add("<pre>\n");
            }
            byte[] buffer = new byte[8192];
            int n;
            while ((n = in.read(buffer)) > 0) {
                if (plain) {
                    page.addEscapedText(buffer, n);
                } else {
                    page.addBytes(buffer, n);
                }
                page.flushIfFull();
            }
            if (plain) {
                page.add("</pre>\n");
            }
        }
        return true;
    }
}
