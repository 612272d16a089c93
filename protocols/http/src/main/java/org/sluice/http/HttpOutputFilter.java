package org.sluice.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.sluice.brigade.Brigade;
import org.sluice.brigade.Bucket;
import org.sluice.brigade.DataBucket;
import org.sluice.filter.OutputFilter;

/**
 * The HTTP/1.x output filter ({@code HTTP_OUT}, PROTOCOL): turns a {@link ResponseStart} into
 * the status line and header fields and frames the body that follows it, up to EOS.
 *
 * <p>The framing: the handler's {@code Content-Length} if it set one; else, when the body's end
 * is in the same brigade as its start, the measured length; else chunked for an HTTP/1.1
 * client, or the end of the connection for an HTTP/1.0 one. HEAD, 204 and 304 responses lose
 * their body here, whatever the handler passed.
 */
final class HttpOutputFilter implements OutputFilter {

    private static final byte[] CONTINUE = "HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    private final ResponseHeadWriter headWriter = new ResponseHeadWriter(HttpDate.system());
    private final ByteBufAllocator allocator = ByteBufAllocator.DEFAULT;
    private final HttpServerConfig config;
    private Request current;
    private boolean bodyAllowed;
    private ChunkedEncoder chunked;

    HttpOutputFilter(HttpServerConfig config) {
        this.config = config;
    }

    @Override
    public void pass(Context ctx, Brigade brigade) throws IOException {
        Brigade out = new Brigade();
        Brigade chunk = new Brigade();
        try {
            Bucket b;
            while ((b = brigade.removeFirst()) != null) {
                if (b instanceof ResponseStart start) {
                    begin(start.request(), brigade, out);
                } else if (b instanceof HttpInputFilter.ContinueBucket) {
                    out.addLast(DataBucket.copyOf(CONTINUE));
                } else if (current == null) {
                    out.addLast(b);
                } else if (!b.isMetadata()) {
                    if (!bodyAllowed) {
                        b.release();
                    } else {
                        current.countSent(b.length(), b.length());
                        (chunked != null ? chunk : out).addLast(b);
                    }
                } else if (chunked != null) {
                    chunk.addLast(b);
                    long before = chunk.length();
                    chunked.encode(chunk);
                    current.countSent(0, chunk.length() - before);
                    chunk.moveTo(out);
                    if (b.isEos()) {
                        end();
                    }
                } else {
                    out.addLast(b);
                    if (b.isEos()) {
                        end();
                    }
                }
            }
            if (!chunk.isEmpty()) {
                long before = chunk.length();
                chunked.encode(chunk);
                current.countSent(0, chunk.length() - before);
                chunk.moveTo(out);
            }
        } catch (RuntimeException e) {
            out.cleanup();
            chunk.cleanup();
            brigade.cleanup();
            throw e;
        }
        ctx.passNext(out);
    }

    private void end() {
        current = null;
        chunked = null;
    }

    private void begin(Request request, Brigade following, Brigade out) {
        current = request;
        int status = request.status();
        HttpHeaders.Builder headers = HttpHeaders.builder();
        for (HttpHeaders.Field field : request.headersOut().fields()) {
            headers.add(field.name(), field.value());
        }
        for (HttpHeaders.Field field : request.errorHeadersOut().fields()) {
            headers.add(field.name(), field.value());
        }
        applyHeaderDirectives(request, status, headers);
        if (request.contentType() != null && !headers.contains("Content-Type")
                && status != HttpStatus.NO_CONTENT && status != HttpStatus.NOT_MODIFIED) {
            headers.set("Content-Type", request.contentType());
        }
        boolean noBodyStatus = status == HttpStatus.NO_CONTENT || status == HttpStatus.NOT_MODIFIED || status < 200;
        bodyAllowed = !request.headerOnly() && !noBodyStatus;
        headers.remove("Transfer-Encoding");
        if (noBodyStatus) {
            headers.remove("Content-Length");
        } else if (!headers.contains("Content-Length") && !request.headerOnly()) {
            long length = lengthBeforeEos(following);
            if (length >= 0) {
                headers.set("Content-Length", Long.toString(length));
            } else if (request.version() == HttpVersion.HTTP_1_1) {
                headers.set("Transfer-Encoding", "chunked");
                chunked = new ChunkedEncoder(allocator);
            } else {
                request.connection().keepAlive(false);
            }
        }
        headers.remove("Connection");
        headers.remove("Keep-Alive");
        if (!request.connection().keepAlive()) {
            headers.add("Connection", "close");
        } else {
            headers.add("Keep-Alive", "timeout=" + config.keepAliveTimeout().toSeconds()
                    + (config.maxKeepAliveRequests() > 0 ? ", max=" + config.maxKeepAliveRequests() : ""));
            if (request.version() == HttpVersion.HTTP_1_0) {
                headers.add("Connection", "Keep-Alive");
            }
        }
        ByteBuf head = headWriter.write(new ResponseHead(HttpVersion.HTTP_1_1, status,
                HttpStatus.reasonPhrase(status), headers.build()), allocator);
        request.countSent(0, head.readableBytes());
        out.addLast(DataBucket.of(head));
    }

    /** {@code Header} directives: all of them on success, only {@code always} ones on errors. */
    private static void applyHeaderDirectives(Request request, int status, HttpHeaders.Builder headers) {
        for (HttpDirConfig.HeaderAction action : request.config(HttpDirConfig.KEY).headers) {
            if (!action.always() && status >= 400) {
                continue;
            }
            String name = action.name();
            switch (action.action()) {
                case "set" -> headers.set(name, action.value());
                case "add" -> headers.add(name, action.value());
                case "setifempty" -> {
                    if (!headers.contains(name)) {
                        headers.set(name, action.value());
                    }
                }
                case "append", "merge" -> {
                    String old = headers.get(name);
                    if (old == null) {
                        headers.set(name, action.value());
                    } else if (action.action().equals("append") || !java.util.Arrays.stream(old.split(","))
                            .map(String::strip).toList().contains(action.value())) {
                        headers.set(name, old + ", " + action.value());
                    }
                }
                case "unset" -> headers.remove(name);
                default -> { }
            }
        }
    }

    /** The data bytes up to an EOS in {@code brigade}, or -1 when a FLUSH or the brigade's end comes first. */
    private static long lengthBeforeEos(Brigade brigade) {
        long length = 0;
        for (Bucket b : brigade) {
            if (b.isEos()) {
                return length;
            }
            if (b.isFlush() || b instanceof ResponseStart) {
                return -1;
            }
            length += b.length();
        }
        return -1;
    }
}
