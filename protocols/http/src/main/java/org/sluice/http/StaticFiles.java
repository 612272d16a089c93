package org.sluice.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
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
    private static final String ALLOW = "GET,POST,OPTIONS,HEAD";
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

    /** What the server allows where no handler allows more: {@code Allow} of OPTIONS and 405. */
    static String allow(Request r) {
        return Trace.enabled(r) ? ALLOW_AND_TRACE : ALLOW;
    }

    /** The answer to OPTIONS of a handler that serves GET, HEAD and POST: no body, and what it allows. */
    static Result options(Request r) {
        r.headersOut().set("Allow", allow(r));
        r.headersOut().set("Content-Length", "0");
        return Result.OK;
    }

    /** 405 from a handler that serves GET, HEAD and POST, saying so in {@code Allow} (RFC 9110 §15.5.6). */
    static Result methodNotAllowed(Request r) {
        r.errorHeadersOut().set("Allow", allow(r));
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
        // an ErrorDocument has the file's fields, but no condition or range applies to it (httpd)
        boolean errorDocument = r.previous() != null && r.status() >= 400;
        r.headersOut().set("Last-Modified", HttpDate.format(modified));
        if (etag != null) {
            String variantList = r.note(Negotiation.VARIANT_LIST_NOTE);
            if (variantList != null) {
                // a negotiated response's tag also names its set of variants, as httpd makes it
                etag = etag.substring(0, etag.length() - 1) + ";" + variantList + "\"";
            }
            r.headersOut().set("ETag", etag);
        }
        r.headersOut().set(config.rangesRefused() ? NO_RANGES : ACCEPT_RANGES);
        if (!errorDocument) {
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
            // MaxRanges none serves the whole file, but a range past its end is still 416, as in httpd
            ByteRanges ranges = ByteRanges.parse(range, size, config.maxRanges());
            if (ranges == ByteRanges.UNSATISFIABLE) {
                r.errorHeadersOut().set("Content-Range", "bytes */" + size);
                return Result.error(HttpStatus.RANGE_NOT_SATISFIABLE);
            }
            if (ranges != null && ranges.count() > 1) {
                return multipart(r, file, attributes, ranges, config);
            }
            if (ranges != null) {
                start = ranges.first(0);
                length = ranges.length(0);
                r.status(HttpStatus.PARTIAL_CONTENT);
                r.headersOut().set("Content-Range", "bytes " + start + "-" + ranges.last(0) + "/" + size);
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

    /** The boundary of multipart/byteranges bodies, random for each run of the server (as httpd's). */
    private static final String BOUNDARY = HexFormat.of().toHexDigits(new SecureRandom().nextLong());

    /**
     * Several ranges of the file, as httpd's byterange filter sends them: a
     * {@code multipart/byteranges} body, each part headed by the file's type and its
     * {@code Content-range}, of a length known before it is sent.
     */
    private static Result multipart(Request r, Path file, BasicFileAttributes attributes, ByteRanges ranges,
            HttpDirConfig config) throws IOException {
        long size = attributes.size();
        String type = r.contentType();
        if (type != null && config.defaultCharset() != null) {
            type = MimeMappings.withDefaultCharset(type, config.defaultCharset());
        }
        String[] heads = new String[ranges.count()];
        long length = 0;
        for (int i = 0; i < heads.length; i++) {
            heads[i] = "\r\n--" + BOUNDARY + (type == null ? "" : "\r\nContent-type: " + type)
                    + "\r\nContent-range: bytes " + ranges.first(i) + "-" + ranges.last(i) + "/" + size + "\r\n\r\n";
            length += heads[i].length() + ranges.length(i);
        }
        String end = "\r\n--" + BOUNDARY + "--\r\n";
        length += end.length();
        r.status(HttpStatus.PARTIAL_CONTENT);
        r.contentType("multipart/byteranges; boundary=" + BOUNDARY);
        r.headersOut().set("Content-Length", Long.toString(length));
        ByteBuf cached = null;
        try {
            cached = SmallFileCache.shared().content(file, attributes);
            for (int i = 0; i < heads.length; i++) {
                Brigade part = new Brigade();
                part.addLast(DataBucket.of(heads[i], StandardCharsets.ISO_8859_1));
                if (cached != null) {
                    part.addLast(DataBucket.of(cached.retainedSlice((int) ranges.first(i), (int) ranges.length(i))));
                    r.pass(part);
                } else if (config.enableSendfile()) {
                    part.addLast(FileBucket.open(file, ranges.first(i), ranges.length(i)));
                    r.pass(part);
                } else {
                    r.pass(part);
                    sendRead(r, file, ranges.first(i), ranges.length(i));
                }
            }
        } catch (NoSuchFileException e) {
            return Result.error(HttpStatus.NOT_FOUND);
        } catch (IOException e) {
            if (r.committed()) {
                throw e;
            }
            return Result.FORBIDDEN;
        } finally {
            if (cached != null) {
                cached.release();
            }
        }
        Brigade tail = new Brigade();
        tail.addLast(DataBucket.of(end, StandardCharsets.ISO_8859_1));
        tail.addEos();
        tail.addFlush();
        r.pass(tail);
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

    /** Whether an If-Match / If-None-Match list names {@code etag} (a field of {@code *} alone names any). */
    private static boolean matches(String list, String etag, boolean weak) {
        if (list.strip().equals("*")) {
            return true;
        }
        // "*" is the whole field or nothing (RFC 9110 §13.1.1, §13.1.2): in a list it names no tag
        for (String item : list.split(",")) {
            String tag = item.strip();
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

}
