package org.sluice.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.Locale;
import org.sluice.brigade.Brigade;
import org.sluice.brigade.DataBucket;
import org.sluice.brigade.FileBucket;
import org.sluice.config.MethodSet;
import org.sluice.hook.Result;

/**
 * The default content handler ({@code *&#47;*} and {@code default-handler}): serves the file the
 * request maps to, as Apache's core and mod_dir do: directories ({@link Directories}), ETag and
 * Last-Modified, conditional requests, a single byte range, HEAD and OPTIONS. The body of a
 * small file comes from the {@link SmallFileCache}; a larger one is a {@link FileBucket}, sent
 * zero-copy unless a filter transforms it.
 */
final class StaticFiles {

    /** What the default handler allows, in httpd's words (POST serves the file, as GET). */
    static final String ALLOW = "GET,POST,OPTIONS,HEAD";
    /** {@link #ALLOW} where the server answers TRACE ({@code TraceEnable} not {@code Off}). */
    private static final String ALLOW_AND_TRACE = ALLOW + ",TRACE";
    private static final HttpHeaders.Field ACCEPT_RANGES = new HttpHeaders.Field("Accept-Ranges", "bytes");
    /** {@code MaxRanges none}'s. */
    private static final HttpHeaders.Field NO_RANGES = new HttpHeaders.Field("Accept-Ranges", "none");

    private StaticFiles() {
    }

    static Result handle(Request r) throws Exception {
        String method = r.method();
        Path file = r.filename();
        if (file == null) {
            return Result.DECLINED;
        }
        // no answer of this handler depends on the body: read it off before answering, so that
        // a malformed or too large one is answered 400 or 413 (Apache's default handler)
        r.discardBody();
        if (!method.equals("GET") && !method.equals("HEAD") && !method.equals("POST")) {
            // a method no other handler took: unknown to the server 501, else not for files
            if (!MethodSet.STANDARD.contains(method)) {
                return Result.error(HttpStatus.NOT_IMPLEMENTED);
            }
            return method.equals("OPTIONS") ? options(r) : methodNotAllowed(r);
        }
        if (!r.fileAttributesKnown()) {
            // a module changed the file name after map_to_storage looked at the file
            r.fileAttributes(FileMapping.stat(file));
        }
        BasicFileAttributes attributes = r.fileAttributes();
        if (attributes == null) {
            return Result.error(HttpStatus.NOT_FOUND);
        }
        if (attributes.isDirectory()) {
            return Directories.serve(r, file);
        }
        if (!attributes.isRegularFile()) {
            return Result.FORBIDDEN;
        }
        if (r.pathInfo() != null && r.config(HttpDirConfig.KEY).acceptPathInfo() != HttpDirConfig.AcceptPathInfo.ON) {
            // /a.txt/more and /a.txt/: httpd's default handler refuses path info unless told to accept it
            return Result.error(HttpStatus.NOT_FOUND);
        }
        return file(r, file, attributes);
    }

    /** The answer to OPTIONS of a handler that serves GET and HEAD only: no body, and what it allows. */
    static Result options(Request r) {
        r.headersOut().set("Allow", Trace.enabled(r) ? ALLOW_AND_TRACE : ALLOW);
        r.headersOut().set("Content-Length", "0");
        return Result.OK;
    }

    /** 405 from a handler that serves GET and HEAD only, saying so in {@code Allow} (RFC 9110 §15.5.6). */
    static Result methodNotAllowed(Request r) {
        r.errorHeadersOut().set("Allow", Trace.enabled(r) ? ALLOW_AND_TRACE : ALLOW);
        return Result.error(HttpStatus.METHOD_NOT_ALLOWED);
    }

