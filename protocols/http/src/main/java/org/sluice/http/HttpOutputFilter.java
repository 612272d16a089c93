package org.sluice.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
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
 *
 * <p>A response that starts while the request body is not all read (the handler neither read
 * it nor {@linkplain Request#discardBody() discarded} it) says {@code Connection: close}, and the
 * connection closes after it: it never promises keep-alive it cannot keep.
 */
final class HttpOutputFilter implements OutputFilter {

    private static final byte[] CONTINUE = "HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    private final ResponseHeadWriter headWriter = new ResponseHeadWriter(HttpDate.system());
    private final ResponseHeadWriter.Sink head = new ResponseHeadWriter.Sink();
    private final ByteBufAllocator allocator = ByteBufAllocator.DEFAULT;
    private Request current;
    private boolean bodyAllowed;
    private ChunkedEncoder chunked;

    /** {@code Keep-Alive}'s value: {@code timeout=N}, and {@code , max=} when requests are limited. */
    private final String keepAliveValue;
    private final int maxKeepAliveRequests;
    /** The {@code Server} field line of {@code ServerTokens}, made once for the configuration. */
    private final byte[] serverField;

    HttpOutputFilter(HttpServerConfig config) {
        this.serverField = config.serverTokens().serverField();
        this.keepAliveValue = "timeout=" + config.keepAliveTimeout().toSeconds();
        this.maxKeepAliveRequests = config.maxKeepAliveRequests();
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
        if (request.bodyPending()) {
            // what is left of the body is not read before the next request: a handler that
            // neither read nor discarded it gets a response that closes the connection
            request.connection().keepAlive(false);
        }
        if (request.env("nokeepalive") != null) {
            // httpd's variable for clients that mishandle persistent connections (BrowserMatch)
            request.connection().keepAlive(false);
        }
        request.responseStarted();
        int status = request.status();
        List<HttpHeaders.Field> fields = request.headersOut().fieldsInPlace();
        List<HttpHeaders.Field> errorFields = request.errorHeadersOut().fieldsInPlace();
        HttpDirConfig dir = request.config(HttpDirConfig.KEY);
        boolean ruleFree = request.ruleFree();
        if (dir.expires.applies() && !ruleFree) {
            // before Header's rules, as httpd's expires filter comes before its headers filter
            dir.expires.apply(request);
        }
        List<HeaderRule> actions = ruleFree ? List.of() : dir.headers;
        boolean noBodyStatus = status == HttpStatus.NO_CONTENT || status == HttpStatus.NOT_MODIFIED || status < 200;
        // 204 and 304 describe no content: no type, coding or language (as httpd)
        boolean noContentFields = status == HttpStatus.NO_CONTENT || status == HttpStatus.NOT_MODIFIED;
        String contentType = noContentFields ? null : request.contentType();
        String defaultCharset = dir.defaultCharset();
        if (defaultCharset != null && contentType != null) {
            contentType = MimeMappings.withDefaultCharset(contentType, defaultCharset);
        }
        if (!actions.isEmpty()) {
            // httpd's two tables: Header rules change the success fields, "always" ones the
            // error fields, each their own (an "always unset" leaves a success field alone)
            HttpHeaders.Builder headers = HttpHeaders.builder();
            for (HttpHeaders.Field field : fields) {
                headers.add(field.name(), field.value());
            }
            if (contentType != null && !headers.contains("Content-Type") && !contains(errorFields, "Content-Type")) {
                // among the fields, so that Header may change or unset it
                headers.add("Content-Type", contentType);
            }
            contentType = null;
            HttpHeaders.Builder errorHeaders = HttpHeaders.builder();
            for (HttpHeaders.Field field : errorFields) {
                errorHeaders.add(field.name(), field.value());
            }
            // the framing is this filter's: Header never changes a Content-Length
            String length = headers.get("Content-Length");
            String errorLength = errorHeaders.get("Content-Length");
            applyHeaderDirectives(request, actions, headers, errorHeaders);
            headers.remove("Content-Length");
            errorHeaders.remove("Content-Length");
            if (length != null) {
                headers.set("Content-Length", length);
            }
            if (errorLength != null) {
                errorHeaders.set("Content-Length", errorLength);
            }
            fields = headers.fields();
            errorFields = errorHeaders.fields();
        }
        String contentEncoding = noContentFields ? null : request.contentEncoding();
        String contentLanguage = noContentFields || request.contentLanguages() == null ? null
                : contentLanguage(request.contentLanguages(), fields);
        bodyAllowed = !request.headerOnly() && !noBodyStatus;
        int present = present(fields) | present(errorFields);
        long length = -1;
        if (!noBodyStatus && (present & CONTENT_LENGTH) == 0 && !request.headerOnly()) {
            length = lengthBeforeEos(following);
            if (length < 0) {
                if (request.version() == HttpVersion.HTTP_1_1) {
                    chunked = new ChunkedEncoder(allocator);
                } else {
                    request.connection().keepAlive(false);
                }
            }
        }
        head.statusLine(HttpVersion.HTTP_1_1, status, HttpStatus.reasonPhrase(status));
        if ((present & DATE) == 0) {
            // the moment the request began, as Apache dates its responses (r->request_time)
            head.field("Date", headWriter.date(request.startMillis()));
        }
        if ((present & SERVER) == 0) {
            head.line(serverField);
        }
        writeFields(fields, noBodyStatus, contentEncoding != null, contentLanguage != null);
        writeFields(errorFields, noBodyStatus, contentEncoding != null, contentLanguage != null);
        if (contentType != null && (present & CONTENT_TYPE) == 0) {
            head.field("Content-Type", contentType);
        }
        if (contentEncoding != null) {
            head.field("Content-Encoding", contentEncoding);
        }
        if (contentLanguage != null) {
            head.field("Content-Language", contentLanguage);
        }
        if (length >= 0) {
            head.field("Content-Length", length);
        } else if (chunked != null) {
            head.field("Transfer-Encoding", "chunked");
        }
        if (!request.connection().keepAlive()) {
            head.field("Connection", "close");
        } else if (request.version() == HttpVersion.HTTP_1_0 || request.headersIn().containsToken("Connection",
                "keep-alive")) {
            // as httpd, only for a client that asked with Connection: keep-alive (HTTP/1.1 keeps
            // connections without saying so); max= counts down the requests left after this one
            head.field("Keep-Alive", maxKeepAliveRequests == 0 ? keepAliveValue
                    : keepAliveValue + ", max=" + (maxKeepAliveRequests - request.keepAlives() - 1));
            head.field("Connection", "Keep-Alive");
        }
        head.endOfHead();
        request.countSent(0, head.length());
        if (bodyAllowed && chunked == null && smallBodyBeforeEos(following)) {
            // one buffer, one write for the whole response
            Bucket b;
            while (!(b = following.first()).isEos()) {
                DataBucket data = (DataBucket) b;
                head.append(data.content());
                request.countSent(data.length(), data.length());
                b.delete();
            }
        }
        out.addLast(DataBucket.of(head.toBuffer(allocator)));
    }

    /** Body bytes at most this many are sent in the same buffer as the head. */
    private static final int SMALL_BODY = 1024;

    /** True when {@code brigade} holds only data buckets, {@link #SMALL_BODY} bytes at most, then EOS. */
    private static boolean smallBodyBeforeEos(Brigade brigade) {
        long length = 0;
        for (Bucket b : brigade) {
            if (b.isEos()) {
                return true;
            }
            if (!(b instanceof DataBucket) || (length += b.length()) > SMALL_BODY) {
                return false;
            }
        }
        return false;
    }

    private static final int CONTENT_LENGTH = 1;
    private static final int CONTENT_TYPE = 2;
    private static final int DATE = 4;
    private static final int SERVER = 8;

    /** Which of the fields this filter adds when missing are among {@code fields}. */
    private static int present(List<HttpHeaders.Field> fields) {
        int present = 0;
        // indexed: the lists come in several classes, and their iterators would make every
        // hasNext and next a call the compiler cannot inline
        for (int i = 0, n = fields.size(); i < n; i++) {
            String name = fields.get(i).name();
            switch (name.length()) {
                case 14 -> present |= name.equalsIgnoreCase("Content-Length") ? CONTENT_LENGTH : 0;
                case 12 -> present |= name.equalsIgnoreCase("Content-Type") ? CONTENT_TYPE : 0;
                case 4 -> present |= name.equalsIgnoreCase("Date") ? DATE : 0;
                case 6 -> present |= name.equalsIgnoreCase("Server") ? SERVER : 0;
                default -> { }
            }
        }
        return present;
    }

    /**
     * The request's languages, then those of the {@code Content-Language} fields among
     * {@code fields} not already there, joined as httpd joins them (with commas alone).
     */
    private static String contentLanguage(List<String> languages, List<HttpHeaders.Field> fields) {
        List<String> all = null;
        for (HttpHeaders.Field field : fields) {
            if (field.name().equalsIgnoreCase("Content-Language")) {
                for (String token : field.value().split(",")) {
                    String language = token.strip();
                    List<String> known = all == null ? languages : all;
                    if (!language.isEmpty() && known.stream().noneMatch(language::equalsIgnoreCase)) {
                        all = all == null ? new ArrayList<>(languages) : all;
                        all.add(language);
                    }
                }
            }
        }
        return String.join(",", all == null ? languages : all);
    }

    /**
     * The handler's fields, but for those this filter decides: the framing and the
     * connection's fate ({@code Transfer-Encoding}, {@code Connection}, {@code Keep-Alive}),
     * {@code Content-Length} on a response that has no body, and {@code Content-Encoding} and
     * {@code Content-Language} when the request's own take their place.
     */
    private void writeFields(List<HttpHeaders.Field> fields, boolean noBodyStatus, boolean ownEncoding,
            boolean ownLanguage) {
        for (int i = 0, n = fields.size(); i < n; i++) {
            HttpHeaders.Field field = fields.get(i);
            String name = field.name();
            boolean drop = switch (name.length()) {
                case 17 -> name.equalsIgnoreCase("Transfer-Encoding");
                case 10 -> name.equalsIgnoreCase("Connection") || name.equalsIgnoreCase("Keep-Alive");
                case 14 -> noBodyStatus && name.equalsIgnoreCase("Content-Length");
                case 16 -> ownEncoding && name.equalsIgnoreCase("Content-Encoding")
                        || ownLanguage && name.equalsIgnoreCase("Content-Language");
                default -> false;
            };
            if (!drop) {
                head.field(name, field.value());
            }
        }
    }

    /**
     * {@code Header} directives, but the early ones (they ran before): the {@code always} ones on
     * the error fields; the others on the success fields, unless the server made this response
     * for an error or a redirect of its own ({@link Request#errorResponse()}), which in httpd no
     * longer passes mod_headers' filter.
     */
    private static void applyHeaderDirectives(Request request, List<HeaderRule> rules, HttpHeaders.Builder headers,
            HttpHeaders.Builder errorHeaders) {
        boolean errorResponse = request.errorResponse();
        for (HeaderRule rule : rules) {
            if (!rule.early() && (rule.always() || !errorResponse) && rule.holds(request, headers)) {
                rule.apply(request, rule.always() ? errorHeaders : headers);
            }
        }
    }

    private static boolean contains(List<HttpHeaders.Field> fields, String name) {
        for (HttpHeaders.Field field : fields) {
            if (field.name().equalsIgnoreCase(name)) {
                return true;
            }
        }
        return false;
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
