package org.sluice.http;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import org.sluice.brigade.Brigade;
import org.sluice.brigade.DataBucket;
import org.sluice.hook.Result;

/**
 * The TRACE method, answered as httpd's core answers it: in map_to_storage, so after
 * translate_name (a {@code Redirect} still redirects) but before access control, which TRACE
 * is not subject to ({@code <Limit TRACE>} is refused; {@code TraceEnable Off} turns it off).
 *
 * <p>The answer is 200 with {@code Content-Type: message/http} and the request as the server
 * read it: the request line, the header fields (several of one name joined with {@code ", "} in
 * the place of the first, as httpd's header table merges them), an empty line and, with
 * {@code TraceEnable extended}, the body. A request with a body is 413 unless {@code extended},
 * and so is one whose body is over {@value #MAX_BODY} bytes; with {@code TraceEnable Off},
 * TRACE is 405.
 *
 * <p>The echo is bounded: the head by {@code LimitRequestLine}, {@code LimitRequestFields} and
 * {@code LimitRequestFieldSize}, the body by {@value #MAX_BODY} bytes. It cannot carry a CR or
 * LF a client slipped into a field: the head parser refuses such a request with 400 before it
 * gets here. {@code Max-Forwards} is not looked at: Sluice forwards nothing, so it is always the
 * final recipient (RFC 9110 §7.6.2).
 */
final class Trace {

    /** The most body bytes {@code TraceEnable extended} echoes (httpd's 64k). */
    static final int MAX_BODY = 64 * 1024;

    private static final byte[] NO_BODY = new byte[0];

    /** {@code TraceEnable}. */
    enum Mode {
        ON,
        OFF,
        EXTENDED;

        /** httpd's words for the directive's error. */
        static final String USAGE = "TraceEnable must be one of 'on', 'off', or 'extended'";

        /** The mode a {@code TraceEnable} word names, case-insensitively, or null. */
        static Mode named(String word) {
            return switch (word.toLowerCase(Locale.ROOT)) {
                case "on" -> ON;
                case "off" -> OFF;
                case "extended" -> EXTENDED;
                default -> null;
            };
        }
    }

    private Trace() {
    }

    /** Whether the server answers TRACE for {@code r}'s host, so that an {@code Allow} may name it. */
    static boolean enabled(Request r) {
        return r.virtualHost().config(HttpServerConfig.KEY).traceEnable() != Mode.OFF;
    }

    /** map_to_storage: answers a TRACE request; declines every other method. */
    static Result handle(Request r) throws IOException {
        if (!r.method().equals("TRACE")) {
            return Result.DECLINED;
        }
        Mode mode = r.virtualHost().config(HttpServerConfig.KEY).traceEnable();
        if (mode == Mode.OFF) {
            r.errorHeadersOut().set("Allow", StaticFiles.allow(r));
            return Result.error(HttpStatus.METHOD_NOT_ALLOWED);
        }
        byte[] body = NO_BODY;
        if (r.hasBody()) {
            if (mode != Mode.EXTENDED) {
                return Result.error(HttpStatus.CONTENT_TOO_LARGE);
            }
            try (InputStream in = r.body()) {
                body = in.readNBytes(MAX_BODY + 1);
            }
            if (body.length > MAX_BODY) {
                return Result.error(HttpStatus.CONTENT_TOO_LARGE);
            }
        }
        r.contentType("message/http");
        r.markRuleFree();
        Brigade out = new Brigade();
        out.addLast(DataBucket.of(echo(r), StandardCharsets.ISO_8859_1));
        if (body.length > 0) {
            out.addLast(DataBucket.copyOf(body));
        }
        // flushed before its end, so it goes chunked (HTTP/1.1) as httpd sends it
        out.addFlush();
        r.pass(out);
        Brigade end = new Brigade();
        end.addEos();
        r.pass(end);
        return Result.DONE;
    }

    /** The request line and header fields as received, each field name once, and the empty line. */
    static String echo(Request r) {
        HttpHeaders headers = r.headersIn();
        StringBuilder out = new StringBuilder(256).append(r.requestLine()).append("\r\n");
        Set<String> written = new HashSet<>();
        for (HttpHeaders.Field field : headers) {
            if (written.add(field.name().toLowerCase(Locale.ROOT))) {
                out.append(field.name()).append(": ").append(headers.list(field.name())).append("\r\n");
            }
        }
        return out.append("\r\n").toString();
    }
}