    private static Result file(Request r, Path file, BasicFileAttributes attributes) throws IOException {
        long size = attributes.size();
        Instant modified = attributes.lastModifiedTime().toInstant();
        HttpDirConfig config = r.config(HttpDirConfig.KEY);
        int etagParts = config.fileETag.parts();
        // FileETag None: no tag, and conditions on tags match only "*"
        String etag = etagParts == FileETag.DEFAULT ? etag(attributes)
                : etagParts == FileETag.NONE ? null : FileETag.of(etagParts, attributes);
        boolean errorDocument = r.previous() != null && r.status() >= 400;
        if (!errorDocument) {
            r.headersOut().set("Last-Modified", HttpDate.format(modified));
            if (etag != null) {
                r.headersOut().set("ETag", etag);
            }
            r.headersOut().set(config.rangesRefused() ? NO_RANGES : ACCEPT_RANGES);
            int precondition = preconditions(r, etag, modified);
            if (precondition != 0) {
                // as httpd's default handler: the status, the file's fields, and no body
                r.status(precondition);
                if (precondition == HttpStatus.PRECONDITION_FAILED) {
                    r.headersOut().set("Content-Length", "0");
                }
                return Result.OK;
            }
        }
        long start = 0;
        long length = size;
        String range = r.headersIn().get("Range");
        if (!errorDocument && range != null && r.method().equals("GET") && ifRangeHolds(r, etag, modified)) {
            long[] span = parseRange(range, size);
            if (span == UNSATISFIABLE) {
                r.errorHeadersOut().set("Content-Range", "bytes */" + size);
                return Result.error(HttpStatus.RANGE_NOT_SATISFIABLE);
            }
            if (span != null && !config.rangesRefused()) {
                // MaxRanges none serves the whole file, but a range past its end is still 416, as in httpd
                start = span[0];
                length = span[1] - span[0] + 1;
                r.status(HttpStatus.PARTIAL_CONTENT);
                r.headersOut().set("Content-Range", "bytes " + span[0] + "-" + span[1] + "/" + size);
            }
        }
        r.headersOut().set("Content-Length", Long.toString(length));
        Brigade body = new Brigade();
        if (!r.headerOnly() && length > 0) {
            try {
                ByteBuf cached = SmallFileCache.shared().content(file, attributes);
                if (cached != null) {
                    cached.setIndex((int) start, (int) (start + length));
                    body.addLast(DataBucket.of(cached));
                } else if (config.enableSendfile()) {
                    body.addLast(FileBucket.open(file, start, length));
                } else {
                    sendRead(r, file, start, length);
                }
            } catch (NoSuchFileException e) {
                return Result.error(HttpStatus.NOT_FOUND);
            } catch (IOException e) {
                // unreadable (permissions) or gone in between
                return Result.FORBIDDEN;
            }
        }
        body.addEos();
        body.addFlush();
        r.pass(body);
        return Result.OK;
    }

    /** The bytes read into buffers and passed on a chunk at a time, so a slow client holds few of them. */
    private static final int READ_CHUNK = 64 * 1024;

    /**
     * {@code EnableSendfile Off}: the region read and passed in chunks, each written (and waited
     * for, when the client is behind) before the next is read, as httpd reads a file into
     * buffers without sendfile.
     */
    private static void sendRead(Request r, Path file, long start, long length) throws IOException {
        FileBucket region = FileBucket.open(file, start, length);
        try {
            while (region.length() > 0) {
                Brigade chunk = new Brigade();
                chunk.addLast(region.read(ByteBufAllocator.DEFAULT, READ_CHUNK));
                r.pass(chunk);
            }
        } finally {
            region.release();
        }
    }

    /** Apache's default ETag ({@code FileETag MTime Size}): size and mtime in microseconds, hex. */
    static String etag(BasicFileAttributes attributes) {
        // requests served in one loop turn share the attributes object (TurnStats): one tag for all
        Tagged last = lastTagged;
        if (last != null && last.attributes() == attributes) {
            return last.etag();
        }
        Instant mtime = attributes.lastModifiedTime().toInstant();
        long micros = mtime.getEpochSecond() * 1_000_000L + mtime.getNano() / 1000;
        String etag = "\"" + Long.toHexString(attributes.size()) + "-" + Long.toHexString(micros) + "\"";
        lastTagged = new Tagged(attributes, etag);
        return etag;
    }

    /** The last tag made, with the attributes it was made from (final fields: safe to share between loops). */
    private record Tagged(BasicFileAttributes attributes, String etag) {
    }

    private static Tagged lastTagged;

