package org.sluice.http;

import java.io.IOException;
import org.sluice.brigade.Brigade;
import org.sluice.brigade.Bucket;
import org.sluice.filter.OutputFilter;

/**
 * The {@code DEFLATE} output filter as requests get it ({@code SetOutputFilter DEFLATE},
 * {@code AddOutputFilterByType DEFLATE text/html}...): when the response's head passes
 * ({@link ResponseStart}) it asks {@link DeflateDecision} whether to compress, puts the
 * decided header fields ({@code Vary}, {@code Content-Encoding}, the {@code ETag}) on the
 * response, and then either compresses the body through a {@link DeflateFilter} or steps out
 * of the chain.
 */
final class DeflateOutputFilter implements OutputFilter {

    private final DeflateDecision decision = DeflateDecision.defaults();
    private DeflateFilter deflate;

    @Override
    public void pass(Context ctx, Brigade brigade) throws IOException {
        if (deflate != null) {
            deflate.pass(ctx, brigade);
            return;
        }
        Bucket first = brigade.first();
        if (first instanceof ResponseStart start) {
            if (decide(start.request(), brigade)) {
                deflate = new DeflateFilter();
                deflate.pass(ctx, brigade);
                return;
            }
            ctx.remove();
        }
        ctx.passNext(brigade);
    }

    /** Decides for the response starting in {@code brigade} and sets its header fields; true to compress. */
    private boolean decide(Request request, Brigade brigade) {
        HttpHeaders.Builder out = request.headersOut();
        if (request.errorHeadersOut().contains("Content-Encoding")) {
            return false;
        }
        String encoding = request.contentEncoding();
        if (encoding != null && !encoding.strip().equalsIgnoreCase("identity")) {
            // AddEncoding: the body is already encoded, so left alone without even a Vary, as in httpd
            return false;
        }
        HttpHeaders.Builder before = HttpHeaders.builder();
        for (HttpHeaders.Field field : out.fields()) {
            before.add(field.name(), field.value());
        }
        if (!before.contains("Content-Length") && !request.headerOnly()) {
            long length = lengthBeforeEos(brigade);
            if (length >= 0) {
                before.set("Content-Length", Long.toString(length));
            }
        }
        DeflateDecision.Result result = decision.decide(request.method(), request.headersIn().all("Accept-Encoding"),
                request.status(), before.build());
        out.clear();
        for (HttpHeaders.Field field : result.headers()) {
            out.add(field.name(), field.value());
        }
        if (encoding != null && result.headers().contains("Content-Encoding")) {
            // identity is no coding: gzip takes its place
            request.contentEncoding(null);
        }
        return result.compress() && !request.headerOnly();
    }

    /** The data bytes up to an EOS in {@code brigade}, or -1 when its end or a FLUSH comes first. */
    private static long lengthBeforeEos(Brigade brigade) {
        long length = 0;
        for (Bucket b : brigade) {
            if (b.isEos()) {
                return length;
            }
            if (b.isFlush()) {
                return -1;
            }
            length += b.isMetadata() ? 0 : b.length();
        }
        return -1;
    }
}
