package org.sluice.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.io.IOException;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sluice.brigade.Brigade;
import org.sluice.brigade.Bucket;
import org.sluice.brigade.DataBucket;
import org.sluice.filter.ReadStatus;
import org.sluice.hook.Result;
import org.sluice.http.BodyFraming;
import org.sluice.http.HttpHeaders;
import org.sluice.http.Request;

/**
 * The proxy's parts of a request: translate_name maps the path to a backend URL
 * ({@code ProxyPass}), map_to_storage keeps proxied requests away from the file system, and the
 * handler forwards the request and streams the response back.
 *
 * <p>The exchange runs on the request's thread in blocking style: the request body goes to the
 * backend as it is read from the client, the response body to the client as it is read from the
 * backend, a piece of at most 64 KiB at a time, so each side's pace holds the other back and a
 * response of any size takes the same memory. Failures before the response head went out are
 * answered as httpd answers them: 503 when the backend cannot be connected to, 504 when it does
 * not answer within the timeout, 502 when its answer is not valid HTTP. After that, the client's
 * connection is closed, so that it sees the response is incomplete.
 */
final class ProxyHandler {

    static final Logger LOG = LoggerFactory.getLogger("org.sluice.proxy");

    /** A backend's status or header line may be this long at most. */
    static final int MAX_LINE = 8192;
    /** A backend's response head may have this many fields at most. */
    static final int MAX_FIELDS = 100;