    /**
     * RFC 9110 §13.2.2: 0 to go on, 304 or 412. A tag in If-None-Match fails any other method
     * than GET and HEAD with 412; If-Modified-Since counts for those two only, and not with a
     * date later than the request's (httpd's rule).
     */
    private static int preconditions(Request r, String etag, Instant modified) {
        HttpHeaders in = r.headersIn();
        // a tag the DEFLATE filter gave a compressed response still names this file
        String ifMatch = DeflateDecision.withoutEtagSuffix(in.list("If-Match"));
        if (ifMatch != null) {
            if (!matches(ifMatch, etag, false)) {
                return HttpStatus.PRECONDITION_FAILED;
            }
        } else {
            Instant since = HttpDate.parse(in.get("If-Unmodified-Since"));
            if (since != null && modified.getEpochSecond() > since.getEpochSecond()) {
                return HttpStatus.PRECONDITION_FAILED;
            }
        }
        String ifNoneMatch = DeflateDecision.withoutEtagSuffix(in.list("If-None-Match"));
        boolean getOrHead = r.method().equals("GET") || r.method().equals("HEAD");
        if (ifNoneMatch != null) {
            if (matches(ifNoneMatch, etag, getOrHead)) {
                return getOrHead ? HttpStatus.NOT_MODIFIED : HttpStatus.PRECONDITION_FAILED;
            }
        } else if (getOrHead) {
            Instant since = HttpDate.parse(in.get("If-Modified-Since"));
            if (since != null && modified.getEpochSecond() <= since.getEpochSecond()
                    && since.toEpochMilli() <= r.startMillis()) {
                return HttpStatus.NOT_MODIFIED;
            }
        }
        return 0;
    }

    /** Whether an If-Match / If-None-Match list names {@code etag} ({@code *} names any). */
    private static boolean matches(String list, String etag, boolean weak) {
        for (String item : list.split(",")) {
            String tag = item.strip();
            if (tag.equals("*")) {
                return true;
            }
            if (tag.startsWith("W/")) {
                if (!weak) {
                    continue;
                }
                tag = tag.substring(2);
            }
            if (tag.equals(etag)) {
                return true;
            }
        }
        return false;
    }

    private static boolean ifRangeHolds(Request r, String etag, Instant modified) {
        String ifRange = r.headersIn().get("If-Range");
        if (ifRange == null) {
            return true;
        }
        if (ifRange.startsWith("\"")) {
            return ifRange.equals(etag);
        }
        Instant date = HttpDate.parse(ifRange);
        return date != null && date.getEpochSecond() == modified.getEpochSecond();
    }

    private static final long[] UNSATISFIABLE = new long[0];

    /**
     * The first and last byte of a single {@code bytes=} range; null to ignore the header (bad
     * syntax, or several ranges, answered with the whole file), UNSATISFIABLE for 416.
     */
    static long[] parseRange(String header, long size) {
        String h = header.strip();
        if (!h.toLowerCase(Locale.ROOT).startsWith("bytes=")) {
            return null;
        }
        String spec = null;
        for (String element : h.substring(6).split(",", -1)) {
            // empty list elements count for nothing (RFC 9110 §5.6.1.2)
            if (!element.isBlank()) {
                if (spec != null) {
                    return null;
                }
                spec = element.strip();
            }
        }
        if (spec == null) {
            return null;
        }
        int dash = spec.indexOf('-');
        if (dash < 0) {
            return null;
        }
        String first = spec.substring(0, dash).strip();
        String last = spec.substring(dash + 1).strip();
        try {
            if (first.isEmpty()) {
                if (last.isEmpty() || !digits(last)) {
                    return null;
                }
                long suffix = Long.parseLong(last);
                if (suffix == 0) {
                    return UNSATISFIABLE;
                }
                if (size == 0) {
                    // satisfiable (RFC 9110 §14.1.1), but no 206 can carry zero bytes: the whole, empty file
                    return null;
                }
                return new long[] {Math.max(0, size - suffix), size - 1};
            }
            if (!digits(first) || !last.isEmpty() && !digits(last)) {
                return null;
            }
            long from = Long.parseLong(first);
            long to = last.isEmpty() ? size - 1 : Math.min(Long.parseLong(last), size - 1);
            if (!last.isEmpty() && Long.parseLong(last) < from) {
                return null;
            }
            if (from >= size) {
                return UNSATISFIABLE;
            }
            return new long[] {from, to};
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static boolean digits(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return !s.isEmpty();
    }
}
