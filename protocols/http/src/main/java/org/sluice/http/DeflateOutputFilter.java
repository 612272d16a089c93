package org.sluice.http;

import io.netty.buffer.ByteBufAllocator;
import java.io.IOException;
import java.util.Locale;
import org.sluice.brigade.Brigade;
import org.sluice.brigade.Bucket;
import org.sluice.config.ArgShape;
import org.sluice.config.ConfigException;
import org.sluice.config.Directive;
import org.sluice.config.DirectiveCall;
import org.sluice.filter.OutputFilter;
import org.sluice.module.Registry;

/**
 * The {@code DEFLATE} output filter as requests get it ({@code SetOutputFilter DEFLATE},
 * {@code AddOutputFilterByType DEFLATE text/html}...): when the response's head passes
 * ({@link ResponseStart}) it asks {@link DeflateDecision} whether to compress, puts the
 * decided header fields ({@code Vary}, {@code Content-Encoding}, the {@code ETag}) on the
 * response, and then either compresses the body through a {@link DeflateFilter} or steps out
 * of the chain.
 */
final class DeflateOutputFilter implements OutputFilter {

    private DeflateFilter deflate;

    /** mod_deflate's server settings: {@code DeflateCompressionLevel}, {@code DeflateBufferSize}, {@code DeflateAlterETag}. */
    static void register(Registry r) {
        r.directive(Directive.of("DeflateCompressionLevel", ArgShape.TAKE1, Directive.SERVER_OR_VHOST,
                "Set the Deflate Compression Level (1-9)",
                c -> config(c).deflateLevel = number(c, 1, 9, "Compression Level must be between 1 and 9")));
        r.directive(Directive.of("DeflateBufferSize", ArgShape.TAKE1, Directive.SERVER_OR_VHOST,
                "Set the Deflate Buffer Size", c -> config(c).deflateBufferSize = Math.max(64,
                        number(c, 1, 16 << 20, "DeflateBufferSize should be positive (and at most 16777216)"))));
        r.directive(Directive.of("DeflateAlterETag", ArgShape.TAKE1, Directive.SERVER_OR_VHOST,
                "Set how mod_deflate should modify ETAG response headers: 'AddSuffix' (default), 'NoChange'"
                        + " (2.2.x behavior), 'Remove'",
                c -> config(c).deflateEtag = switch (c.arg(0).toLowerCase(Locale.ROOT)) {
                    case "nochange" -> DeflateDecision.EtagMode.NO_CHANGE;
                    case "addsuffix" -> DeflateDecision.EtagMode.ADD_SUFFIX;
                    case "remove" -> DeflateDecision.EtagMode.REMOVE;
                    default -> throw c.error("DeflateAlterETAG accepts only 'NoChange', 'AddSuffix', and 'Remove'");
                }));
    }

    private static HttpServerConfig config(DirectiveCall c) {
        return c.serverConfig(HttpServerConfig.KEY);
    }

    private static int number(DirectiveCall c, int min, int max, String message) throws ConfigException {
        try {
            int n = Integer.parseInt(c.arg(0).strip());
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw c.error(message);
    }

    @Override
    public void pass(Context ctx, Brigade brigade) throws IOException {
        if (deflate != null) {
            deflate.pass(ctx, brigade);
            return;
        }
        Bucket first = brigade.first();
        if (first instanceof ResponseStart start) {
            HttpServerConfig config = start.request().virtualHost().config(HttpServerConfig.KEY);
            if (decide(start.request(), brigade, config)) {
                deflate = new DeflateFilter(config.deflateLevel == null ? DeflateFilter.DEFAULT_LEVEL : config.deflateLevel,
                        config.deflateBufferSize == null ? DeflateFilter.DEFAULT_BUFFER_SIZE : config.deflateBufferSize,
                        ByteBufAllocator.DEFAULT);
                deflate.pass(ctx, brigade);
                return;
            }
            ctx.remove();
        }
        ctx.passNext(brigade);
    }

    /** Decides for the response starting in {@code brigade} and sets its header fields; true to compress. */
    private boolean decide(Request request, Brigade brigade, HttpServerConfig config) {
        HttpHeaders.Builder out = request.headersOut();
        if (request.errorHeadersOut().contains("Content-Encoding")) {
            return false;
        }
        // httpd's variables for clients that mishandle compression (BrowserMatch ... no-gzip)
        String type = request.contentType();
        if (request.env("no-gzip") != null || "1".equals(request.env("gzip-only-text/html"))
                && (type == null || !type.startsWith("text/html"))) {
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
        DeflateDecision decision = config.deflateEtag == null ? DeflateDecision.defaults()
                : new DeflateDecision(DeflateDecision.defaults().minimumLength(), config.deflateEtag);
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