    /** Response fields that describe the connection to the backend, not the response. */
    private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "proxy-connection", "te",
            "trailer", "transfer-encoding", "upgrade", "content-length", "content-type");

    private ProxyHandler() {
    }

    // ---- translate_name ----

    /**
     * The {@code ProxyPass} of the request's {@code <Location>}, then those of its host in order:
     * the first that takes the path decides; {@code !} leaves the request to be served here.
     */
    static Result translate(Request r) {
        if (r.proxyTarget() != null || !r.path().startsWith("/") || r.env("no-proxy") != null) {
            return Result.DECLINED;
        }
        ProxyMapping.Match match = null;
        ProxyDirConfig dir = r.config(ProxyDirConfig.KEY);
        if (dir.location != null) {
            match = dir.location.match(r.path(), r.query());
        }
        if (match == null) {
            for (ProxyMapping mapping : r.virtualHost().config(ProxyServerConfig.KEY).mappings) {
                match = mapping.match(r.path(), r.query());
                if (match != null) {
                    break;
                }
            }
        }
        if (match == null || match.excluded()) {
            return Result.DECLINED;
        }
        for (int i = 0; i < match.target().length(); i++) {
            char c = match.target().charAt(i);
            if (c <= ' ' || c == 0x7f) {
                LOG.error("{}: To be forwarded query string contains control characters or spaces", r);
                return Result.FORBIDDEN;
            }
        }
        LOG.debug("{}: URI path '{}' matches proxy handler '{}'", r, r.path(), match.target());
        r.proxyTarget(match.target());
        r.handler(Request.PROXY_HANDLER);
        return Result.OK;
    }

    // ---- map_to_storage ----

    /**
     * A proxied request maps to no file: no {@code <Directory>}, {@code <Files>} or
     * {@code .htaccess} applies, only the {@code <Location>} sections. TRACE stays the server's
     * own ({@code TraceEnable}).
     */
    static Result mapToStorage(Request r) {
        return r.proxyTarget() != null && !r.method().equals("TRACE") ? Result.OK : Result.DECLINED;
    }

    // ---- the handler ----

    static Result handle(Request r) throws IOException {
        String target = r.proxyTarget();
        if (target == null) {
            return Result.DECLINED;
        }
        BackendUrl url;
        try {
            url = BackendUrl.parse(target);
        } catch (IllegalArgumentException e) {
            LOG.error("{}: No protocol handler was valid for the URL {}: {}", r, target, e.getMessage());
            return Result.SERVER_ERROR;
        }
        ProxyServerConfig server = r.virtualHost().config(ProxyServerConfig.KEY);
        BackendWorker worker = server.workerFor(url);
        if (worker == null) {
            // a URL no ProxyPass names (RewriteRule [P]): a connection of its own, as httpd's default worker
            worker = new BackendWorker(url, WorkerParams.NO_REUSE);
        }
        Duration timeout = worker.params().timeout() != null ? worker.params().timeout()
                : server.timeout != null ? server.timeout : r.connection().timeout();
        Duration connectTimeout = worker.params().connectTimeout() != null ? worker.params().connectTimeout() : timeout;
        try {
            return new Exchange(r, url, worker, server, timeout, connectTimeout).run();
        } catch (BackendFailure e) {
            LOG.error("{}: {}", r, e.getMessage());
            if (r.committed()) {
                // the client has part of a response: closing is how it learns the rest is not coming
                throw new IOException("backend failed in the middle of the response: " + e.getMessage(), e);
            }
            return Result.error(e.status());
        }
    }

    /** One request forwarded and its response relayed. */
    private static final class Exchange {
        private final Request r;
        private final BackendUrl url;
        private final BackendWorker worker;
        private final ProxyServerConfig server;
        private final ProxyDirConfig dir;
        private final Duration timeout;
        private final Duration connectTimeout;
        private BackendConnection backend;

        Exchange(Request r, BackendUrl url, BackendWorker worker, ProxyServerConfig server, Duration timeout,
                Duration connectTimeout) {
            this.r = r;
            this.url = url;
            this.worker = worker;
            this.server = server;
            this.dir = r.config(ProxyDirConfig.KEY);
            this.timeout = timeout;
            this.connectTimeout = connectTimeout;
        }

        Result run() throws IOException {
            BodyFraming framing = r.previous() == null && r.head() != null ? r.head().framing() : BodyFraming.NONE;
            boolean reuse = !worker.params().disableReuse();
            byte[] head = ForwardedRequest.head(r, url, dir, server, framing, !reuse);
            boolean bodyRead = false;
            BackendResponse response = null;
            try {
                for (int attempt = 0; response == null; attempt++) {
                    backend = worker.acquire(connectTimeout, r.virtualHost().server().hostResolver());
                    try {
                        backend.timeout(timeout);
                        backend.write(head);
                        if (framing.kind() != BodyFraming.Kind.NONE) {
                            bodyRead = true;
                            sendBody(framing.kind() == BodyFraming.Kind.CHUNKED);
                        }
                        response = BackendResponse.read(backend, r.headerOnly(), MAX_LINE, MAX_FIELDS);
                    } catch (BackendFailure e) {
                        backend.close();
                        if (attempt == 0 && backend.reused() && !bodyRead && e.status() != BackendFailure.TIMEOUT) {
                            // the backend closed the idle connection as it was taken: once more on a new one
                            LOG.debug("{}: reused connection to {} failed ({}); retrying on a new one", r,
                                    backend.address(), e.getMessage());
                            continue;
                        }
                        throw e;
                    }
                }
                respond(response);
                return Result.OK;
            } finally {
                if (backend != null) {
                    // closed unless respond() gave it back whole
                    backend.close();
                }
            }
        }

        /**
         * Streams the client's body to the backend as it is read (its framing kept: a length, or
         * chunks made anew), bounded by {@code LimitRequestBody}. Reading it sends the client
         * {@code 100 Continue} when it asked for it, now that the backend is connected.
         */
        private void sendBody(boolean chunked) throws IOException {
            try (Brigade body = new Brigade()) {
                while (true) {
                    ReadStatus status = r.readBody(body, BackendBody.PIECE);
                    for (Bucket b : body) {
                        if (b instanceof DataBucket data && data.length() > 0) {
                            if (chunked) {
                                backend.write(Long.toHexString(data.length()) + "\r\n");
                            }
                            backend.write(data.content());
                            if (chunked) {
                                backend.write("\r\n");
                            }
                        }
                    }
                    body.cleanup();
                    if (status != ReadStatus.OK) {
                        break;
                    }
                }
            }
            if (chunked) {
                backend.write("0\r\n\r\n");
            }
        }

        /** The backend's status and fields to the client, then its body, piece by piece. */
        private void respond(BackendResponse response) throws IOException {
            r.status(response.status());
            HttpHeaders headers = response.headers();
            Set<String> connectionTokens = new java.util.HashSet<>();
            for (String value : headers.all("Connection")) {
                for (String token : value.split(",")) {
                    connectionTokens.add(token.strip().toLowerCase(Locale.ROOT));
                }
            }
            HttpHeaders.Builder out = r.headersOut();
            for (HttpHeaders.Field field : headers) {
                String lower = field.name().toLowerCase(Locale.ROOT);
                if (HOP_BY_HOP.contains(lower) || connectionTokens.contains(lower)) {
                    continue;
                }
                String value = field.value();
                if (lower.equals("location") || lower.equals("content-location") || lower.equals("uri")) {
                    value = reverse(value);
                }
                out.add(field.name(), value);
            }
            String type = headers.get("Content-Type");
            if (type != null) {
                r.contentType(type);
            }
            String length = headers.get("Content-Length");
            if (length != null && response.framing() != BackendResponse.Framing.CHUNKED) {
                // one value (the parser made sure they agree), for HEAD and 304 too
                out.set("Content-Length", length.split(",")[0].strip());
            }
            if (server.via() == ProxyServerConfig.Via.ON || server.via() == ProxyServerConfig.Via.FULL) {
                String via = ForwardedRequest.via(r, server.via());
                String existing = out.get("Via");
                out.set("Via", existing == null ? via : existing + ", " + via);
            }
            BackendBody body = new BackendBody(backend, response, MAX_LINE, MAX_FIELDS);
            while (!body.done()) {
                ByteBuf piece = ByteBufAllocator.DEFAULT.buffer(BackendBody.PIECE);
                int n;
                try {
                    n = body.read(piece);
                } catch (BackendFailure e) {
                    piece.release();
                    throw e;
                }
                if (n <= 0) {
                    piece.release();
                    continue;
                }
                Brigade brigade = new Brigade();
                brigade.addLast(DataBucket.of(piece));
                if (backend.available() == 0) {
                    // the backend has nothing more just now: what there is goes to the client
                    brigade.addFlush();
                }
                r.pass(brigade);
            }
            if (response.keepAlive()) {
                worker.release(backend);
                backend = null;
            }
        }

        /** httpd's ProxyPassReverse: the first mapping whose URL the value starts with. */
        private String reverse(String value) {
            for (ReverseMapping mapping : dir.reverse) {
                String mapped = mapping.map(value, path -> r.absoluteUrl(path));
                if (mapped != null) {
                    return mapped;
                }
            }
            return value;
        }
    }
}
